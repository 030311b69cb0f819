/**
 * Golden traces: the whole JSON of the networking spec's §8 traces (a) to (i) on the
 * fixture, through kube-proxy, kept in `traces/<name>.json`, so that any change to a hop, a header, an entry or a
 * sentence shows up in review. What each hop must carry is asserted against the spec beside the
 * trace code (src/engine/network/trace/trace*.test.ts); these files pin the rest.
 *
 * GOLDEN_UPDATE=1 npx vitest run src/engine/golden/traces rewrites the files from the engine; review
 * every changed line (git diff) against the spec before keeping it.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { FlannelBackend } from '../model/network/facts'
import { setFlannelBackend } from '../network/flannel'
import { advance, buildCore, run } from '../network/testClusters'
import { trace } from '../network/trace/trace'
import type { TraceRequest } from '../network/trace/trace'
import type { Trace } from '../network/trace/types'

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'traces')
const UPDATE = process.env.GOLDEN_UPDATE === '1'

interface Golden {
  name: string
  backend: FlannelBackend
  /** Commands run on the fixture first (then a second of sim time, for the watchers). */
  setup?: string[]
  req: TraceRequest
}

const LOCAL = `kubectl patch svc web -p '{"spec":{"externalTrafficPolicy":"Local"}}'`

const GOLDENS: readonly Golden[] = [
  { name: 'a-pod-to-pod-same-node', backend: 'vxlan', req: { from: 'client', to: 'cache' } },
  { name: 'b-pod-to-pod-vxlan', backend: 'vxlan', req: { from: 'client', to: 'web-1' } },
  { name: 'c-pod-to-pod-host-gw', backend: 'host-gw', req: { from: 'client', to: 'web-1' } },
  { name: 'd-pod-to-service-by-name', backend: 'vxlan', req: { from: 'client', to: 'web' } },
  { name: 'e-node-to-pod-vxlan', backend: 'vxlan', req: { from: 'node1', to: 'web-1' } },
  { name: 'e-node-to-pod-host-gw', backend: 'host-gw', req: { from: 'node1', to: 'web-1' } },
  {
    name: 'e-node-to-cluster-ip',
    backend: 'vxlan',
    req: { from: 'node1', to: '10.104.62.15', port: 80 },
  },
  {
    name: 'f1-nodeport-cluster-policy',
    backend: 'vxlan',
    req: { from: 'ext-client', to: '192.168.1.11', port: 30080 },
  },
  {
    name: 'f2-nodeport-local-policy-with-endpoint',
    backend: 'vxlan',
    setup: [LOCAL],
    req: { from: 'ext-client', to: '192.168.1.12', port: 30080 },
  },
  {
    name: 'f2-nodeport-local-policy-no-endpoint',
    backend: 'vxlan',
    setup: [LOCAL],
    req: { from: 'ext-client', to: '192.168.1.11', port: 30080 },
  },
  { name: 'g-hairpin', backend: 'vxlan', req: { from: 'web-1', to: 'web' } },
  {
    name: 'h-service-without-endpoints',
    backend: 'vxlan',
    setup: ['kubectl create service clusterip empty --tcp=80:8080'],
    req: { from: 'client', to: 'empty' },
  },
  {
    name: 'i-pod-to-outside',
    backend: 'vxlan',
    req: {
      from: 'coredns-a',
      fromNamespace: 'kube-system',
      to: '192.168.1.1',
      port: 53,
      protocol: 'udp',
    },
  },
]

/** The trace as the app shows it, with kube-proxy, every random draw taking the first choice. */
function traceFor(g: Golden): Trace {
  const core = buildCore('fixture')
  for (const line of g.setup ?? []) run(core, line)
  if (g.setup) advance(core, 1000)
  setFlannelBackend(core.api, core.store, core.network, g.backend)
  return trace(core.network, core.store, g.req, {
    proxy: core.proxy,
    draw: () => 0,
    detail: true,
  })
}

describe('golden traces (§8 on the fixture)', () => {
  for (const g of GOLDENS)
    it(g.name, () => {
      const actual = traceFor(g)
      const file = join(DIR, `${g.name}.json`)
      if (UPDATE) writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`)
      expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')))
    })
})
