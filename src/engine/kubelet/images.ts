/**
 * The simulated registry: the repositories and tags that exist (everything else fails to pull, as
 * a typo or a missing tag does on Docker Hub), how big each image is (which sets pull time), and how
 * its main process behaves once started: serves, exits on its own, or answers probes with an error.
 */
import { fnv32a } from '../kernel/names'
import type { Container } from '../model/pod'

/** How a container's main process ends on its own, if it does. */
export interface ProcessExit {
  exitCode: number
  /** The terminated reason the runtime reports: Error for a non-zero code, Completed for 0. */
  reason: 'Error' | 'Completed' | 'OOMKilled'
  /** How long it runs first, in sim ms (drawn in this range). */
  afterMs: readonly [number, number]
  /** Only when the container gives no command or args (busybox's default `sh` exits at once). */
  onlyWithoutCommand?: boolean
}

/** What the registry knows of one image: its size and how its process behaves. */
export interface ImageInfo {
  sizeBytes: number
  /** nginx and CoreDNS exit promptly on SIGTERM; `sleep` as PID 1 ignores it until SIGKILL. */
  exitsOnSigterm: boolean
  /** Set when the process exits by itself (restartPolicy then decides what happens). */
  exits?: ProcessExit
  /**
   * What an HTTP probe gets: a status code (200–399 passes), or 'refused' when nothing listens on
   * the port. TCP probes pass unless 'refused'; exec probes always pass.
   */
  httpAnswer: number | 'refused'
  /**
   * The sockets the main process opens (`80/tcp`), or undefined when they depend on its arguments:
   * then it listens on the container's declared ports.
   */
  listens?: readonly string[]
  /** The programs in the image's $PATH that `kubectl exec` can run (a distroless image has none). */
  tools: readonly string[]
}

interface TagSpec extends Partial<ImageInfo> {
  /** Shown to a learner choosing a version (what this tag is for). */
  note: string
}

interface RepositorySpec {
  sizeBytes: number
  exitsOnSigterm: boolean
  exits?: ProcessExit
  listens?: readonly string[]
  tools: readonly string[]
  tags: Record<string, TagSpec>
}

/** A Debian-based image: a shell and coreutils, but neither iproute2 nor ping. */
const DEBIAN_TOOLS = ['sh', 'cat', 'hostname']
/** BusyBox's applets, as in busybox and every Alpine-based image. */
const BUSYBOX_TOOLS = ['sh', 'cat', 'hostname', 'ip', 'ping', 'nslookup', 'wget']
/** An Alpine image with BusyBox, for the `alpine` tags. */
const ALPINE = { tools: BUSYBOX_TOOLS }
/**
 * The official nginx images install curl beside nginx (docker-nginx's Dockerfiles: `apt-get install
 * … gettext-base curl` on Debian, `apk add … curl ca-certificates` on Alpine).
 */
const NGINX_TOOLS = [...DEBIAN_TOOLS, 'curl']

const MB = 1_000_000

/** A process that dies with exit code 1 a couple of seconds after it starts. */
const CRASH: ProcessExit = { exitCode: 1, reason: 'Error', afterMs: [1500, 3000] }

/**
 * Every image the simulated registries hold. Sizes are the compressed linux/amd64 sizes, rounded;
 * repositories are keyed by their full name as containerd normalises it.
 */
