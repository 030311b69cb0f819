/**
 * The built-in clusters. Each builds itself the way a real one comes up, through the same API and
 * controllers the user then plays with: kubeadm init (control plane, CoreDNS), workers join,
 * workloads are applied, and time runs until the cluster is quiet.
 */
import type { SimulationCore } from '../runtime/Simulation'
import { addNode } from './addNode'
import { applyManifest } from './applyManifest'
import { COREDNS_DEPLOYMENT, SYSTEM_NAMESPACES, WEB_DEPLOYMENT } from './manifests'

export interface Scenario {
  name: string
  description: string
  build(core: SimulationCore): void
}

function bootstrapControlPlane(
  core: SimulationCore,
  options: { cpu?: string; memory?: string } = {},
): void {
  for (const name of SYSTEM_NAMESPACES)
    core.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
  addNode(core, { name: 'node1', controlPlane: true, ip: '192.168.1.11', ...options })
  applyManifest(core, COREDNS_DEPLOYMENT)
}

/** The primer's cluster: node1 (control plane), node2, node3; CoreDNS on node1; Deployment web with 3 replicas. */
const primer: Scenario = {
  name: 'default',
  description:
    'Three nodes (one control plane), CoreDNS, and the Deployment web with 3 nginx replicas',
  build(core) {
    bootstrapControlPlane(core)
    core.advanceTo(20_000)
    addNode(core, { name: 'node2', ip: '192.168.1.12' })
    addNode(core, { name: 'node3', ip: '192.168.1.13' })
    core.advanceTo(30_000)
    applyManifest(core, WEB_DEPLOYMENT)
    // Long enough for everything to start; a Deployment's progress-deadline timer stays queued, as upstream.
    core.advanceTo(60_000)
  },
}

/** A 100-node cluster with roomy workers and web at 0 replicas, for the engine benchmark. */
const bench100: Scenario = {
  name: 'bench-100',
  description: '100 nodes (one control plane), web at 0 replicas: for benchmarks',
  build(core) {
    bootstrapControlPlane(core)
    for (let i = 2; i <= 100; i++) addNode(core, { name: `node${i}`, cpu: '64', memory: '256Gi' })
    core.advanceTo(10_000)
    applyManifest(core, WEB_DEPLOYMENT.replace('replicas: 3', 'replicas: 0'))
    core.advanceTo(60_000)
  },
}

export const SCENARIOS: readonly Scenario[] = [primer, bench100]

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name)
}
