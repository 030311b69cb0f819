/**
 * The pieces every `kubectl describe` layout is built from, after
 * staging/src/k8s.io/kubectl/pkg/describe/describe.go: the PrefixWriter (two spaces a level) over a
 * tabwriter, the multi-line label, annotation, toleration and taint printers, the Events table, and
 * the RFC 1123 times and human ages it prints.
 */
import type { ClusterEvent } from '../../model/event'
import type { KubeObject } from '../../model/meta'
import type { Taint } from '../../model/node'
import type { Toleration } from '../../model/pod'
import { fromTimestamp, humanDuration } from '../../model/time'
import type { CommandContext } from '../types'
import { tabwriterFormat } from './tabwriter'

/** describe.go's maxAnnotationLen: longer annotations are printed on their own lines, cut. */
const MAX_ANNOTATION_LEN = 140

/** Annotations describe never shows (skipAnnotations). */
const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration'])

/**
 * PrefixWriter: text written at a level gets two spaces per level in front; flush() ends the
 * tabwriter's column blocks, as DescribeEvents does before its table.
 */
export class PrefixWriter {
  private readonly segments: string[] = []
  private current = ''

  /** Writes text indented by `level` levels (w.Write). */
  write(level: number, text: string): void {
    this.current += '  '.repeat(level) + text
  }

  /** Writes text and a newline with no indentation (w.WriteLine). */
  writeLine(text = ''): void {
    this.current += `${text}\n`
  }

  /** Flushes the tabwriter: later lines are aligned on their own. */
  flush(): void {
    this.segments.push(this.current)
    this.current = ''
  }

  /** The text as the tabwriter lays it out. */
  toString(): string {
    return [...this.segments, this.current].map((s) => tabwriterFormat(s)).join('')
  }

  /** The text with its tabs left in, as history.go's printTemplate writes it (no tabwriter). */
  raw(): string {
    return [...this.segments, this.current].join('')
  }
}

const sortedKeys = (m: Record<string, string> | undefined, skip?: Set<string>) =>
  Object.keys(m ?? {})
    .filter((k) => !skip?.has(k))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))

/** printLabelsMultilineWithIndent: `Labels:<tab>a=b`, further labels on lines of their own. */
export function printLabelsMultiline(
  w: PrefixWriter,
  title: string,
  labels: Record<string, string> | undefined,
  initialIndent = '',
  innerIndent = '\t',
): void {
  w.write(0, `${initialIndent}${title}:${innerIndent}`)
  const keys = sortedKeys(labels)
  if (keys.length === 0) return w.writeLine('<none>')
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, `${initialIndent}${innerIndent}`)
    w.write(0, `${key}=${labels?.[key] ?? ''}\n`)
  })
}

/** printAnnotationsMultiline: `key: value`, long or multi-line values cut and indented. */
export function printAnnotationsMultiline(
  w: PrefixWriter,
  title: string,
  annotations: Record<string, string> | undefined,
): void {
  w.write(0, `${title}:\t`)
  const keys = sortedKeys(annotations, SKIP_ANNOTATIONS)
  if (keys.length === 0) return w.writeLine('<none>')
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, '\t')
    const value = (annotations?.[key] ?? '').replace(/\n$/, '')
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${key}:\n`)
      for (const s of value.split('\n')) {
        const cut =
          s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 2)}...` : s
        w.write(0, `\t  ${cut}\n`)
      }
    } else {
      w.write(0, `${key}: ${value}\n`)
    }
  })
}

