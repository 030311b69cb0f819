/**
 * The big clusters (20, 50 and 250 machines) that show how the playground scales: the primer's
 * cluster with more workers and its Deployment web scaled up, built through the same API and
 * controllers as the primer and run until every pod is Ready.
 */
import type { SimulationCore } from '../runtime/Simulation'
import { addNode } from './addNode'
import { applyManifest } from './applyManifest'
import { WEB_DEPLOYMENT, WEB_SERVICE } from './manifests'
import { intToIp, ipToInt, parseCidr, cidrSize } from '../model/ipv4'

/** What the big-cluster builder needs from scenarios.ts (passed in to keep the import one-way). */
export interface BigClusterSteps {
  bootstrapControlPlane(core: SimulationCore): void
  startClient(core: SimulationCore): void
}

export interface BigClusterShape {
  nodes: number
  webReplicas: number
}

/**
 * More than the 243 machines a /24 holds from .11 need a wider LAN: a /16 around the primer's
 * 192.168.1.0/24, so node1 keeps 192.168.1.11 and the router stays 192.168.1.1.
 */
const WIDE_LAN = '192.168.0.0/16'

/**
 * The machines' LAN addresses in join order: from 192.168.1.11 up, skipping the router, the LAN's
 * other hosts and each /24's .0–.10 and .255, so every address reads like the primer's.
 */
function nodeAddresses(core: SimulationCore, count: number): string[] {
  const lan = core.ctx.state.network.lan
  const taken = new Set([lan.router.ip, ...lan.hosts.map((h) => h.ip)])
  const cidr = parseCidr(lan.cidr)
  const last = cidr.network + cidrSize(cidr) - 2
  const out: string[] = []
  for (let i = ipToInt('192.168.1.11'); out.length < count && i <= last; i++) {
    const octet = i & 0xff
    const ip = intToIp(i)
    if (octet < 11 || octet === 255 || taken.has(ip)) continue
    out.push(ip)
  }
  return out
}

/**
 * kubeadm init on node1, the client pod, `nodes - 1` workers joining, then web scaled to
 * `webReplicas`, then its NodePort Service; time runs until everything is long Ready.
 */
export function buildBigCluster(
  core: SimulationCore,
  steps: BigClusterSteps,
  shape: BigClusterShape,
): void {
  if (shape.nodes > 243) core.ctx.state.network.lan.cidr = WIDE_LAN
  const addresses = nodeAddresses(core, shape.nodes)
  steps.bootstrapControlPlane(core)
  core.advanceTo(20_000)
  steps.startClient(core)
  for (let i = 2; i <= shape.nodes; i++) {
    const ip = addresses[i - 1]
    addNode(core, { name: `node${i}`, ...(ip ? { ip } : {}) })
  }
  core.advanceTo(30_000)
  applyManifest(core, WEB_DEPLOYMENT.replace('replicas: 3', `replicas: ${shape.webReplicas}`))
  // The Service comes once the pods are up: its EndpointSlices are then written in one sync instead
  // of once per pod that turns Ready (the engine's EndpointSlice sync costs O(endpoints) each time).
  core.advanceTo(55_000)
  applyManifest(core, WEB_SERVICE)
  core.advanceTo(60_000)
}
