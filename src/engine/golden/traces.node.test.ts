/**
 * Golden traces: the whole JSON of the networking spec's §8 traces (a), (b), (c) and (e) on the
 * fixture, kept in `traces/<name>.json`, so that any change to a hop, a header, an entry or a
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
import { buildCore, traceOn } from '../network/testClusters'
import type { Trace } from '../network/trace/types'

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'traces')
const UPDATE = process.env.GOLDEN_UPDATE === '1'

const GOLDENS: readonly { name: string; backend: FlannelBackend; from: string; to: string }[] = [
  { name: 'a-pod-to-pod-same-node', backend: 'vxlan', from: 'client', to: 'cache' },
  { name: 'b-pod-to-pod-vxlan', backend: 'vxlan', from: 'client', to: 'web-1' },
  { name: 'c-pod-to-pod-host-gw', backend: 'host-gw', from: 'client', to: 'web-1' },
  { name: 'e-node-to-pod-vxlan', backend: 'vxlan', from: 'node1', to: 'web-1' },
  { name: 'e-node-to-pod-host-gw', backend: 'host-gw', from: 'node1', to: 'web-1' },
]

function traceFor(backend: FlannelBackend, from: string, to: string): Trace {
  const core = buildCore('fixture')
  setFlannelBackend(core.api, core.store, core.network, backend)
  return traceOn(core, { from, to })
}

describe('golden traces (§8 on the fixture)', () => {
  for (const g of GOLDENS)
    it(g.name, () => {
      const actual = traceFor(g.backend, g.from, g.to)
      const file = join(DIR, `${g.name}.json`)
      if (UPDATE) writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`)
      expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')))
    })
})