const REGISTRY: Record<string, RepositorySpec> = {
  // The primer's web server: web starts on 1.25; 1.26 and 1.27 are the versions to roll out to.
  'docker.io/library/nginx': {
    sizeBytes: 72 * MB,
    exitsOnSigterm: true,
    listens: ['80/tcp'],
    tools: NGINX_TOOLS,
    tags: {
      '1.25': { note: 'the version web starts with' },
      '1.26': { note: 'a newer release: a rollout that goes well' },
      '1.27': { note: 'a newer release: a rollout that goes well' },
      '1.28': { note: 'a newer release: a rollout that goes well' },
      stable: { note: 'the stable branch' },
      mainline: { note: 'the mainline branch' },
      latest: { note: 'the newest release (pulled on every start: imagePullPolicy Always)' },
      alpine: {
        tools: [...BUSYBOX_TOOLS, 'curl'],
        sizeBytes: 20 * MB,
        note: 'the small Alpine-based build',
      },
    },
  },
  // A shell and coreutils in 2 MB. Without a command its `sh` has no terminal and exits 0 at once,
  // so a Deployment of plain busybox goes into CrashLoopBackOff, as it does on a real cluster.
  'docker.io/library/busybox': {
    sizeBytes: 2 * MB,
    exitsOnSigterm: false,
    exits: { exitCode: 0, reason: 'Completed', afterMs: [50, 200], onlyWithoutCommand: true },
    tools: BUSYBOX_TOOLS,
    tags: {
      '1.36': { note: 'give it a command, e.g. sleep 3600' },
      '1.37': { note: 'give it a command, e.g. sleep 3600' },
      latest: { note: 'give it a command, e.g. sleep 3600' },
      stable: { note: 'give it a command, e.g. sleep 3600' },
    },
  },
  // A key-value store; exits promptly on SIGTERM after saving.
  'docker.io/library/redis': {
    sizeBytes: 45 * MB,
    exitsOnSigterm: true,
    listens: ['6379/tcp'],
    tools: DEBIAN_TOOLS,
    tags: {
      '7.2': { note: 'a long-term release' },
      '7.4': { note: 'a release' },
      '8.0': { note: 'a release' },
      latest: { note: 'the newest release' },
      alpine: { ...ALPINE, sizeBytes: 17 * MB, note: 'the small Alpine-based build' },
    },
  },
  // Apache httpd, another web server to roll out to.
  'docker.io/library/httpd': {
    sizeBytes: 58 * MB,
    exitsOnSigterm: true,
    listens: ['80/tcp'],
    tools: DEBIAN_TOOLS,
    tags: {
      '2.4': { note: 'the current branch' },
      latest: { note: 'the newest release' },
      alpine: { ...ALPINE, sizeBytes: 23 * MB, note: 'the small Alpine-based build' },
    },
  },
  // The cluster DNS server kubeadm installs.
  // Distroless: no shell at all. DNS on 53, metrics on 9153, health on 8080, ready on 8181.
  'registry.k8s.io/coredns/coredns': {
    sizeBytes: 22 * MB,
    exitsOnSigterm: true,
    listens: ['53/udp', '53/tcp', '9153/tcp', '8080/tcp', '8181/tcp'],
    tools: [],
    tags: {
      'v1.11.3': { note: 'kubeadm 1.32' },
      'v1.12.0': { note: 'kubeadm 1.33' },
      'v1.12.1': { note: 'kubeadm 1.34, what this cluster runs' },
    },
  },
  // The sandbox ("pause") image: holds the pod's network namespace; also runnable as a container.
  'registry.k8s.io/pause': {
    sizeBytes: 320_000,
    exitsOnSigterm: true,
    listens: [],
    tools: [],
    tags: {
      '3.9': { note: 'an older sandbox image' },
      '3.10': { note: 'the sandbox image containerd uses here' },
      '3.10.1': { note: 'the newest sandbox image' },
    },
  },
  // The Kubernetes e2e test image the docs' probe examples use. What it serves depends on its
  // arguments (`netexec --http-port=8080`), so it listens on the declared ports; it carries the
  // network tools of the hostexec image it grew from.
  'registry.k8s.io/e2e-test-images/agnhost': {
    sizeBytes: 52 * MB,
    exitsOnSigterm: true,
    tools: [...BUSYBOX_TOOLS, 'curl'],
    tags: { '2.39': { note: 'used by the Kubernetes docs' }, '2.40': { note: 'a newer build' } },
  },
  // Images made for teaching: nginx builds that go wrong in one way each, named for what they do.
  'docker.io/kubeplayground/web': {
    sizeBytes: 72 * MB,
    exitsOnSigterm: true,
    listens: ['80/tcp'],
    tools: NGINX_TOOLS,
    tags: {
      crashloop: {
        exits: CRASH,
        httpAnswer: 'refused',
        listens: [],
        note: 'exits with code 1 two seconds after starting: CrashLoopBackOff',
      },
      unready: {
        httpAnswer: 503,
        note: 'runs, but answers every probe with HTTP 503: never Ready',
      },
      oomkilled: {
        exits: { exitCode: 137, reason: 'OOMKilled', afterMs: [3000, 6000] },
        httpAnswer: 'refused',
        listens: [],
        note: 'runs out of memory a few seconds after starting: OOMKilled, then CrashLoopBackOff',
      },
    },
  },
}

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

