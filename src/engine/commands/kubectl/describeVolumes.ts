/**
 * The `Mounts:` of each container and the `Volumes:` block of `kubectl describe`, as
 * staging/src/k8s.io/kubectl/pkg/describe/describe.go prints them (describeContainerVolumes,
 * describeVolumes and the print*VolumeSource functions of the sources the simulator models).
 */
import { parseQuantity } from '../../model/quantity'
import type { Volume, VolumeMount } from '../../model/pod'
import type { PrefixWriter } from './describeWriter'
import { quantityString } from './quantityString'

/** describeContainerVolumes: `/data from data (rw)`, sorted by mount path. */
export function describeMounts(mounts: readonly VolumeMount[] | undefined, w: PrefixWriter): void {
  const sorted = [...(mounts ?? [])].sort((a, b) =>
    a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0,
  )
  w.write(2, `Mounts:${sorted.length === 0 ? '\t<none>' : ''}\n`)
  for (const m of sorted) {
    const flags = [
      m.readOnly ? 'ro' : 'rw',
      ...(m.subPath ? [`path=${JSON.stringify(m.subPath)}`] : []),
    ]
    w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`)
  }
}

/** The lines under a volume's name: its type in words and the fields of its source. */
function describeSource(v: Volume, w: PrefixWriter): void {
  if (v.hostPath) {
    // A stored hostPath always has a type (defaulted to ""); <none> is for one that has none.
    w.write(
      2,
      `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type ?? '<none>'}\n`,
    )
  } else if (v.emptyDir) {
    const limit = v.emptyDir.sizeLimit
    const sizeLimit =
      limit !== undefined && parseQuantity(limit) > 0 ? quantityString(limit) : '<unset>'
    w.write(
      2,
      `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${sizeLimit}\n`,
    )
  } else if (v.secret) {
    w.write(
      2,
      `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ''}\n    Optional:\t${v.secret.optional === true}\n`,
    )
  } else if (v.configMap) {
    w.write(
      2,
      `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ''}\n    Optional:\t${v.configMap.optional === true}\n`,
    )
  } else if (v.persistentVolumeClaim) {
    w.write(
      2,
      `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}\n`,
    )
  } else if (v.projected) {
    w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n')
    for (const source of v.projected.sources ?? []) {
      if (source.secret)
        w.write(
          2,
          `SecretName:\t${source.secret.name ?? ''}\n    Optional:\t${source.secret.optional === true}\n`,
        )
      else if (source.downwardAPI) w.write(2, 'DownwardAPI:\ttrue\n')
      else if (source.configMap)
        w.write(
          2,
          `ConfigMapName:\t${source.configMap.name ?? ''}\n    Optional:\t${source.configMap.optional === true}\n`,
        )
      else if (source.serviceAccountToken)
        // SetDefaults_ServiceAccountTokenProjection's one hour when unset.
        w.write(
          2,
          `TokenExpirationSeconds:\t${source.serviceAccountToken.expirationSeconds ?? 3600}\n`,
        )
    }
  } else {
    w.write(1, '<unknown>\n')
  }
}

/** describeVolumes: `Volumes:  <none>`, or each volume by name with its source. */
export function describeVolumes(
  volumes: readonly Volume[] | undefined,
  w: PrefixWriter,
  space: string,
): void {
  if (!volumes || volumes.length === 0) return w.write(0, `${space}Volumes:\t<none>\n`)
  w.write(0, `${space}Volumes:\n`)
  for (const v of volumes) {
    w.write(1, `${space ? ' ' : ''}${v.name}:\n`)
    describeSource(v, w)
  }
}
