/**
 * Pod volumes and container volume mounts (ValidateVolumes, validateVolumeSource and
 * ValidateVolumeMounts in pkg/apis/core/validation/validation.go), for the sources the simulator
 * models; any other upstream source only counts towards "more than 1 volume type".
 */
import type { FieldError } from '../errors'
import type { KeyToPath, Volume, VolumeMount } from '../../model/pod'
import { parseQuantity } from '../../model/quantity'
import { volumeSourcesOf } from '../../model/volumes'
import { isDNS1123Label } from './names'

const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive'

/** validateVolumeSource names two sources differently in its Forbidden errors than in JSON. */
const FORBIDDEN_FIELD: Record<string, string> = { cephfs: 'cephFS', downwardAPI: 'downwarAPI' }

/** supportedHostPathTypes, sorted as sets.List returns them. */
const HOST_PATH_TYPES = [
  '',
  'BlockDevice',
  'CharDevice',
  'Directory',
  'DirectoryOrCreate',
  'File',
  'FileOrCreate',
  'Socket',
]

/** validatePathNoBacksteps: no `..` element (one error however many there are). */
function noBacksteps(path: string, field: string): FieldError[] {
  return path.split('/').includes('..')
    ? [{ type: 'Invalid value', field, badValue: path, detail: "must not contain '..'" }]
    : []
}

/** validateLocalDescendingPath: relative, without backsteps. */
function localDescendingPath(path: string, field: string): FieldError[] {
  const errs: FieldError[] = path.startsWith('/')
    ? [{ type: 'Invalid value', field, badValue: path, detail: 'must be a relative path' }]
    : []
  return [...errs, ...noBacksteps(path, field)]
}

function fileMode(mode: number | undefined, field: string): FieldError[] {
  return mode !== undefined && (mode > 0o777 || mode < 0)
    ? [{ type: 'Invalid value', field, badValue: mode, detail: FILE_MODE_ERROR }]
    : []
}

/** The name-required check, defaultMode and items shared by configMap and secret sources. */
function projectedKeys(
  name: string | undefined,
  nameField: string,
  source: { items?: KeyToPath[]; defaultMode?: number },
  field: string,
): FieldError[] {
  const errs: FieldError[] = name
    ? []
    : [{ type: 'Required value', field: `${field}.${nameField}` }]
  errs.push(...fileMode(source.defaultMode, `${field}.defaultMode`))
  ;(source.items ?? []).forEach((kp, i) => {
    const f = `${field}.items[${i}]`
    if (!kp.key) errs.push({ type: 'Required value', field: `${f}.key` })
    if (!kp.path) errs.push({ type: 'Required value', field: `${f}.path` })
    // ValidateLocalNonReservedPath.
    const path = kp.path ?? ''
    errs.push(...localDescendingPath(path, `${f}.path`))
    if (path.startsWith('..') && !path.startsWith('../'))
      errs.push({
        type: 'Invalid value',
        field: `${f}.path`,
        badValue: path,
        detail: "must not start with '..'",
      })
    errs.push(...fileMode(kp.mode, `${f}.mode`))
  })
  return errs
}

/** The checks of the one source a volume has. */
function validateSource(volume: Volume, source: string, field: string): FieldError[] {
  const f = `${field}.${source}`
  switch (source) {
    case 'emptyDir': {
      const limit = volume.emptyDir?.sizeLimit
      return limit !== undefined && parseQuantity(limit) < 0
        ? [
            {
              type: 'Forbidden',
              field: `${f}.sizeLimit`,
              detail: 'SizeLimit field must be a valid resource quantity',
            },
          ]
        : []
    }
    case 'hostPath': {
      const hostPath = volume.hostPath
      if (!hostPath?.path) return [{ type: 'Required value', field: `${f}.path` }]
      const errs = noBacksteps(hostPath.path, `${f}.path`)
      if (hostPath.type !== undefined && !HOST_PATH_TYPES.includes(hostPath.type))
        errs.push({
          type: 'Unsupported value',
          field: `${f}.type`,
          badValue: hostPath.type,
          supported: HOST_PATH_TYPES,
        })
      return errs
    }
    case 'secret':
      return projectedKeys(volume.secret?.secretName, 'secretName', volume.secret ?? {}, f)
    case 'configMap':
      return projectedKeys(volume.configMap?.name, 'name', volume.configMap ?? {}, f)
    case 'persistentVolumeClaim':
      return volume.persistentVolumeClaim?.claimName
        ? []
        : [{ type: 'Required value', field: `${f}.claimName` }]
    case 'projected':
      return fileMode(volume.projected?.defaultMode, `${f}.defaultMode`)
    default:
      return []
  }
}

