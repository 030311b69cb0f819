/**
 * What a probe of a simulated container gets back, in the words pkg/kubelet/prober puts into the
 * Unhealthy event ("Readiness probe failed: <output>"), and when the probe worker ticks.
 */
import type { Container, Pod, Probe } from '../model/pod'
import { imageInfo } from './images'

/** A named port resolves to the container's port of that name (probe.go findPortByName). */
function probePort(container: Container, port: number | string): number | string {
  if (typeof port === 'number') return port
  return container.ports?.find((p) => p.name === port)?.containerPort ?? port
}

/** Whether the probe can fail for this image at all: only such containers need probe ticks. */
export function probeCanFail(container: Container, probe: Probe | undefined): boolean {
  if (!probe) return false
  const answer = imageInfo(container.image).httpAnswer
  if (probe.httpGet) return answer === 'refused' || answer < 200 || answer >= 400
  if (probe.tcpSocket) return answer === 'refused'
  return false
}

/**
 * The failure output of one probe, or undefined when it passes. HTTP: "HTTP probe failed with
 * statuscode: 503" for a status outside 200–399 (pkg/probe/http/http.go DoHTTPProbe), Go's client
 * error when nothing listens; TCP: the dial error (pkg/probe/tcp/tcp.go). Exec probes pass.
 */
export function probeFailure(pod: Pod, container: Container, probe: Probe): string | undefined {
  const answer = imageInfo(container.image).httpAnswer
  const host = pod.status.podIP ?? ''
  if (probe.httpGet) {
    const port = probePort(container, probe.httpGet.port)
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase()
    const path = probe.httpGet.path ?? ''
    const url = `${scheme}://${host}:${port}${path && !path.startsWith('/') ? '/' : ''}${path}`
    if (answer === 'refused')
      return `Get "${url}": dial tcp ${host}:${port}: connect: connection refused`
    if (answer < 200 || answer >= 400) return `HTTP probe failed with statuscode: ${answer}`
    return undefined
  }
  if (probe.tcpSocket && answer === 'refused')
    return `dial tcp ${host}:${probePort(container, probe.tcpSocket.port)}: connect: connection refused`
  return undefined
}

/**
 * The first tick of a probe worker at or after fromMs. Workers start when the kubelet admits the pod
 * and tick every periodSeconds from then on (prober/worker.go run); a tick before the container has
 * run initialDelaySeconds does nothing.
 */
export function probeTickAtOrAfter(
  workerStartMs: number,
  periodMs: number,
  fromMs: number,
): number {
  if (fromMs <= workerStartMs) return workerStartMs
  return workerStartMs + Math.ceil((fromMs - workerStartMs) / periodMs) * periodMs
}

/** The next tick that probes a container started at startedAtMs, after the tick lastTickMs. */
export function nextProbeTick(
  probe: Probe,
  workerStartMs: number,
  startedAtMs: number,
  lastTickMs: number | undefined,
): number {
  const periodMs = (probe.periodSeconds ?? 10) * 1000
  const from = Math.max(
    startedAtMs + (probe.initialDelaySeconds ?? 0) * 1000,
    lastTickMs === undefined ? -Infinity : lastTickMs + 1,
  )
  return probeTickAtOrAfter(workerStartMs, periodMs, from)
}
