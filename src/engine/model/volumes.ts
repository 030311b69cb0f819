/** Pod volumes: which source a volume has, and which volumes a pod's containers share. */
import type { PodSpec, Volume } from './pod'

/**
 * Every VolumeSource field of core/v1, in the order validateVolumeSource
 * (pkg/apis/core/validation/validation.go) looks at them: the first one set is the volume's type.
 */
export const VOLUME_SOURCES = [
  'emptyDir',
  'hostPath',
  'gitRepo',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'flocker',
  'persistentVolumeClaim',
  'rbd',
  'cinder',
  'cephfs',
  'quobyte',
  'downwardAPI',
  'fc',
  'flexVolume',
  'configMap',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'storageos',
  'projected',
  'scaleIO',
  'csi',
  'ephemeral',
  'image',
] as const

export type VolumeSourceName = (typeof VOLUME_SOURCES)[number]

/** The sources a volume sets, in upstream order (a JSON null counts as unset, as in Go). */
export function volumeSourcesOf(volume: Volume): VolumeSourceName[] {
  const fields = volume as unknown as Record<string, unknown>
  return VOLUME_SOURCES.filter((k) => fields[k] !== undefined && fields[k] !== null)
}

/** A volume mounted by more than one of a pod's containers, and by which (init containers too). */
export interface SharedVolume {
  name: string
  source: VolumeSourceName | undefined
  containers: string[]
}

/** The pod's volumes that two or more of its containers mount: what the pod's containers share. */
export function sharedVolumes(spec: PodSpec): SharedVolume[] {
  const all = [...(spec.initContainers ?? []), ...spec.containers]
  const out: SharedVolume[] = []
  for (const volume of spec.volumes ?? []) {
    const containers = all
      .filter((c) => c.volumeMounts?.some((m) => m.name === volume.name))
      .map((c) => c.name)
    if (containers.length >= 2)
      out.push({ name: volume.name, source: volumeSourcesOf(volume)[0], containers })
  }
  return out
}
