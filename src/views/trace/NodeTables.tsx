/**
 * The tables of the machine (or pod) where the current hop happens: routes, neighbours, the bridge
 * FDB, and kube-proxy's chains or IPVS virtual server (else flannel's nat rules), as `ip route`,
 * `ip neigh`, `bridge fdb`, `iptables -S` and `ipvsadm -Ln` print them; the lines that decided the
 * hop are highlighted.
 */
import { useMemo } from 'react'
import type { Hop, KubeObject, NetworkFacts } from '../../engine'
import type { Node } from '../../engine/model/node'
import type { Pod } from '../../engine/model/pod'
import { nodeNetOf, podNetOf } from '../../engine/model/network/interfaces'
import type { PodNet } from '../../engine/model/network/interfaces'
import {
  formatFdb,
  formatNeighbour,
  formatRoute,
  hostFdb,
  hostNeighbours,
  hostRoutes,
  podRoutes,
} from '../../engine/model/network/tables'
import { flannelMasqRules } from '../../engine/model/network/flannelMasq'
import { useAppStore, useT } from '../AppContext'
import { leasesOf } from '../network/netData'

/** `-A CHAIN …` → CHAIN. */
const chainOf = (line: string) => line.match(/^-A (\S+)/)?.[1] ?? ''

/**
 * The iptables rules this hop met outside the chains listed whole (PREROUTING, KUBE-SERVICES,
 * FLANNEL-POSTRTG, …), then kube-proxy's chains or IPVS virtual server in full, the line that
 * matched among those that did not; a hop kube-proxy had no part in shows flannel's nat rules.
 */
function ruleBoxes(hop: Hop, podCIDR: string | undefined): Table[] {
  const listed = new Set((hop.rules ?? []).map((r) => r.title))
  const met = hop.entries
    .filter((e) => e.table === 'iptables' || e.table === 'ipvs')
    .map((e) => e.entry)
    .filter((line) => !listed.has(chainOf(line)) && !listed.has(line))
  const boxes: Table[] = []
  if (met.length > 0)
    boxes.push({ title: 'iptables: the rules this hop met', kind: 'rules', lines: met })
  for (const r of hop.rules ?? []) {
    const [proto = '', vip = ''] = r.title.split(/\s+/)
    boxes.push(
      r.kind === 'ipvs'
        ? {
            title: `ipvsadm -Ln ${proto === 'UDP' ? '-u' : '-t'} ${vip}`,
            kind: 'rules',
            lines: r.lines,
          }
        : { title: `iptables -t nat -S ${r.title}`, kind: 'rules', lines: r.lines },
    )
  }
  if (boxes.length === 0 && podCIDR)
    boxes.push({
      title: 'iptables-save -t nat (flannel)',
      kind: 'rules',
      lines: flannelMasqRules(podCIDR),
    })
  return boxes
}

interface Table {
  title: string
  kind: string
  lines: string[]
}

/** Whether a line decided the hop: one of its entries, or the IPVS real server it went to. */
function decided(hop: Hop, used: ReadonlySet<string>, line: string): boolean {
  if (used.has(line)) return true
  const m = line.match(/^ {2}-> (\S+)/)
  return !!m && hop.entries.some((e) => e.table === 'ipvs') && m[1] === hopTarget(hop)
}

const hopTarget = (hop: Hop) => `${hop.headers.ip.dst}:${hop.headers.l4.dstPort ?? ''}`

function podsOn(
  objects: ReadonlyMap<string, KubeObject>,
  keys: readonly string[],
  facts: NetworkFacts,
): PodNet[] {
  return keys.map((k) => podNetOf(objects.get(k) as Pod, facts)).filter((p): p is PodNet => !!p)
}