/** The tag of a full reference, or undefined for a digest reference. */
function tagOf(fullImage: string): string | undefined {
  if (fullImage.includes('@')) return undefined
  const lastSlash = fullImage.lastIndexOf('/')
  const colon = fullImage.indexOf(':', lastSlash + 1)
  return colon === -1 ? undefined : fullImage.slice(colon + 1)
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

/** The tag a reference names: by tag, or by a digest that one of the repository's tags has. */
function tagSpec(repo: RepositorySpec, repository: string, full: string): TagSpec | undefined {
  const tag = tagOf(full)
  if (tag !== undefined) return repo.tags[tag]
  const digest = full.slice(full.indexOf('@') + 1)
  const match = Object.keys(repo.tags).find((t) => imageDigest(`${repository}:${t}`) === digest)
  return match === undefined ? undefined : repo.tags[match]
}

type Lookup = { info: ImageInfo } | { pullError: string }

/** Lookups are pure; the kubelet asks about the same few images for every pod event. */
const lookups = new Map<string, Lookup>()

/**
 * What pulling `image` gives: the image, or the error containerd returns, in the text the kubelet
 * puts into the Failed event and the container's waiting message.
 */
function lookup(image: string): Lookup {
  const cached = lookups.get(image)
  if (cached) return cached
  const full = normalizeImage(image)
  const repo = REGISTRY[repositoryOf(full)]
  const spec = repo ? tagSpec(repo, repositoryOf(full), full) : undefined
  let result: Lookup
  if (repo && spec) {
    const exits = spec.exits ?? repo.exits
    result = {
      info: {
        sizeBytes: spec.sizeBytes ?? repo.sizeBytes,
        exitsOnSigterm: spec.exitsOnSigterm ?? repo.exitsOnSigterm,
        ...(exits ? { exits } : {}),
        httpAnswer: spec.httpAnswer ?? 200,
        ...((spec.listens ?? repo.listens) ? { listens: spec.listens ?? repo.listens } : {}),
        tools: spec.tools ?? repo.tools,
      },
    }
  } else {
    result = { pullError: pullError(full, !repo) }
  }
  lookups.set(image, result)
  return result
}

/**
 * containerd's error for a reference the registry lacks. Docker Hub answers a repository it does
 * not have with "insufficient_scope" (it cannot tell a private repository from a missing one), a
 * missing tag with 404. The gRPC status prefix is kept for NotFound; the CRI client strips it from
 * Unknown errors ("We can strip the code from unknown status errors since they add no value",
 * staging/src/k8s.io/cri-client/pkg/remote_image.go pullImageV1). Texts as clusters print them in
 * `kubectl describe pod`.
 */
function pullError(full: string, noSuchRepository: boolean): string {
  const prefix = `failed to pull and unpack image "${full}": failed to resolve reference "${full}"`
  if (noSuchRepository && full.startsWith('docker.io/'))
    return `${prefix}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`
  return `rpc error: code = NotFound desc = ${prefix}: ${full}: not found`
}

/** What the registry knows of an image; a size for images it lacks, so callers need not care. */
export function imageInfo(image: string): ImageInfo {
  const found = lookup(image)
  return 'info' in found
    ? found.info
    : { sizeBytes: 0, exitsOnSigterm: true, httpAnswer: 200, tools: [] }
}

/** The pull error for an image the registry does not have; undefined when it pulls. */
export function imagePullError(image: string): string | undefined {
  const found = lookup(image)
  return 'pullError' in found ? found.pullError : undefined
}

/** How the container's process ends by itself, if it does (busybox only without a command). */
export function processExit(container: Container): ProcessExit | undefined {
  const exits = imageInfo(container.image).exits
  if (!exits) return undefined
  if (exits.onlyWithoutCommand && (container.command?.length || container.args?.length))
    return undefined
  return exits
}

/** The repositories and tags the simulated registry holds, with a note on each: for pickers. */
export function registryCatalogue(): { image: string; note: string }[] {
  const out: { image: string; note: string }[] = []
  for (const [repo, spec] of Object.entries(REGISTRY)) {
    const short = repo.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '')
    for (const [tag, t] of Object.entries(spec.tags))
      out.push({ image: `${short}:${tag}`, note: t.note })
  }
  return out
}
