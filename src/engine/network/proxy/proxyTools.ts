/**
 * The programs on a node that show kube-proxy's work: `iptables-save [-t TABLE]`,
 * `iptables [-t TABLE] -L|-S [CHAIN] [-n]` and `ipvsadm -Ln`, with their own messages; and
 * kube-ipvs0 for `ip addr` in IPVS mode. Changing rules is not simulated: kube-proxy derives them.
 */
import type { NodeNet } from '../../model/network/interfaces'
import type { Link } from '../shell/links'
import type { ToolResult } from '../shell/output'
import { lines, stderr, stdout } from '../shell/output'
import { iptablesTables } from './iptablesTables'
import { listRule } from './iptablesList'
import { ipvsadmList, kubeIpvs0, virtualServers } from './ipvs'
import { ipvsTables } from './ipvsTables'
import type { ProxyIndex } from './ProxyIndex'
import type { Table, TableName } from './tables'

/** The programs this module runs. */
export const PROXY_PROGRAMS = ['iptables', 'iptables-save', 'ipvsadm'] as const

/** A node's nat and filter tables in the cluster's proxy mode. */
export function nodeTables(index: ProxyIndex, node: NodeNet): Record<TableName, Table> {
  return index.mode === 'ipvs' ? ipvsTables(index, node) : iptablesTables(index, node)
}

/** The devices kube-proxy adds to a node: kube-ipvs0 in IPVS mode. */
export function proxyLinks(index: ProxyIndex, node: NodeNet): Link[] {
  return index.mode === 'ipvs' ? [kubeIpvs0(index, node)] : []
}

const TABLES: readonly string[] = ['nat', 'filter']

function tableError(program: string, table: string): ToolResult {
  return stderr(`${program}: table "${table}" is not simulated here; try -t nat or -t filter`, 3)
}

/** `-t X`, `--table X` or `--table=X`: takes it out of args. */
function takeTable(args: string[]): string | undefined {
  const i = args.findIndex((a) => a === '-t' || a === '--table' || a.startsWith('--table='))
  if (i < 0) return undefined
  const word = args[i] as string
  const [table] = word.includes('=') ? [word.split('=')[1]] : args.splice(i + 1, 1)
  args.splice(i, 1)
  return table ?? ''
}

function iptablesSave(args: string[], tables: () => Record<TableName, Table>): ToolResult {
  const table = takeTable(args)
  const extra = args[0]
  if (extra !== undefined) return stderr(`iptables-save: unrecognized option '${extra}'`, 1)
  if (table !== undefined && !TABLES.includes(table)) return tableError('iptables-save', table)
  const all = tables()
  const names = table === undefined ? (['nat', 'filter'] as const) : [table as TableName]
  return stdout(names.map((n) => all[n].save()).join('\n'))
}

function listChain(table: Table, chain: string, numeric: boolean, refs: number): string[] {
  const out = [
    table.isBuiltin(chain)
      ? `Chain ${chain} (policy ACCEPT)`
      : `Chain ${chain} (${refs} references)`,
    'target     prot opt source               destination         ',
  ]
  for (const l of table.rules(chain) ?? []) out.push(listRule(l.line, numeric))
  return out
}

/** `iptables [-t TABLE] -L [CHAIN] [-n]` or `-S [CHAIN]`. */
function iptables(args: string[], tables: () => Record<TableName, Table>): ToolResult {
  const table = takeTable(args) ?? 'filter'
  const flags = args.filter((a) => a.startsWith('-'))
  const [chain, ...extra] = args.filter((a) => !a.startsWith('-'))
  const short = flags.flatMap((f) =>
    f.startsWith('--') ? [f] : [...f.slice(1)].map((c) => `-${c}`),
  )
  const list = short.includes('-L') || short.includes('--list')
  const rules = short.includes('-S') || short.includes('--list-rules')
  const numeric = short.includes('-n') || short.includes('--numeric')
  if (!list && !rules)
    return stderr(
      'iptables: only listing is simulated (-L, -S, -n, -t); kube-proxy and flanneld write the rules',
      2,
    )
  if (extra.length > 0) return stderr(`Bad argument \`${extra[0] ?? ''}'`, 2)
  if (!TABLES.includes(table)) return tableError('iptables', table)
  const t = tables()[table as TableName]
  if (chain !== undefined && !t.rules(chain))
    return stderr('iptables: No chain/target/match by that name.', 1)
  const chains = chain === undefined ? t.chainNames() : [chain]
  if (rules) {
    const out: string[] = []
    for (const c of chains) out.push(t.isBuiltin(c) ? `-P ${c} ACCEPT` : `-N ${c}`)
    for (const c of chains) for (const l of t.rules(c) ?? []) out.push(l.line)
    return stdout(out.join('\n'))
  }
  const refs = new Map<string, number>()
  for (const rs of t.chains.values())
    for (const l of rs) {
      const to = / -j (\S+)/.exec(l.line)?.[1]
      if (to) refs.set(to, (refs.get(to) ?? 0) + 1)
    }
  const blocks = chains.map((c) => listChain(t, c, numeric, refs.get(c) ?? 0).join('\n'))
  return stdout(lines(blocks.join('\n\n').split('\n')))
}

/** `ipvsadm -Ln` (names are not resolved either way: the simulator has no /etc/services). */
function ipvsadm(args: string[], index: ProxyIndex, node: NodeNet): ToolResult {
  const ok = args.every((a) => /^-[Lln]+$/.test(a) || a === '--list' || a === '--numeric')
  if (args.length > 0 && !ok)
    return stderr(
      'ipvsadm: only listing is simulated (ipvsadm -Ln); kube-proxy writes the services',
      2,
    )
  const servers = index.mode === 'ipvs' ? virtualServers(index, node) : []
  return stdout(lines(ipvsadmList(servers)))
}

/** Runs one of PROXY_PROGRAMS on a node. */
export function runProxyTool(
  program: (typeof PROXY_PROGRAMS)[number],
  args: readonly string[],
  index: ProxyIndex,
  node: NodeNet,
): ToolResult {
  const tables = () => nodeTables(index, node)
  if (program === 'ipvsadm') return ipvsadm([...args], index, node)
  if (program === 'iptables-save') return iptablesSave([...args], tables)
  return iptables([...args], tables)
}
