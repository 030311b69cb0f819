/**
 * The trace panel's state: the two ends the learner picked (on the canvas or from lists), the port
 * and protocol, the trace the worker returned, and where the packet player stands. Pure reducers;
 * the store wires them into actions.
 */
import type { Hop, Trace, TraceProtocol } from '../engine'

/** One end of a trace, as the learner picked it. */
export interface TraceEndpoint {
  /** `service`: its ClusterIP directly; `name`: a DNS name, looked up first (as curl would). */
  kind: 'pod' | 'node' | 'lan' | 'ip' | 'service' | 'name'
  /** Pod, node, LAN host or Service name, the IP address, or the DNS name. */
  name: string
  namespace?: string
}

export interface TraceUiState {
  from?: TraceEndpoint
  to?: TraceEndpoint
  /** As typed: empty means "the destination's own port, else ping". */
  port: string
  protocol: TraceProtocol | 'auto'
  trace?: Trace
  error?: string
  /** The player's position over the request hops followed by the reply hops. */
  position: number
  playing: boolean
  /** Hops per second. */
  speed: number
}

export const TRACE_SPEEDS = [0.5, 1, 2, 4] as const

export function emptyTraceState(): TraceUiState {
  return { port: '', protocol: 'auto', position: 0, playing: false, speed: 1 }
}

/** Every hop in play order: the request, then the reply. */
export function traceHops(trace: Trace | undefined): readonly Hop[] {
  return trace ? [...trace.hops, ...trace.reply] : []
}

/** Which leg a position is on, and its index within that leg. */
export function legOf(trace: Trace, position: number): { leg: 'request' | 'reply'; index: number } {
  return position < trace.hops.length
    ? { leg: 'request', index: position }
    : { leg: 'reply', index: position - trace.hops.length }
}

function sameEndpoint(a: TraceEndpoint | undefined, b: TraceEndpoint): boolean {
  return !!a && a.kind === b.kind && a.name === b.name && a.namespace === b.namespace
}

/**
 * A click on the canvas while tracing: the first click picks the source, the second the
 * destination; a click when both are set starts a new pair.
 */
export function pickOnCanvas(state: TraceUiState, end: TraceEndpoint): TraceUiState {
  const fresh = { ...state, trace: undefined, error: undefined, position: 0, playing: false }
  if (!state.from || (state.from && state.to)) {
    const { to: _drop, ...rest } = fresh
    return { ...rest, from: end }
  }
  if (sameEndpoint(state.from, end)) return state
  return { ...fresh, to: end }
}

export function withTrace(state: TraceUiState, trace: Trace): TraceUiState {
  return { ...state, trace, error: undefined, position: 0, playing: true }
}

export function withTraceError(state: TraceUiState, error: string): TraceUiState {
  const { trace: _drop, ...rest } = state
  return { ...rest, error, position: 0, playing: false }
}

/** Moves the player; stops it at either end. */
export function moveTo(state: TraceUiState, position: number): TraceUiState {
  const last = traceHops(state.trace).length - 1
  const clamped = Math.max(0, Math.min(last, position))
  return {
    ...state,
    position: clamped,
    playing: state.playing && clamped < last && clamped === position,
  }
}

/** What `sim trace` would be given for an end (pods by name, in their namespace). */
export function endpointSpec(end: TraceEndpoint): string {
  if (end.kind === 'pod') return `pod/${end.name}`
  if (end.kind === 'node') return `node/${end.name}`
  if (end.kind === 'service') return `svc/${end.name}`
  return end.name
}

export function endpointLabel(end: TraceEndpoint): string {
  const name =
    (end.kind === 'pod' || end.kind === 'service' || end.kind === 'name') &&
    end.namespace &&
    end.namespace !== 'default'
      ? `${end.namespace}/${end.name}`
      : end.name
  return end.kind === 'service' ? `svc/${name}` : name
}