/** printTolerationsMultilineWithIndent: `key=value:Effect op=Exists for 300s`, sorted by key. */
export function printTolerationsMultiline(
  w: PrefixWriter,
  title: string,
  tolerations: readonly Toleration[] | undefined,
): void {
  w.write(0, `${title}:\t`)
  const list = [...(tolerations ?? [])].sort((a, b) =>
    (a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0,
  )
  if (list.length === 0) return w.writeLine('<none>')
  list.forEach((t, i) => {
    if (i !== 0) w.write(0, '\t')
    let s = t.key ?? ''
    if (t.value) s += `=${t.value}`
    if (t.effect) s += `:${t.effect}`
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists'
    if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`
    w.write(0, `${s}\n`)
  })
}

/** printTaintsMultilineWithIndent: `key=value:Effect`, sorted by effect then key. */
export function printTaintsMultiline(
  w: PrefixWriter,
  title: string,
  taints: readonly Taint[] | undefined,
): void {
  w.write(0, `${title}:\t`)
  const cmp = (t: Taint) => `${t.effect},${t.key}`
  const list = [...(taints ?? [])].sort((a, b) => (cmp(a) < cmp(b) ? -1 : cmp(a) > cmp(b) ? 1 : 0))
  if (list.length === 0) return w.writeLine('<none>')
  list.forEach((t, i) => {
    if (i !== 0) w.write(0, '\t')
    // Taint.ToString: key=value:effect, or key:effect when there is no value.
    w.write(0, `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`)
  })
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Go's time.RFC1123Z layout in UTC: `Mon, 05 Jan 2026 09:00:30 +0000`. */
export function rfc1123z(timestamp: string | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(timestamp ?? '')
  // A zero metav1.Time formats as Go's zero time.
  if (!m) return 'Mon, 01 Jan 0001 00:00:00 +0000'
  const [, y, mo, d, hh, mm, ss] = m.map(Number)
  // Sakamoto's day of the week.
  const t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
  const yy = (mo as number) < 3 ? (y as number) - 1 : (y as number)
  const dow =
    (yy +
      Math.floor(yy / 4) -
      Math.floor(yy / 100) +
      Math.floor(yy / 400) +
      (t[(mo as number) - 1] as number) +
      (d as number)) %
    7
  const p = (n: number | undefined) => String(n).padStart(2, '0')
  return `${DAYS[dow]}, ${p(d)} ${MONTHS[(mo as number) - 1]} ${y} ${p(hh)}:${p(mm)}:${p(ss)} +0000`
}

/** translateTimestampSince: the human age of a timestamp, `<unknown>` when unset. */
export function since(timestamp: string | undefined, nowMs: number): string {
  if (!timestamp) return '<unknown>'
  return humanDuration(nowMs - fromTimestamp(timestamp))
}

/** The events about an object (searchEvents by uid; nodes also by name), oldest first. */
export function eventsFor(ctx: CommandContext, obj: KubeObject): ClusterEvent[] {
  return ctx.sim.events
    .list()
    .filter(
      (e) =>
        e.involvedObject.kind === obj.kind &&
        (e.involvedObject.uid === obj.metadata.uid ||
          (obj.kind === 'Node' && e.involvedObject.uid === obj.metadata.name)),
    )
    .sort((a, b) => a.lastSimTimeMs - b.lastSimTimeMs)
}

/** DescribeEvents: `Events:  <none>`, or the Type Reason Age From Message table. */
export function describeEvents(
  w: PrefixWriter,
  events: readonly ClusterEvent[],
  nowMs: number,
): void {
  if (events.length === 0) return w.write(0, 'Events:\t<none>\n')
  w.flush()
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n')
  w.write(1, '----\t------\t----\t----\t-------\n')
  for (const e of events) {
    const first = since(e.firstTimestamp, nowMs)
    const interval =
      e.count > 1 ? `${since(e.lastTimestamp, nowMs)} (x${e.count} over ${first})` : first
    let message = e.message.trim()
    if (e.involvedObject.fieldPath) message = `${e.involvedObject.fieldPath}: ${message}`
    w.write(1, `${e.type}\t${e.reason}\t${interval}\t${e.source.component}\t${message}\n`)
  }
}

/** printController: `ReplicaSet/web-5d8f7` for the object's controlling owner. */
export function controllerOfText(obj: KubeObject): string {
  const ref = obj.metadata.ownerReferences?.find((r) => r.controller)
  return ref ? `${ref.kind}/${ref.name}` : ''
}
