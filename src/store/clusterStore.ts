/**
 * The UI's read-only mirror of the cluster plus UI state, in one zustand (vanilla) store. The
 * cluster slice is written only by the client through the sink actions; views read it through
 * selectors and act by sending commands, never by mutating it.
 */
import { createStore } from 'zustand/vanilla'
import type {
  ClusterEvent,
  KubeObject,
  NetworkFacts,
  RolloutDecision,
  Trace,
  TrafficState,
} from '../engine'
import type { ClockState, ClusterSnapshot, ConnectionStatus, PatchMessage } from '../protocol'
import { ObjectTable } from './objectTable'
import { buildPodIndex, updatePodIndex } from './podIndex'
import type { RolloutSample } from './rollouts'
import type { TraceEndpoint, TraceUiState } from './traceState'
import { emptyTraceState, moveTo, pickOnCanvas, withTrace, withTraceError } from './traceState'
import { appendSample, deploymentKeyOf, groupDecisions, sampleOf } from './rollouts'
import type { SessionSlice } from './sessionSlice'
import { sessionSlice } from './sessionSlice'

/** How many events the UI keeps for the events list. */
export const MAX_UI_EVENTS = 500

export type Language = 'en' | 'zh'

export interface ClusterState {
  connection: ConnectionStatus
  connectionDetail: string | undefined
  rev: number
  simTimeMs: number
  scenario: string
  clock: ClockState
  /**
   * Every object by key: `Kind/namespace/name` or `Kind/name`. A new table after every patch that
   * changed an object, over one Map the store keeps writing (see ObjectTable): select an object
   * with `s.objects.get(key)`.
   */
  objects: ObjectTable
  /** Node names in display order: control plane first, then by name. */
  nodeNames: readonly string[]
  /** Deployment keys, by namespace and name. */
  deploymentKeys: readonly string[]
  /** Service keys, by namespace and name. */
  serviceKeys: readonly string[]
  /** EndpointSlice keys, by namespace and name. */
  endpointSliceKeys: readonly string[]
  /** ReplicaSet keys, by namespace and name. */
  replicaSetKeys: readonly string[]
  /** Pod keys per node name ('' for pods not yet scheduled), in creation order. */
  podKeysByNode: Readonly<Record<string, readonly string[]>>
  /** Kubernetes events, oldest first. */
  events: readonly ClusterEvent[]
  /** The Deployment controller's decisions per Deployment key, oldest first. */
  decisions: Readonly<Record<string, readonly RolloutDecision[]>>
  /** Old, new and available pods over sim time, per Deployment key. */
  rolloutSamples: Readonly<Record<string, readonly RolloutSample[]>>
  /** The flannel backend, the LAN and the machines' hardware; undefined until connected. */
  network: NetworkFacts | undefined
  /** Traffic mode's flows and counts; undefined until connected. */
  traffic: TrafficState | undefined
}

export type CanvasView = 'objects' | 'network'
export type SideTab = 'workloads' | 'yaml' | 'trace'
export type BottomTab = 'events' | 'packet'

export interface UiState {
  language: Language
  canvasView: CanvasView
  sideTab: SideTab
  bottomTab: BottomTab
  trace: TraceUiState
}

export interface StoreActions {
  applySnapshot: (snapshot: ClusterSnapshot) => void
  applyPatch: (patch: PatchMessage) => void
  setConnection: (status: ConnectionStatus, detail?: string) => void
  setLanguage: (language: Language) => void
  setCanvasView: (view: CanvasView) => void
  setSideTab: (tab: SideTab) => void
  setBottomTab: (tab: BottomTab) => void
  /** A pod or node clicked on the canvas: picks a trace end while the Trace tab is open. */
  pickEndpoint: (end: TraceEndpoint) => void
  setTraceEnd: (which: 'from' | 'to', end: TraceEndpoint | undefined) => void
  setTraceOptions: (options: Partial<Pick<TraceUiState, 'port' | 'protocol' | 'speed'>>) => void
  setTraceResult: (result: { trace: Trace } | { error: string }) => void
  setTracePosition: (position: number) => void
  setTracePlaying: (playing: boolean) => void
  /** The player's clock: one hop further while playing. */
  tickTrace: () => void
}

export type AppState = ClusterState & UiState & StoreActions & SessionSlice

function keyOf(o: KubeObject): string {
  return o.metadata.namespace
    ? `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`
    : `${o.kind}/${o.metadata.name}`
}

const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane'

const rank = (o: KubeObject) => (CONTROL_PLANE_LABEL in (o.metadata.labels ?? {}) ? 0 : 1)

/** Node names, control plane first, then in natural name order (node2 before node10). */
function nodeNamesOf(objects: ObjectTable): string[] {
  const nodes: KubeObject[] = []
  for (const o of objects.values()) if (o.kind === 'Node') nodes.push(o)
  nodes.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      a.metadata.name.localeCompare(b.metadata.name, undefined, { numeric: true }),
  )
  return nodes.map((n) => n.metadata.name)
}

