/**
 * A command run on a node over ssh: `ip`, `bridge`, `ping` (iputils), kube-proxy's `iptables`,
 * `iptables-save` and `ipvsadm` (listing only), `cat` of the files the
 * simulation knows (/run/flannel/subnet.env, /etc/resolv.conf) and `hostname`; anything else is
 * not on the machine, and bash says so.
 */
import type { ObjectStore } from '../../api/ObjectStore'
import type { NetworkIndex } from '../NetworkIndex'
import { subnetEnv } from '../flannel'
import { formatResolvConf, nodeResolvConf } from '../dns/resolvConf'
import { bridgeCommand } from './bridgeCommand'
import { ipCommand } from './ipCommand'
import { hostLinks } from './links'
import type { ToolResult } from './output'
import { stdout } from './output'
import { ping } from './ping'
import type { ProxyIndex } from '../proxy/ProxyIndex'
import { PROXY_PROGRAMS, proxyLinks, runProxyTool } from '../proxy/proxyTools'

/** The programs `ssh NODE …` can run. */
export const NODE_PROGRAMS = [
  'bridge',
  'cat',
  'hostname',
  'ip',
  'iptables',
  'iptables-save',
  'ipvsadm',
  'ping',
] as const

/** The files a node has that the simulation can show, by path. */
function nodeFiles(net: NetworkIndex, node: string): Map<string, string> {
  const files = new Map<string, string>()
  const nodeNet = net.node(node)
  // flanneld writes subnet.env once it has the node's lease (pkg/subnet WriteSubnetFile).
  const env = nodeNet && subnetEnv(nodeNet)
  if (env !== undefined) files.set('/run/flannel/subnet.env', env)
  files.set('/etc/resolv.conf', formatResolvConf(nodeResolvConf(net.facts.lan.router.ip)))
  return files
}

/** coreutils cat: each file in turn, a message for each one missing, exit 1 if any was. */
function cat(files: Map<string, string>, paths: readonly string[]): ToolResult {
  const out: string[] = []
  const errors: string[] = []
  for (const path of paths) {
    const text = files.get(path)
    if (text === undefined) errors.push(`cat: ${path}: No such file or directory`)
    else out.push(text)
  }
  return { stdout: out.join('\n'), stderr: errors.join('\n'), code: errors.length > 0 ? 1 : 0 }
}

/** Runs one command line, already split into words, on a node. */
export function runOnNode(
  net: NetworkIndex,
  store: ObjectStore,
  node: string,
  argv: readonly string[],
  proxy: ProxyIndex,
): ToolResult {
  const [program = '', ...args] = argv
  const nodeNet = net.node(node)
  const links = nodeNet
    ? [...hostLinks(nodeNet, net.podsOn(node)), ...proxyLinks(proxy, nodeNet)]
    : []
  const proxyProgram = PROXY_PROGRAMS.find((p) => p === program)
  if (nodeNet && proxyProgram) return runProxyTool(proxyProgram, args, proxy, nodeNet)
  switch (program) {
    case 'ip':
      return ipCommand(args, {
        flavor: 'iproute2',
        links,
        routes: net.routes(node),
        neighbours: net.neighbours(node),
      })
    case 'bridge':
      return bridgeCommand(args, net.fdb(node), links)
    case 'ping':
      return ping(net, store, { from: `node/${node}`, links }, args, 'iputils')
    case 'cat':
      return cat(nodeFiles(net, node), args)
    case 'hostname':
      return stdout(node)
    default:
      return { stdout: '', stderr: `bash: ${program}: command not found`, code: 127 }
  }
}
