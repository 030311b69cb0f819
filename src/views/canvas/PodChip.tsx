/**
 * One pod inside a machine: its pause container (the sandbox that holds the network namespace)
 * beside its app containers, its name suffix and IP, and its state by colour, border and icon.
 * A pod the canvas filter leaves out is dimmed.
 */
import { memo } from 'react'
import type { Pod } from '../../engine/model/pod'
import { podStatusReason } from '../../engine/model/podStatus'
import { useAppStore, useT } from '../AppContext'
import { LOOK_CLASS, LOOK_ICON, LOOK_LABEL, podLook } from '../podLook'
import { PodContainerBar } from './PodContainerBar'
import { useCanvasFilter } from './canvasFilterStore'
import { podMatches } from './podFilter'
import { revisionOf } from './podRevision'

/** The part of a generated pod name a human tells pods apart by: `web-5d59f46565-gqk5r` → `gqk5r`. */
function shortName(name: string): string {
  const parts = name.split('-')
  return parts.length > 1 ? (parts[parts.length - 1] ?? name) : name
}

/** Revision colours: each revision of a Deployment gets its own, so old and new pods differ at a glance. */
const REVISION_CLASS = [
  'bg-slate-500',
  'bg-violet-600',
  'bg-sky-600',
  'bg-pink-600',
  'bg-amber-600',
  'bg-teal-600',
]

export const PodChip = memo(function PodChip({ podKey }: { podKey: string }) {
  const pod = useAppStore((s) => s.objects.get(podKey)) as Pod | undefined
  const revision = useAppStore((s) => revisionOf(s.objects, s.objects.get(podKey)))
  const pick = useAppStore((s) => s.pickEndpoint)
  const filter = useCanvasFilter((s) => s.filter)
  const t = useT()
  if (!pod) return null
  const dimmed = !podMatches(filter, pod)
  const look = podLook(pod)
  const status = podStatusReason(pod)
  const hasSandbox = !!pod.status.podIP && look !== 'terminating'
  const ready =
    pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false
  return (
    <div
      data-testid="pod"
      data-pod={pod.metadata.name}
      data-namespace={pod.metadata.namespace}
      data-node={pod.spec.nodeName ?? ''}
      data-phase={pod.status.phase ?? 'Pending'}
      data-ready={String(ready)}
      data-ip={pod.status.podIP ?? ''}
      data-status={status}
      data-revision={revision ?? ''}
      data-dimmed={dimmed || undefined}
      onClick={() =>
        pick({
          kind: 'pod',
          name: pod.metadata.name,
          namespace: pod.metadata.namespace ?? 'default',
        })
      }
      title={`${pod.metadata.namespace}/${pod.metadata.name}\n${status} · ${t(LOOK_LABEL[look])}${pod.status.podIP ? `\nIP ${pod.status.podIP}` : ''}`}
      className={`flex h-[46px] w-[92px] overflow-hidden rounded-md border-2 text-[11px] leading-tight shadow-sm transition-colors ${LOOK_CLASS[look]} ${dimmed ? 'opacity-20!' : ''}`}
    >
      <div
        aria-label={t('pauseContainer')}
        className={`w-[9px] shrink-0 ${hasSandbox ? 'bg-slate-500' : 'bg-transparent'}`}
        title={hasSandbox ? t('pauseContainer') : undefined}
      />
      <div className="flex min-w-0 flex-1 flex-col justify-center px-1">
        <div className="flex items-center gap-1 font-semibold">
          <span aria-hidden>{LOOK_ICON[look]}</span>
          <span className="truncate">{shortName(pod.metadata.name)}</span>
          {revision && (
            <span
              title={`${t('revision')} ${revision}`}
              className={`ml-auto rounded px-1 text-[9px] leading-[13px] text-white ${REVISION_CLASS[(Number(revision) - 1) % REVISION_CLASS.length] ?? 'bg-slate-500'}`}
            >
              r{revision}
            </span>
          )}
        </div>
        <div className="truncate font-mono text-[10px] opacity-80">
          {pod.status.podIP ?? status}
        </div>
        <PodContainerBar pod={pod} />
      </div>
    </div>
  )
})
