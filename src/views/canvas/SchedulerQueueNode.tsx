/** Pods that exist but have no node yet, waiting in kube-scheduler's queue. */
import { memo } from 'react'
import type { Node as FlowNode } from '@xyflow/react'
import { useAppStore, useT } from '../AppContext'
import { PodChip } from './PodChip'

export type QueueFlowNode = FlowNode<Record<string, never>, 'queue'>

const NO_PODS: readonly string[] = []
/** The queue shows this many pods and counts the rest. */
const MAX_CHIPS = 24

export const SchedulerQueueNode = memo(function SchedulerQueueNode() {
  const podKeys = useAppStore((s) => s.podKeysByNode[''] ?? NO_PODS)
  const t = useT()
  return (
    <div
      data-testid="scheduler-queue"
      className="h-full w-full rounded-xl border border-dashed border-amber-400 bg-amber-50/70 px-3 py-2"
      title={t('schedulerQueueHint')}
    >
      <div className="mb-1 text-xs font-semibold text-amber-900">
        kube-scheduler · {t('schedulerQueue')} ({podKeys.length})
      </div>
      <div className="flex flex-wrap gap-[6px] overflow-hidden">
        {podKeys.length === 0 ? (
          <span className="text-xs text-amber-700/70">{t('schedulerQueueHint')}</span>
        ) : (
          podKeys.slice(0, MAX_CHIPS).map((key) => <PodChip key={key} podKey={key} />)
        )}
        {podKeys.length > MAX_CHIPS && (
          <span className="self-center text-xs text-amber-900">+{podKeys.length - MAX_CHIPS}</span>
        )}
      </div>
    </div>
  )
})
