/**
 * Traffic mode in virtual time: each flow is a task that sends one request, traces it through the
 * network as it is now (DNS, kube-proxy's rules with the simulation's seeded draws, the pod
 * network) and counts who answered, then schedules the next one 1000 / rate ms later.
 */
import type { Pod } from '../model/pod'
import type { Controller, SimContext } from '../runtime/types'
import type { NetworkIndex } from '../network/NetworkIndex'
import type { ProxyIndex } from '../network/proxy/ProxyIndex'
import { trace } from '../network/trace/trace'
import { TraceError } from '../network/trace/types'
import type { TrafficFlow, TrafficSample } from './trafficState'
import { RECENT_SAMPLES } from './trafficState'

export const TRAFFIC = 'traffic'

/** The version a backend pod serves: its first container's image tag (nginx:1.26 → 1.26). */
export function podVersion(pod: Pod | undefined): string {
  const image = pod?.spec.containers[0]?.image ?? '?'
  const at = image.lastIndexOf(':')
  return at > image.lastIndexOf('/') ? image.slice(at + 1) : 'latest'
}

function dueAt(flow: TrafficFlow, n: number): number {
  return flow.startedAtMs + Math.round((n * 1000) / flow.ratePerSec)
}

/** Sends one request of a flow and records what happened. */
export function sendRequest(
  ctx: SimContext,
  net: NetworkIndex,
  proxy: ProxyIndex,
  flow: TrafficFlow,
): TrafficSample {
  const atMs = ctx.nowMs()
  let sample: TrafficSample
  try {
    const t = trace(
      net,
      ctx.store,
      {
        from: flow.from,
        to: flow.to,
        ...(flow.port !== undefined ? { port: flow.port } : {}),
        ...(flow.fromNamespace ? { fromNamespace: flow.fromNamespace } : {}),
        ...(flow.toNamespace ? { toNamespace: flow.toNamespace } : {}),
        protocol: 'tcp',
      },
      {
        draw: (n) => ctx.rng.int(n),
        proxy,
        ipvsRr: (key) => ctx.state.traffic.ipvsRr[key] ?? 0,
        // Snapshots from before affinity was remembered lack the field.
        affinity: (ctx.state.traffic.affinity ??= { recent: {}, persisted: {} }),
        ipvsScheduled: (key) => {
          ctx.state.traffic.ipvsRr[key] = (ctx.state.traffic.ipvsRr[key] ?? 0) + 1
        },
      },
    )
    const last = t.hops[t.hops.length - 1]
    if (t.result === 'delivered' && last?.at.pod) {
      const pod = ctx.store.get<Pod>(`Pod/${last.at.pod}`)
      sample = {
        atMs,
        ok: true,
        pod: last.at.pod,
        ...(last.at.node ? { node: last.at.node } : {}),
        version: podVersion(pod),
      }
    } else sample = { atMs, ok: t.result === 'delivered', reason: t.reason }
  } catch (e) {
    if (!(e instanceof TraceError)) throw e
    sample = { atMs, ok: false, reason: e.message }
  }
  record(flow, sample)
  return sample
}

function record(flow: TrafficFlow, s: TrafficSample): void {
  flow.sent++
  if (s.ok) {
    flow.ok++
    if (s.pod) {
      const entry = (flow.byPod[s.pod] ??= { ok: 0, version: s.version ?? '?', node: s.node ?? '' })
      entry.ok++
      flow.byVersion[entry.version] = (flow.byVersion[entry.version] ?? 0) + 1
    }
  } else {
    flow.failed++
    const reason = s.reason ?? 'failed'
    flow.failures[reason] = (flow.failures[reason] ?? 0) + 1
  }
  flow.recent.push(s)
  if (flow.recent.length > RECENT_SAMPLES)
    flow.recent.splice(0, flow.recent.length - RECENT_SAMPLES)
}

/** Schedules a flow's next request. */
export function scheduleNext(ctx: SimContext, flow: TrafficFlow): void {
  ctx.schedule(dueAt(flow, flow.sent) - ctx.nowMs(), {
    handler: TRAFFIC,
    key: String(flow.id),
    data: { flowId: flow.id, n: flow.sent },
  })
}

export function createTrafficController(
  net: () => NetworkIndex,
  proxy: () => ProxyIndex,
): Controller {
  return {
    name: TRAFFIC,
    run(ctx, task) {
      const flowId = Number(task.data?.flowId)
      const flow = ctx.state.traffic.flows.find((f) => f.id === flowId)
      // A stopped flow's last task finds nothing; a restarted one ignores its old tasks.
      if (!flow || Number(task.data?.n) !== flow.sent) return
      sendRequest(ctx, net(), proxy(), flow)
      ctx.state.traffic.rev++
      scheduleNext(ctx, flow)
    },
  }
}