function tablesFor(
  hop: Hop,
  objects: ReadonlyMap<string, KubeObject>,
  nodeNames: readonly string[],
  podKeysByNode: Readonly<Record<string, readonly string[]>>,
  facts: NetworkFacts,
): { owner: string; tables: Table[] } | undefined {
  const nodeName = hop.at.node
  if (!nodeName) return undefined
  const node = objects.get(`Node/${nodeName}`) as Node | undefined
  const net = node ? nodeNetOf(node, facts) : undefined
  if (!net) return undefined
  const podEntry = hop.entries.find((e) => e.pod)
  if (podEntry?.pod && (hop.kind === 'pod-egress' || hop.kind === 'pod-deliver')) {
    const pod = podNetOf(objects.get(`Pod/${podEntry.pod}`) as Pod, facts)
    if (pod && net.podCIDR)
      return {
        owner: `${pod.name} netns`,
        tables: [
          { title: 'ip route', kind: 'route', lines: podRoutes(pod, net.podCIDR).map(formatRoute) },
        ],
      }
  }
  const leases = leasesOf(objects, nodeNames)
  const lanPeers = [
    facts.lan.router,
    ...nodeNames
      .map((n) => objects.get(`Node/${n}`) as Node | undefined)
      .map((n) => (n ? nodeNetOf(n, facts) : undefined))
      .filter((n) => !!n)
      .map((n) => ({ ip: n.eth0.ip, mac: n.eth0.mac })),
  ]
  const local = podsOn(objects, podKeysByNode[nodeName] ?? [], facts)
  const routes = hostRoutes(net, leases, { cidr: facts.lan.cidr, router: facts.lan.router.ip })
  const rules = ruleBoxes(hop, net.podCIDR)
  // Where kube-proxy decided the hop, its rules come first; elsewhere flannel's come last.
  const kubeProxy = (hop.rules ?? []).length > 0
  return {
    owner: nodeName,
    tables: [
      ...(kubeProxy ? rules : []),
      { title: 'ip route', kind: 'route', lines: routes.map(formatRoute) },
      {
        title: 'ip neigh',
        kind: 'neigh',
        lines: hostNeighbours(net, leases, lanPeers, local).map((n) => formatNeighbour(n)),
      },
      {
        title: 'bridge fdb show',
        kind: 'fdb',
        lines: hostFdb(net, leases, local)
          .filter((e) => e.dev === 'cni0' || e.dev === 'flannel.1' || e.master === 'cni0')
          .filter((e) => !e.mac.startsWith('33:33') && !e.mac.startsWith('01:00'))
          .map((e) => formatFdb(e)),
      },
      ...(kubeProxy ? [] : rules),
    ],
  }
}

export function NodeTables({ hop }: { hop: Hop }) {
  const objects = useAppStore((s) => s.objects)
  const nodeNames = useAppStore((s) => s.nodeNames)
  const podKeysByNode = useAppStore((s) => s.podKeysByNode)
  const facts = useAppStore((s) => s.network)
  const t = useT()
  const data = useMemo(
    () => (facts ? tablesFor(hop, objects, nodeNames, podKeysByNode, facts) : undefined),
    [hop, objects, nodeNames, podKeysByNode, facts],
  )
  if (!data) return <p className="text-sm text-slate-500">{t('traceNoTables')}</p>
  // Neighbour entries name their device inside the hop ("… dev eth0 lladdr …"): match on the line.
  const used = new Set(
    hop.entries.filter((e) => !e.pod || data.owner.endsWith('netns')).map((e) => e.entry),
  )
  return (
    <div data-testid="node-tables" data-owner={data.owner} className="flex flex-col gap-2">
      <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
        {t('traceTablesOf', { owner: data.owner })}
      </h4>
      <div className="grid grid-cols-2 gap-2">
        {data.tables.map((table) => (
          <div
            key={table.title}
            data-table={table.kind}
            className={`min-w-0 rounded border border-slate-200 bg-white ${table.kind === 'rules' ? 'col-span-2' : ''}`}
          >
            <div className="border-b border-slate-200 px-2 py-0.5 font-mono text-[11px] text-slate-500">
              $ {table.title}
            </div>
            <ul className="max-h-40 overflow-auto px-2 py-1 font-mono text-[11px] leading-5">
              {table.lines.map((line) => {
                const hit = decided(hop, used, line)
                return (
                  <li
                    key={line}
                    data-used={hit}
                    className={`${table.kind === 'rules' ? 'whitespace-pre-wrap break-all pl-4 -indent-4' : 'whitespace-pre'} ${hit ? 'rounded bg-amber-200 font-semibold' : 'text-slate-700'}`}
                  >
                    {line}
                  </li>
                )
              })}
            </ul>
          </div>
        ))}
      </div>
    </div>
  )
}
