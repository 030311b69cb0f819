/**
 * A command run in a pod's container (`kubectl exec`): BusyBox's `ip`, `ping` and `nslookup`, over
 * the pod's network namespace, or over the node's when the pod uses the host network; `cat` of
 * the files the kubelet writes into every container (/etc/resolv.conf, /etc/hosts, /etc/hostname);
 * and the HTTP clients `curl` and BusyBox `wget`, whose requests cross the simulated network.
 */
import type { ObjectStore } from '../../api/ObjectStore'
import type { Pod } from '../../model/pod'
import type { NetworkIndex } from '../NetworkIndex'
import { dnsTransport } from '../dns/dnsServers'
import { podEtcHosts, podHostname } from '../dns/etcHosts'
import { nslookup } from '../dns/nslookup'
import { formatResolvConf } from '../dns/resolvConf'
import { resolvConfOf } from '../dns/resolve'
import type { NetnsView } from './ipCommand'
import { ipCommand } from './ipCommand'
import { hostLinks, podLinks } from './links'
import type { ToolResult } from './output'
import { stderr } from './output'
import { ping } from './ping'
import { curl } from './curl'
import type { ExecEnv } from './podSockets'
import { wget } from './wget'

export type { ExecEnv } from './podSockets'

/** The programs the simulator can run inside a container (when the image has them). */
export const POD_PROGRAMS: readonly string[] = ['cat', 'curl', 'ip', 'nslookup', 'ping', 'wget']

/** The files the kubelet mounts into a container; a host-network pod has the node's /etc/hosts. */
function podFiles(net: NetworkIndex, pod: Pod): Map<string, string> {
  const files = new Map<string, string>()
  files.set('/etc/resolv.conf', formatResolvConf(resolvConfOf(net, { kind: 'pod', pod })))
  if (pod.spec.hostNetwork) files.set('/etc/hostname', pod.spec.nodeName ?? '')
  else {
    files.set('/etc/hosts', podEtcHosts(pod))
    files.set('/etc/hostname', podHostname(pod))
  }
  return files
}

/** BusyBox cat: each file in turn; a missing one is reported and makes the exit code 1. */
function cat(files: Map<string, string>, paths: readonly string[]): ToolResult {
  const found = paths.flatMap((p) => files.get(p) ?? [])
  const missing = paths.filter((p) => !files.has(p))
  return {
    stdout: found.join('\n'),
    stderr: missing.map((p) => `cat: can't open '${p}': No such file or directory`).join('\n'),
    code: missing.length > 0 ? 1 : 0,
  }
}

function podView(net: NetworkIndex, pod: Pod): NetnsView | undefined {
  const node = pod.spec.nodeName
  if (pod.spec.hostNetwork && node) {
    const nodeNet = net.node(node)
    if (!nodeNet) return undefined
    return {
      flavor: 'busybox',
      links: hostLinks(nodeNet, net.podsOn(node)),
      routes: net.routes(node),
      neighbours: net.neighbours(node),
    }
  }
  const podNet = net.pod(`${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`)
  const podCIDR = node ? net.node(node)?.podCIDR : undefined
  if (!podNet || !podCIDR) return undefined
  return { flavor: 'busybox', links: podLinks(podNet, podCIDR), routes: net.podRoutes(podNet) }
}

/**
 * Runs a command, given as words, in a pod whose container is running; undefined when the program
 * is not one of POD_PROGRAMS. `env` carries what the HTTP clients need from the simulation.
 */
export function runInPod(
  net: NetworkIndex,
  store: ObjectStore,
  pod: Pod,
  argv: readonly string[],
  env: ExecEnv = {},
): ToolResult | undefined {
  const [program = '', ...args] = argv
  if (!POD_PROGRAMS.includes(program)) return undefined
  if (program === 'cat') return cat(podFiles(net, pod), args)
  if (program === 'curl' || program === 'wget') {
    if (!podView(net, pod)) return stderr(`${program}: the pod has no network namespace`)
    const client = { net, store, pod, env }
    return program === 'curl' ? curl(client, args) : wget(client, args)
  }
  const view = podView(net, pod)
  if (!view) return stderr(`${program}: the pod has no network namespace`)
  if (program === 'ip') return ipCommand(args, view)
  if (program === 'nslookup')
    return nslookup(args, resolvConfOf(net, { kind: 'pod', pod }), dnsTransport(net, store))
  const namespace = pod.metadata.namespace ?? 'default'
  return ping(
    net,
    store,
    { from: `pod/${pod.metadata.name}`, namespace, links: view.links },
    args,
    'busybox',
  )
}