/**
 * ValidateVolumes: each volume's source, name and uniqueness. Returns the names mounts may refer to:
 * a volume with any error is left out, as upstream leaves it out of its map.
 */
export function validateVolumes(
  volumes: readonly Volume[] | undefined,
  field: string,
): { names: Set<string>; errs: FieldError[] } {
  const names = new Set<string>()
  const errs: FieldError[] = []
  ;(volumes ?? []).forEach((volume, i) => {
    const idx = `${field}[${i}]`
    const sources = volumeSourcesOf(volume)
    const el: FieldError[] = []
    const [first, ...others] = sources
    if (first) el.push(...validateSource(volume, first, idx))
    for (const other of others)
      el.push({
        type: 'Forbidden',
        field: `${idx}.${FORBIDDEN_FIELD[other] ?? other}`,
        detail: 'may not specify more than 1 volume type',
      })
    // Unreachable through the API: defaulting turns a volume with no source into an emptyDir.
    if (!first)
      el.push({ type: 'Required value', field: idx, detail: 'must specify a volume type' })
    if (!volume.name) el.push({ type: 'Required value', field: `${idx}.name` })
    else
      for (const msg of isDNS1123Label(volume.name))
        el.push({ type: 'Invalid value', field: `${idx}.name`, badValue: volume.name, detail: msg })
    if (names.has(volume.name))
      el.push({ type: 'Duplicate value', field: `${idx}.name`, badValue: volume.name })
    if (el.length === 0) names.add(volume.name)
    else errs.push(...el)
  })
  return { names, errs }
}

/** ValidateVolumeMounts for one container, against the pod's valid volume names. */
export function validateVolumeMounts(
  mounts: readonly VolumeMount[] | undefined,
  volumes: ReadonlySet<string>,
  field: string,
): FieldError[] {
  const errs: FieldError[] = []
  const mountPoints = new Set<string>()
  ;(mounts ?? []).forEach((m, i) => {
    const idx = `${field}[${i}]`
    const name = m.name ?? ''
    const mountPath = m.mountPath ?? ''
    if (!name) errs.push({ type: 'Required value', field: `${idx}.name` })
    if (!volumes.has(name)) errs.push({ type: 'Not found', field: `${idx}.name`, badValue: name })
    if (!mountPath) errs.push({ type: 'Required value', field: `${idx}.mountPath` })
    if (mountPoints.has(mountPath))
      errs.push({
        type: 'Invalid value',
        field: `${idx}.mountPath`,
        badValue: mountPath,
        detail: 'must be unique',
      })
    mountPoints.add(mountPath)
    // Upstream names the subPath errors without the mount's index.
    if (m.subPath) errs.push(...localDescendingPath(m.subPath, `${field}.subPath`))
    if (m.subPathExpr) {
      if (m.subPath)
        errs.push({
          type: 'Invalid value',
          field: `${idx}.subPathExpr`,
          badValue: m.subPathExpr,
          detail: 'subPathExpr and subPath are mutually exclusive',
        })
      errs.push(...localDescendingPath(m.subPathExpr, `${field}.subPathExpr`))
    }
  })
  return errs
}