function keysOfKind(objects: ObjectTable, kind: string): string[] {
  const prefix = `${kind}/`
  const keys: string[] = []
  for (const k of objects.keys()) if (k.startsWith(prefix)) keys.push(k)
  return keys.sort()
}

function mergeEvents(
  current: readonly ClusterEvent[],
  incoming: readonly ClusterEvent[],
): readonly ClusterEvent[] {
  if (incoming.length === 0) return current
  const names = new Set(incoming.map((e) => e.metadata.name))
  const merged = [...current.filter((e) => !names.has(e.metadata.name)), ...incoming]
  return merged.length > MAX_UI_EVENTS ? merged.slice(merged.length - MAX_UI_EVENTS) : merged
}

/** New samples for the Deployments whose ReplicaSets (or who themselves) changed. */
function updateSamples(
  samples: Readonly<Record<string, readonly RolloutSample[]>>,
  objects: ObjectTable,
  replicaSetKeys: readonly string[],
  deploymentKeys: Iterable<string>,
  atMs: number,
): Readonly<Record<string, readonly RolloutSample[]>> {
  let next = samples
  for (const key of deploymentKeys) {
    const rss = replicaSetKeys
      .map((k) => objects.get(k))
      .filter((rs): rs is KubeObject => !!rs && deploymentKeyOf(rs) === key)
    const sample = sampleOf(objects.get(key), rss, atMs)
    if (!sample) continue
    const appended = appendSample(next[key], sample)
    if (appended !== next[key]) next = { ...next, [key]: appended }
  }
  return next
}

/**
 * A trace made under another flannel backend or kube-proxy mode no longer shows what a packet would
 * do: drop it.
 */
function staleAfter(state: AppState, network: NetworkFacts): TraceUiState {
  const shown = state.trace.trace
  const sameProxy = !state.network || state.network.proxyMode === network.proxyMode
  if (!shown || (shown.backend === network.backend && sameProxy)) return state.trace
  const { trace: _old, ...rest } = state.trace
  return { ...rest, position: 0, playing: false }
}

