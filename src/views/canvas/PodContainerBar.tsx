/**
 * The app containers of a pod chip, one short bar each coloured by its state, and a disk when two
 * or more of its containers mount the same volume (the title names the volume and who mounts it).
 */
import type { Pod } from '../../engine/model/pod'
import { sharedVolumes } from '../../engine/model/volumes'
import { useT } from '../AppContext'
import { CONTAINER_LOOK_CLASS, CONTAINER_LOOK_LABEL, podContainers } from '../podLook'
import { VolumeGlyph } from '../VolumeGlyph'

export function PodContainerBar({ pod }: { pod: Pod }) {
  const t = useT()
  const shared = sharedVolumes(pod.spec)
  return (
    <div className="mt-[3px] flex h-[9px] items-center gap-[4px]">
      {podContainers(pod).map((c) => (
        <span
          key={c.name}
          data-testid="pod-container"
          data-container={c.name}
          data-look={c.look}
          title={t('containerState', {
            name: c.name,
            state: c.reason || t(CONTAINER_LOOK_LABEL[c.look]),
          })}
          className={`h-[5px] w-[12px] min-w-[4px] shrink rounded-sm ring-1 ring-white/80 ${CONTAINER_LOOK_CLASS[c.look]}`}
        />
      ))}
      {shared.length > 0 && (
        <span
          data-testid="pod-shared-volume"
          className="ml-auto"
          title={shared
            .map((v) =>
              t('sharedVolume', {
                name: v.name,
                source: v.source ?? '?',
                containers: v.containers.join(', '),
              }),
            )
            .join('\n')}
        >
          <VolumeGlyph size={9} />
        </span>
      )}
    </div>
  )
}
