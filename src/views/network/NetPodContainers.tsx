/**
 * What shares a pod's network namespace, after its name in the network view: the pause container
 * that holds it, each app container (a dot for its state), and the volumes two or more of them
 * mount; with their names while the row has room.
 */
import type { Pod } from '../../engine/model/pod'
import { sharedVolumes } from '../../engine/model/volumes'
import { useAppStore, useT } from '../AppContext'
import { CONTAINER_LOOK_CLASS, CONTAINER_LOOK_LABEL, podContainers } from '../podLook'
import { VolumeGlyph } from '../VolumeGlyph'

export function NetPodContainers({ podKey, ip }: { podKey: string; ip: string }) {
  const pod = useAppStore((s) => s.objects.get(`Pod/${podKey}`)) as Pod | undefined
  const t = useT()
  if (!pod) return null
  const containers = podContainers(pod)
  const shared = sharedVolumes(pod.spec)
  // Past three chips the row has no room for names: dots and disks, named in their titles.
  const compact = containers.length + shared.length > 3
  return (
    <span className="ml-2 flex shrink-0 items-center gap-1 pr-1 font-sans text-[9px] leading-[14px]">
      <span
        title={t('pauseShares', { ip })}
        className="shrink-0 rounded bg-slate-700 px-[3px] font-semibold text-white"
      >
        pause
      </span>
      {containers.map((c) => (
        <span
          key={c.name}
          data-testid="net-pod-container"
          data-container={c.name}
          data-look={c.look}
          title={t('containerState', {
            name: c.name,
            state: c.reason || t(CONTAINER_LOOK_LABEL[c.look]),
          })}
          className="flex shrink-0 items-center gap-[3px] rounded border border-slate-300 bg-white px-[3px] text-slate-700"
        >
          <span
            aria-hidden
            className={`h-[6px] w-[6px] rounded-full ${CONTAINER_LOOK_CLASS[c.look]}`}
          />
          {!compact && c.name}
        </span>
      ))}
      {shared.map((v) => (
        <span
          key={v.name}
          data-testid="net-pod-volume"
          title={t('sharedVolume', {
            name: v.name,
            source: v.source ?? '?',
            containers: v.containers.join(', '),
          })}
          className="flex shrink-0 items-center gap-[2px] rounded bg-sky-100 px-[3px] text-sky-800"
        >
          <VolumeGlyph size={9} />
          {!compact && v.name}
        </span>
      ))}
    </span>
  )
}