/** Creates the app's store; `language` is the initial UI language. */
export function createAppStore(language: Language = 'en') {
  return createStore<AppState>()((set) => ({
    connection: 'connecting',
    connectionDetail: undefined,
    rev: 0,
    simTimeMs: 0,
    scenario: '',
    clock: { playing: false, speed: 1, backSteps: 0, cursor: -1 },
    objects: new ObjectTable(),
    nodeNames: [],
    deploymentKeys: [],
    serviceKeys: [],
    endpointSliceKeys: [],
    replicaSetKeys: [],
    podKeysByNode: {},
    events: [],
    decisions: {},
    rolloutSamples: {},
    network: undefined,
    traffic: undefined,
    language,
    canvasView: 'objects',
    sideTab: 'workloads',
    bottomTab: 'events',
    trace: emptyTraceState(),
    ...sessionSlice(set),

    applySnapshot(snapshot) {
      set((state) => {
        // A Map of its own: tables handed out before keep reading the objects they knew.
        const objects = ObjectTable.of(snapshot.objects.map((o) => [keyOf(o), o] as const))
        const deploymentKeys = keysOfKind(objects, 'Deployment')
        const serviceKeys = keysOfKind(objects, 'Service')
        const endpointSliceKeys = keysOfKind(objects, 'EndpointSlice')
        const replicaSetKeys = keysOfKind(objects, 'ReplicaSet')
        // After a step back, the chart forgets what happened after the restored moment.
        const kept: Record<string, readonly RolloutSample[]> = {}
        for (const [key, list] of Object.entries(state.rolloutSamples))
          kept[key] = list.filter((s) => s.atMs <= snapshot.simTimeMs)
        return {
          rev: snapshot.rev,
          simTimeMs: snapshot.simTimeMs,
          scenario: snapshot.scenario,
          clock: snapshot.clock,
          objects,
          nodeNames: nodeNamesOf(objects),
          deploymentKeys,
          serviceKeys,
          endpointSliceKeys,
          replicaSetKeys,
          podKeysByNode: buildPodIndex(objects),
          events: snapshot.events.slice(-MAX_UI_EVENTS),
          decisions: groupDecisions(snapshot.decisions),
          network: snapshot.network,
          traffic: snapshot.traffic,
          trace: staleAfter(state, snapshot.network),
          rolloutSamples: updateSamples(
            kept,
            objects,
            replicaSetKeys,
            deploymentKeys,
            snapshot.simTimeMs,
          ),
        }
      })
    },

    applyPatch(patch) {
      set((state) => {
        const { added, updated, removed } = patch.diff
        // Each changed key's object before this patch (undefined when it is new).
        const before = new Map<string, KubeObject | undefined>()
        const writes: [string, KubeObject][] = []
        for (const list of [added, updated])
          for (const o of list) {
            const key = keyOf(o)
            if (!before.has(key)) before.set(key, state.objects.get(key))
            writes.push([key, o])
          }
        for (const key of removed) if (!before.has(key)) before.set(key, state.objects.get(key))
        const objects = before.size ? state.objects.withChanges(writes, removed) : state.objects
        const structural = [...added.map(keyOf), ...removed]
        // Display order changes only when a Node comes or goes, or gains or loses the control
        // plane's label; not on the status updates Nodes get all the time.
        let nodesMoved = false
        for (const [key, old] of before) {
          if (!key.startsWith('Node/')) continue
          const now = objects.get(key)
          if (!old || !now || rank(old) !== rank(now)) nodesMoved = true
        }
        const deploymentKeys = structural.some((k) => k.startsWith('Deployment/'))
          ? keysOfKind(objects, 'Deployment')
          : state.deploymentKeys
        const serviceKeys = structural.some((k) => k.startsWith('Service/'))
          ? keysOfKind(objects, 'Service')
          : state.serviceKeys
        const endpointSliceKeys = structural.some((k) => k.startsWith('EndpointSlice/'))
          ? keysOfKind(objects, 'EndpointSlice')
          : state.endpointSliceKeys
        const replicaSetKeys = structural.some((k) => k.startsWith('ReplicaSet/'))
          ? keysOfKind(objects, 'ReplicaSet')
          : state.replicaSetKeys
        const touchedDeployments = new Set<string>()
        for (const [key, old] of before) {
          if (key.startsWith('Deployment/')) touchedDeployments.add(key)
          else if (key.startsWith('ReplicaSet/')) {
            const rs = objects.get(key) ?? old
            const owner = rs ? deploymentKeyOf(rs) : undefined
            if (owner) touchedDeployments.add(owner)
          }
        }
        const clockSame =
          state.clock.playing === patch.clock.playing &&
          state.clock.speed === patch.clock.speed &&
          state.clock.backSteps === patch.clock.backSteps &&
          state.clock.cursor === patch.clock.cursor
        return {
          rev: patch.toRev,
          simTimeMs: patch.simTimeMs,
          clock: clockSame ? state.clock : patch.clock,
          objects,
          nodeNames: nodesMoved ? nodeNamesOf(objects) : state.nodeNames,
          deploymentKeys,
          serviceKeys,
          endpointSliceKeys,
          replicaSetKeys,
          podKeysByNode: before.size
            ? updatePodIndex(state.podKeysByNode, before, objects)
            : state.podKeysByNode,
          events: mergeEvents(state.events, patch.events),
          decisions: groupDecisions(patch.decisions, state.decisions),
          network: patch.network ?? state.network,
          traffic: patch.traffic ?? state.traffic,
          trace: patch.network ? staleAfter(state, patch.network) : state.trace,
          rolloutSamples: touchedDeployments.size
            ? updateSamples(
                state.rolloutSamples,
                objects,
                replicaSetKeys,
                touchedDeployments,
                patch.simTimeMs,
              )
            : state.rolloutSamples,
        }
      })
    },

    setConnection(connection, detail) {
      set({ connection, connectionDetail: detail })
    },

    setLanguage(language) {
      set({ language })
    },

    setCanvasView(canvasView) {
      set({ canvasView })
    },

    setSideTab(sideTab) {
      set({ sideTab })
    },

    setBottomTab(bottomTab) {
      set({ bottomTab })
    },

    pickEndpoint(end) {
      set((s) => (s.sideTab === 'trace' ? { trace: pickOnCanvas(s.trace, end) } : {}))
    },

    setTraceEnd(which, end) {
      set((s) => {
        const { [which]: _old, trace: _t, error: _e, ...rest } = s.trace
        return { trace: { ...rest, ...(end ? { [which]: end } : {}), position: 0, playing: false } }
      })
    },

    setTraceOptions(options) {
      set((s) => ({ trace: { ...s.trace, ...options } }))
    },

    setTraceResult(result) {
      set((s) => ({
        trace:
          'trace' in result
            ? withTrace(s.trace, result.trace)
            : withTraceError(s.trace, result.error),
        ...('trace' in result
          ? { canvasView: 'network' as const, bottomTab: 'packet' as const }
          : {}),
      }))
    },

    setTracePosition(position) {
      set((s) => ({ trace: moveTo({ ...s.trace, playing: false }, position) }))
    },

    setTracePlaying(playing) {
      set((s) => ({ trace: { ...s.trace, playing } }))
    },

    tickTrace() {
      set((s) => (s.trace.playing ? { trace: moveTo(s.trace, s.trace.position + 1) } : {}))
    },
  }))
}

export type AppStore = ReturnType<typeof createAppStore>
