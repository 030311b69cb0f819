/**
 * The container images the simulated registry knows: their size (which sets pull time), a stable
 * digest, and how their main process reacts to SIGTERM (which sets how long Terminating lasts).
 */
import { fnv32a } from '../kernel/names'

export interface ImageInfo {
  sizeBytes: number
  /** nginx and CoreDNS exit promptly on SIGTERM; `sleep` as PID 1 ignores it until SIGKILL. */
  exitsOnSigterm: boolean
}

const MB = 1_000_000

const REPOSITORIES: Record<string, ImageInfo> = {
  'docker.io/library/nginx': { sizeBytes: 72 * MB, exitsOnSigterm: true },
  'docker.io/library/busybox': { sizeBytes: 2 * MB, exitsOnSigterm: false },
  'docker.io/library/redis': { sizeBytes: 45 * MB, exitsOnSigterm: true },
  'docker.io/library/httpd': { sizeBytes: 58 * MB, exitsOnSigterm: true },
  'registry.k8s.io/coredns/coredns': { sizeBytes: 22 * MB, exitsOnSigterm: true },
  'registry.k8s.io/pause': { sizeBytes: 320_000, exitsOnSigterm: true },
}

const DEFAULT_IMAGE: ImageInfo = { sizeBytes: 50 * MB, exitsOnSigterm: true }

/** The sandbox image containerd uses for every pod (the pause container). */
export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10'

/**
 * A docker reference in full: `nginx:1.25` → `docker.io/library/nginx:1.25`, with `:latest` when no
 * tag or digest is given (the normalisation containerd applies).
 */
export function normalizeImage(image: string): string {
  let name = image
  const firstSlash = name.indexOf('/')
  const domain = firstSlash === -1 ? '' : name.slice(0, firstSlash)
  if (
    firstSlash === -1 ||
    (!domain.includes('.') && !domain.includes(':') && domain !== 'localhost')
  ) {
    name = `docker.io/${firstSlash === -1 ? 'library/' : ''}${name}`
  }
  const lastSlash = name.lastIndexOf('/')
  if (!name.includes('@') && !name.slice(lastSlash + 1).includes(':')) name += ':latest'
  return name
}

/** The repository part of a full reference (no tag, no digest). */
export function repositoryOf(fullImage: string): string {
  const at = fullImage.indexOf('@')
  const base = at === -1 ? fullImage : fullImage.slice(0, at)
  const lastSlash = base.lastIndexOf('/')
  const colon = base.indexOf(':', lastSlash + 1)
  return colon === -1 ? base : base.slice(0, colon)
}

export function imageInfo(image: string): ImageInfo {
  return REPOSITORIES[repositoryOf(normalizeImage(image))] ?? DEFAULT_IMAGE
}

/** A stable sha256-looking digest for an image reference. */
export function imageDigest(image: string): string {
  const full = normalizeImage(image)
  let hex = ''
  for (let i = 0; hex.length < 64; i++) hex += fnv32a(`${full}#${i}`).toString(16).padStart(8, '0')
  return `sha256:${hex.slice(0, 64)}`
}

/** The imageID the kubelet reports: `docker.io/library/nginx@sha256:…`. */
export function imageID(image: string): string {
  return `${repositoryOf(normalizeImage(image))}@${imageDigest(image)}`
}
