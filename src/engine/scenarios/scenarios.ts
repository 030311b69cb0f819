/**
 * The built-in clusters. Each builds itself the way a real one comes up, through the same API and
 * controllers the user then plays with: kubeadm init (control plane, CoreDNS), workers join,
 * workloads are applied, and time runs until the cluster is quiet.
 */
import type { SimulationCore } from '../runtime/Simulation'
import { addNode } from './addNode'
import { applyManifest } from './applyManifest'
import {
  CLIENT_POD,
  COREDNS_DEPLOYMENT,
  FIXTURE_PODS,
  FIXTURE_WEB_HEADLESS_SERVICE,
  FIXTURE_WEB_SERVICE,
  KUBE_DNS_SERVICE,
  SYSTEM_NAMESPACES,
  WEB_DEPLOYMENT,
  WEB_SERVICE,
} from './manifests'
import type { NodeSpecInput } from './addNode'
import type { Pod } from '../model/pod'
import { pinVeth } from '../network/flannel'
import { buildBigCluster } from './bigClusters'
import type { BigClusterShape } from './bigClusters'

export interface Scenario {
  name: string
  description: string
  build(core: SimulationCore): void
}

/** The spec fixture's machines (§0.1): addresses and the MACs it fixes for readability. */
const FIXTURE_NODES: readonly NodeSpecInput[] = [1, 2, 3].map((i) => ({
  name: `node${i}`,
  ip: `192.168.1.1${i}`,
  mac: `52:54:00:00:01:1${i}`,
  vtepMac: `0e:f1:00:00:00:1${i}`,
  ...(i === 1 ? { controlPlane: true } : {}),
}))

function createNamespaces(core: SimulationCore): void {
  for (const name of SYSTEM_NAMESPACES)
    core.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
}

function bootstrapControlPlane(
  core: SimulationCore,
  options: { cpu?: string; memory?: string } = {},
): void {
  createNamespaces(core)
  addNode(core, { ...(FIXTURE_NODES[0] as NodeSpecInput), ...options })
  applyManifest(core, COREDNS_DEPLOYMENT)
  applyManifest(core, KUBE_DNS_SERVICE)
}

/** Creates a pod and waits until its sandbox has an address, so the next pod gets the next one. */
function startPod(core: SimulationCore, manifest: string, veth?: string): void {
  const [pod] = applyManifest(core, manifest) as Pod[]
  if (!pod) return
  if (veth) pinVeth(core.ctx.state.network, pod.metadata.uid, veth)
  const key = `Pod/${pod.metadata.namespace}/${pod.metadata.name}`
  for (let i = 0; i < 100 && !core.store.get<Pod>(key)?.status.podIP; i++)
    core.advanceTo(core.simTimeMs + 100)
}

/**
 * The primer's cluster: node1 (control plane), node2, node3; CoreDNS and the pod client on node1;
 * Deployment web with 3 replicas behind the NodePort Service web. The API server keeps the
 * Service `kubernetes` (10.96.0.1) itself; kube-dns has 10.96.0.10.
 */
const primer: Scenario = {
  name: 'default',
  description:
    'Three nodes (one control plane), CoreDNS, a client pod, and the Deployment web with 3 nginx replicas',
  build(core) {
    bootstrapControlPlane(core)
    core.advanceTo(20_000)
    startPod(core, CLIENT_POD)
    for (const node of FIXTURE_NODES.slice(1)) addNode(core, node)
    core.advanceTo(30_000)
    applyManifest(core, WEB_DEPLOYMENT)
    applyManifest(core, WEB_SERVICE)
    // Long enough for everything to start; a Deployment's progress-deadline timer stays queued, as upstream.
    core.advanceTo(60_000)
  },
}

/**
 * The networking spec's fixture (§0): its nodes, its pods with their addresses and veths, and its
 * Services (§0.3): kubernetes, kube-dns, web (NodePort 30080, 10.104.62.15) and headless web-hl.
 */
const fixture: Scenario = {
  name: 'fixture',
  description:
    "The networking spec's fixture: client and cache on node1 with CoreDNS, web-1 on node2, web-2 on node3",
  build(core) {
    createNamespaces(core)
    for (const node of FIXTURE_NODES) addNode(core, node)
    for (const manifest of [KUBE_DNS_SERVICE, FIXTURE_WEB_SERVICE, FIXTURE_WEB_HEADLESS_SERVICE])
      applyManifest(core, manifest)
    core.advanceTo(1_000)
    for (const { manifest, veth } of FIXTURE_PODS) startPod(core, manifest, veth)
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

/** A big cluster: the primer's control plane, CoreDNS and client, more workers, web scaled up. */
function bigCluster(name: string, description: string, shape: BigClusterShape): Scenario {
  return {
    name,
    description,
    build(core) {
      buildBigCluster(
        core,
        {
          bootstrapControlPlane: (c) => bootstrapControlPlane(c),
          startClient: (c) => startPod(c, CLIENT_POD),
        },
        shape,
      )
    },
  }
}

const nodes20 = bigCluster(
  'nodes-20',
  '20 nodes (one control plane), CoreDNS, a client pod, and the Deployment web with 200 nginx replicas',
  { nodes: 20, webReplicas: 200 },
)

const nodes50 = bigCluster(
  'nodes-50',
  '50 nodes (one control plane), CoreDNS, a client pod, and the Deployment web with 1,000 nginx replicas',
  { nodes: 50, webReplicas: 1000 },
)

const nodes250 = bigCluster(
  'nodes-250',
  '250 nodes (one control plane), CoreDNS, a client pod, and the Deployment web with 5,000 nginx replicas',
  { nodes: 250, webReplicas: 5000 },
)

export const SCENARIOS: readonly Scenario[] = [
  primer,
  fixture,
  bench100,
  nodes20,
  nodes50,
  nodes250,
]

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name)
}
