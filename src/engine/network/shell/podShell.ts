/**
 * A command run in a pod's container (`kubectl exec`): BusyBox's `ip` and `ping`, over the pod's
 * network namespace, or over the node's when the pod uses the host network.
 */
import type { ObjectStore } from '../../api/ObjectStore'
import type { Pod } from '../../model/pod'
import type { NetworkIndex } from '../NetworkIndex'
import type { NetnsView } from './ipCommand'
import { ipCommand } from './ipCommand'
import { hostLinks, podLinks } from './links'
import type { ToolResult } from './output'
import { stderr } from './output'
import { ping } from './ping'

/** The programs the simulator can run inside a container (when the image has them). */
export const POD_PROGRAMS: readonly string[] = ['ip', 'ping']

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
 * is not one of POD_PROGRAMS.
 */
export function runInPod(
  net: NetworkIndex,
  store: ObjectStore,
  pod: Pod,
  argv: readonly string[],
): ToolResult | undefined {
  const [program = '', ...args] = argv
  if (!POD_PROGRAMS.includes(program)) return undefined
  const view = podView(net, pod)
  if (!view) return stderr(`${program}: the pod has no network namespace`)
  if (program === 'ip') return ipCommand(args, view)
  const namespace = pod.metadata.namespace ?? 'default'
  return ping(
    net,
    store,
    { from: `pod/${pod.metadata.name}`, namespace, links: view.links },
    args,
    'busybox',
  )
}
