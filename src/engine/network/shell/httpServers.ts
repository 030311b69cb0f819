/**
 * What answers an HTTP request that reached a socket in the simulated cluster: the process behind
 * the port (nginx, Apache httpd, agnhost netexec, Redis, CoreDNS's health endpoints, a node's
 * daemons), with the status line, headers and body that program sends. curl and wget print them.
 *
 * Only what a learner is likely to ask for is modelled; everything else that listens closes the
 * connection without a reply (curl: "Empty reply from server"), which is what a server that does
 * not speak HTTP usually does once it cannot parse the request.
 */
import type { Container, Pod } from '../../model/pod'
import { toTimestamp, fromTimestamp } from '../../model/time'
import { imageInfo, normalizeImage, repositoryOf } from '../../kubelet/images'
import { podHostname } from '../dns/etcHosts'

/** Who answered: a container of a pod, or a daemon on a node's host network. */
export type HttpBackend =
  | { kind: 'pod'; namespace: string; name: string; container: string; image: string }
  | { kind: 'node'; name: string; process: string }

export interface HttpRequest {
  method: string
  /** The request target: path and query (`/echo?msg=hi`). */
  target: string
  /** Header lines in the order sent, the Host line first. */
  headers: readonly (readonly [string, string])[]
  body?: string
  /** The client as the server sees it (after any SNAT on the way). */
  peer: { ip: string; port: number }
  /** Sim time when the request arrives, for Date headers and clocks. */
  nowMs: number
}

export type HttpAnswer =
  | {
      kind: 'response'
      /** The status line's protocol: `HTTP/1.1`, `HTTP/1.0`, or `HTTP/2` (curl prints it so). */
      protocol: 'HTTP/1.1' | 'HTTP/1.0' | 'HTTP/2'
      status: number
      reason: string
      headers: [string, string][]
      /** The body as sent (CR LF where the server sends them). */
      body: string
      /** The server closes the connection after this answer (HTTP/1.0, no length). */
      closes?: boolean
    }
  /** Bytes that are not an HTTP status line (curl refuses them as HTTP/0.9). */
  | { kind: 'not-http'; data: string }
  /** The server closed the connection without sending anything. */
  | { kind: 'empty' }

/** How the socket behaves towards a TLS ClientHello. */
export type TlsMode =
  | 'none'
  /** A TLS server whose certificate the cluster CA signed (no public CA vouches for it). */
  | 'server'
  /** A TLS server that demands a client certificate (etcd's --client-cert-auth). */
  | 'client-cert'

export interface HttpEndpoint {
  backend: HttpBackend
  tls: TlsMode
  answer(req: HttpRequest): HttpAnswer
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Tomohiko Sakamoto's day of the week, 0 = Sunday. */
function weekday(y: number, m: number, d: number): number {
  const t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
  const yy = m < 3 ? y - 1 : y
  return (
    (yy +
      Math.floor(yy / 4) -
      Math.floor(yy / 100) +
      Math.floor(yy / 400) +
      (t[m - 1] as number) +
      d) %
    7
  )
}

/** An RFC 3339 UTC timestamp as an HTTP date (RFC 9110 IMF-fixdate): `Mon, 05 Jan 2026 09:01:00 GMT`. */
export function imfDate(rfc3339: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})/.exec(rfc3339)
  if (!m) return rfc3339
  const [, y = '', mo = '', d = '', hms = ''] = m
  const day = DAYS[weekday(Number(y), Number(mo), Number(d))] as string
  return `${day}, ${d} ${MONTHS[Number(mo) - 1] as string} ${y} ${hms} GMT`
}

/** The HTTP date of a sim time. */
export function httpDate(simMs: number): string {
  return imfDate(toTimestamp(simMs))
}

/** `%XX` and `+` decoded, as Go's url.QueryUnescape does; a malformed escape is kept as it is. */
function unescapeQuery(text: string): string {
  const spaced = text.replace(/\+/g, ' ')
  try {
    return decodeURIComponent(spaced)
  } catch {
    return spaced
  }
}

/** The path, and the query's first value of each key (what r.FormValue returns). */
function splitTarget(target: string): { path: string; query: Map<string, string> } {
  const q = target.indexOf('?')
  const query = new Map<string, string>()
  if (q === -1) return { path: target, query }
  for (const pair of target.slice(q + 1).split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    const key = unescapeQuery(eq === -1 ? pair : pair.slice(0, eq))
    if (!query.has(key)) query.set(key, eq === -1 ? '' : unescapeQuery(pair.slice(eq + 1)))
  }
  return { path: target.slice(0, q), query }
}

function tagOf(image: string): string {
  const full = normalizeImage(image)
  const slash = full.lastIndexOf('/')
  const colon = full.indexOf(':', slash + 1)
  return colon === -1 ? '' : full.slice(colon + 1)
}

// ---------------------------------------------------------------------------------------------
// nginx (the official image's default server: /usr/share/nginx/html, nginx.conf's default.conf)

/**
 * The nginx release each tag held when this simulator was written, and the day its package was
 * built (the mtime of /usr/share/nginx/html/index.html, hence Last-Modified and the ETag). The time
 * of day is illustrative. `kubeplayground/web` images are builds of nginx 1.25.
 */
const NGINX_RELEASES: Record<string, { version: string; built: string }> = {
  '1.25': { version: '1.25.5', built: '2024-04-16T14:29:59Z' },
  '1.26': { version: '1.26.3', built: '2025-02-05T11:06:32Z' },
  '1.27': { version: '1.27.5', built: '2025-04-16T12:01:11Z' },
  '1.28': { version: '1.28.0', built: '2025-04-23T11:48:54Z' },
  stable: { version: '1.28.0', built: '2025-04-23T11:48:54Z' },
  mainline: { version: '1.29.1', built: '2025-08-13T15:02:23Z' },
  latest: { version: '1.29.1', built: '2025-08-13T15:02:23Z' },
  alpine: { version: '1.29.1', built: '2025-08-13T15:02:23Z' },
}
const NGINX_DEFAULT_RELEASE = { version: '1.25.5', built: '2024-04-16T14:29:59Z' }

/** The nginx release an image runs (`nginx:1.25` → 1.25.5). */
export function nginxRelease(image: string): { version: string; built: string } {
  const repo = repositoryOf(normalizeImage(image))
  if (repo !== 'docker.io/library/nginx') return NGINX_DEFAULT_RELEASE
  return NGINX_RELEASES[tagOf(image)] ?? NGINX_DEFAULT_RELEASE
}

/** nginx's docs/html/index.html, as every official image serves it at `/` (615 bytes). */
export const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`

const REASONS: Record<number, string> = {
  200: 'OK',
  302: 'Found',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Not Allowed',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
}

/** nginx's built-in error page (src/http/ngx_http_special_response.c), CR LF line ends. */
function nginxErrorPage(status: number, version: string): string {
  const title = `${status} ${REASONS[status] ?? 'Error'}`
  return [
    '<html>',
    `<head><title>${title}</title></head>`,
    '<body>',
    `<center><h1>${title}</h1></center>`,
    `<hr><center>nginx/${version}</center>`,
    '</body>',
    '</html>',
    '',
  ].join('\r\n')
}

function nginxEndpoint(backend: HttpBackend, image: string): HttpEndpoint {
  const { version, built } = nginxRelease(image)
  // A teaching image that answers every request with an error status (kubeplayground/web:unready).
  const forced = imageInfo(image).httpAnswer
  const mtime = Math.floor((fromTimestamp(built) - fromTimestamp('1970-01-01T00:00:00Z')) / 1000)
  return {
    backend,
    tls: 'none',
    answer(req) {
      const { path } = splitTarget(req.target)
      // HTTP/1.1 keeps the connection unless the client asks to close it (BusyBox wget does).
      const connection = req.headers.some(
        ([k, v]) => k.toLowerCase() === 'connection' && v.toLowerCase() === 'close',
      )
        ? 'close'
        : 'keep-alive'
      const common = (len: number): [string, string][] => [
        ['Server', `nginx/${version}`],
        ['Date', httpDate(req.nowMs)],
        ['Content-Type', 'text/html'],
        ['Content-Length', String(len)],
      ]
      const error = (status: number): HttpAnswer => {
        const body = nginxErrorPage(status, version)
        return {
          kind: 'response',
          protocol: 'HTTP/1.1',
          status,
          reason: REASONS[status] ?? 'Error',
          headers: [...common(body.length), ['Connection', connection]],
          body: req.method === 'HEAD' ? '' : body,
        }
      }
      if (typeof forced === 'number' && forced >= 400) return error(forced)
      if (path !== '/' && path !== '/index.html') return error(404)
      // The static module answers only GET and HEAD (ngx_http_static_handler: NGX_HTTP_NOT_ALLOWED).
      if (req.method !== 'GET' && req.method !== 'HEAD') return error(405)
      const body = NGINX_INDEX
      return {
        kind: 'response',
        protocol: 'HTTP/1.1',
        status: 200,
        reason: 'OK',
        headers: [
          ...common(body.length),
          ['Last-Modified', imfDate(built)],
          ['Connection', connection],
          // ngx_http_set_etag: "<mtime in hex>-<length in hex>".
          ['ETag', `"${mtime.toString(16)}-${body.length.toString(16)}"`],
          ['Accept-Ranges', 'bytes'],
        ],
        body: req.method === 'HEAD' ? '' : body,
      }
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Apache httpd (the official image: htdocs/index.html "It works!")

const HTTPD_VERSION = '2.4.65'
const HTTPD_INDEX = '<html><body><h1>It works!</h1></body></html>\n'
const HTTPD_NOT_FOUND = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>404 Not Found</title>
</head><body>
<h1>Not Found</h1>
<p>The requested URL was not found on this server.</p>
</body></html>
`

function httpdEndpoint(backend: HttpBackend): HttpEndpoint {
  return {
    backend,
    tls: 'none',
    answer(req) {
      const { path } = splitTarget(req.target)
      const head = [
        ['Date', httpDate(req.nowMs)],
        ['Server', `Apache/${HTTPD_VERSION} (Unix)`],
      ] as [string, string][]
      if (path !== '/' && path !== '/index.html')
        return {
          kind: 'response',
          protocol: 'HTTP/1.1',
          status: 404,
          reason: 'Not Found',
          headers: [
            ...head,
            ['Content-Length', String(HTTPD_NOT_FOUND.length)],
            ['Content-Type', 'text/html; charset=iso-8859-1'],
          ],
          body: req.method === 'HEAD' ? '' : HTTPD_NOT_FOUND,
        }
      return {
        kind: 'response',
        protocol: 'HTTP/1.1',
        status: 200,
        reason: 'OK',
        headers: [
          ...head,
          // The file's mtime and inode-less ETag have been the same in every release since 2007.
          ['Last-Modified', 'Mon, 11 Jun 2007 18:53:14 GMT'],
          ['ETag', '"2d-432a5e4a73a80"'],
          ['Accept-Ranges', 'bytes'],
          ['Content-Length', String(HTTPD_INDEX.length)],
          ['Content-Type', 'text/html'],
        ],
        body: req.method === 'HEAD' ? '' : HTTPD_INDEX,
      }
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Go's net/http servers (agnhost netexec, CoreDNS's health and ready plugins, kube-proxy healthz)

/**
 * A response as Go's net/http writes it (server.go chunkWriter.writeHeader): the handler's own
 * headers sorted by name, then Date, Content-Length and a sniffed Content-Type. A HEAD request gets
 * no Content-Length (the handler's writes are discarded before they are counted).
 */
function goResponse(
  req: HttpRequest,
  status: number,
  body: string,
  own: [string, string][] = [],
): HttpAnswer {
  const reason = status === 412 ? 'Precondition Failed' : (REASONS[status] ?? 'Unknown')
  const head = req.method === 'HEAD'
  const headers: [string, string][] = [...own].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  headers.push(['Date', httpDate(req.nowMs)])
  if (!head || body.length === 0) headers.push(['Content-Length', String(body.length)])
  if (!own.some(([k]) => k === 'Content-Type') && (body.length > 0 || head))
    headers.push(['Content-Type', 'text/plain; charset=utf-8'])
  return {
    kind: 'response',
    protocol: 'HTTP/1.1',
    status,
    reason: status === 405 ? 'Method Not Allowed' : reason,
    headers,
    body: head ? '' : body,
  }
}

/** http.NotFound / http.Error: the text, a newline, and two headers of its own. */
function goError(req: HttpRequest, status: number, text: string): HttpAnswer {
  return goResponse(req, status, `${text}\n`, [
    ['Content-Type', 'text/plain; charset=utf-8'],
    ['X-Content-Type-Options', 'nosniff'],
  ])
}

/** Go's time.Time.String(): `2026-01-05 09:01:02.5 +0000 UTC m=+62.500000000` (trailing zeros cut). */
function goNow(nowMs: number, startedMs: number): string {
  const ts = toTimestamp(nowMs)
  const ms = nowMs % 1000
  const frac = ms === 0 ? '' : `.${String(ms).padStart(3, '0').replace(/0+$/, '')}`
  const mono = Math.max(0, nowMs - startedMs)
  const monoText = `${Math.floor(mono / 1000)}.${String(mono % 1000).padStart(3, '0')}000000`
  return `${ts.slice(0, 10)} ${ts.slice(11, 19)}${frac} +0000 UTC m=+${monoText}`
}

/**
 * agnhost netexec (test/images/agnhost/netexec/netexec.go addRoutes): `/` (and any path no other
 * route takes) prints the time, `/hostname` the pod's hostname, `/clientip` the address the
 * connection came from, `/echo?msg=` the message. The routes that act on the process or run
 * commands are not simulated and say so.
 */
function netexecEndpoint(backend: HttpBackend, pod: Pod, container: Container): HttpEndpoint {
  const status = pod.status.containerStatuses?.find((s) => s.name === container.name)
  const startedMs = fromTimestamp(status?.state.running?.startedAt ?? '')
  return {
    backend,
    tls: 'none',
    answer(req) {
      const { path, query } = splitTarget(req.target)
      switch (path) {
        case '/hostname':
        case '/hostName':
          return goResponse(req, 200, podHostname(pod))
        case '/clientip':
          // net.JoinHostPort: an IPv6 address in brackets.
          return goResponse(
            req,
            200,
            `${req.peer.ip.includes(':') ? `[${req.peer.ip}]` : req.peer.ip}:${req.peer.port}`,
          )
        case '/echo': {
          const code = query.get('code')
          return goResponse(
            req,
            code && /^\d{3}$/.test(code) ? Number(code) : 200,
            query.get('msg') ?? '',
          )
        }
        case '/healthz':
          return goResponse(req, 200, '')
        case '/dial':
        case '/shell':
        case '/upload':
        case '/exit':
        case '/shutdown':
        case '/redirect':
          return goError(
            req,
            501,
            `kube-playground: agnhost netexec's ${path} is not simulated (it would act on the process or the network)`,
          )
        default:
          return goResponse(
            req,
            200,
            `NOW: ${goNow(req.nowMs, Number.isNaN(startedMs) ? 0 : startedMs)}`,
          )
      }
    },
  }
}

/** A Go server that answers one path with `OK`-style text (CoreDNS health/ready, kube-proxy healthz). */
function goPathEndpoint(backend: HttpBackend, routes: Record<string, string>): HttpEndpoint {
  return {
    backend,
    tls: 'none',
    answer(req) {
      const { path } = splitTarget(req.target)
      const body = routes[path]
      return body === undefined
        ? goError(req, 404, '404 page not found')
        : goResponse(req, 200, body)
    },
  }
}

/** Go's crypto/tls server given plain HTTP (net/http server.go: "Client sent an HTTP request to an HTTPS server."). */
const PLAIN_TO_TLS: HttpAnswer = {
  kind: 'response',
  protocol: 'HTTP/1.0',
  status: 400,
  reason: 'Bad Request',
  headers: [],
  body: 'Client sent an HTTP request to an HTTPS server.\n',
  closes: true,
}

/** A fixed UUID-looking id from a seed text, for headers that carry one. */
function pseudoUuid(seed: string): string {
  let hex = ''
  for (let i = 0; hex.length < 32; i++) {
    let h = 0x811c9dc5
    for (const ch of `${seed}#${i}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0
    hex += h.toString(16).padStart(8, '0')
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/**
 * kube-apiserver to an anonymous client (kubeadm keeps --anonymous-auth): the health endpoints are
 * readable by everyone (ClusterRole system:public-info-viewer), anything else is Forbidden with a
 * Status object. It speaks HTTP/2 to curl (ALPN h2).
 */
function apiserverEndpoint(backend: HttpBackend): HttpEndpoint {
  return {
    backend,
    tls: 'server',
    answer(req) {
      const { path } = splitTarget(req.target)
      const id = pseudoUuid(`${req.nowMs}${req.target}`)
      const pf: [string, string][] = [
        ['x-kubernetes-pf-flowschema-uid', pseudoUuid('flowschema/global-default')],
        ['x-kubernetes-pf-prioritylevel-uid', pseudoUuid('prioritylevel/global-default')],
      ]
      if (path === '/healthz' || path === '/livez' || path === '/readyz') {
        const body = 'ok'
        return {
          kind: 'response',
          protocol: 'HTTP/2',
          status: 200,
          reason: '',
          headers: [
            ['audit-id', id],
            ['cache-control', 'no-cache, private'],
            ['content-type', 'text/plain; charset=utf-8'],
            ['x-content-type-options', 'nosniff'],
            ...pf,
            ['content-length', String(body.length)],
            ['date', httpDate(req.nowMs)],
          ],
          body: req.method === 'HEAD' ? '' : body,
        }
      }
      const verb = req.method === 'GET' || req.method === 'HEAD' ? 'get' : req.method.toLowerCase()
      const body = `{
  "kind": "Status",
  "apiVersion": "v1",
  "metadata": {},
  "status": "Failure",
  "message": "forbidden: User \\"system:anonymous\\" cannot ${verb} path \\"${path}\\"",
  "reason": "Forbidden",
  "details": {},
  "code": 403
}`
      return {
        kind: 'response',
        protocol: 'HTTP/2',
        status: 403,
        reason: '',
        headers: [
          ['audit-id', id],
          ['cache-control', 'no-cache, private'],
          ['content-type', 'application/json'],
          ['x-content-type-options', 'nosniff'],
          ...pf,
          ['content-length', String(body.length)],
          ['date', httpDate(req.nowMs)],
        ],
        body: req.method === 'HEAD' ? '' : body,
      }
    },
  }
}

/** The kubelet's API to an anonymous client: kubeadm turns anonymous authentication off. */
function kubeletEndpoint(backend: HttpBackend): HttpEndpoint {
  return {
    backend,
    tls: 'server',
    answer(req) {
      const body = 'Unauthorized'
      return {
        kind: 'response',
        protocol: 'HTTP/2',
        status: 401,
        reason: '',
        headers: [
          ['content-type', 'text/plain; charset=utf-8'],
          ['content-length', String(body.length)],
          ['date', httpDate(req.nowMs)],
        ],
        body: req.method === 'HEAD' ? '' : body,
      }
    },
  }
}

/** A socket whose process does not speak HTTP: it drops the connection without a reply. */
function silentEndpoint(backend: HttpBackend, tls: TlsMode = 'none'): HttpEndpoint {
  return { backend, tls, answer: () => ({ kind: 'empty' }) }
}

/** The container of `pod` that holds `port`, and what it serves there. */
export function podEndpoint(pod: Pod, container: Container, port: number): HttpEndpoint {
  const backend: HttpBackend = {
    kind: 'pod',
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name,
    container: container.name,
    image: container.image,
  }
  const repo = repositoryOf(normalizeImage(container.image))
  switch (repo) {
    case 'docker.io/library/nginx':
    case 'docker.io/kubeplayground/web':
      return port === 80 ? nginxEndpoint(backend, container.image) : silentEndpoint(backend)
    case 'docker.io/library/httpd':
      return port === 80 ? httpdEndpoint(backend) : silentEndpoint(backend)
    case 'docker.io/library/redis':
      // Redis reads `GET / HTTP/1.1` as an inline command, answers it with an error, then closes
      // the connection on the `Host:` line (its cross-protocol scripting guard).
      return {
        backend,
        tls: 'none',
        answer: () => ({
          kind: 'not-http',
          data: "-ERR wrong number of arguments for 'get' command\r\n",
        }),
      }
    case 'registry.k8s.io/coredns/coredns':
      if (port === 8080) return goPathEndpoint(backend, { '/health': 'OK' })
      if (port === 8181) return goPathEndpoint(backend, { '/ready': 'OK' })
      return silentEndpoint(backend)
    case 'registry.k8s.io/e2e-test-images/agnhost': {
      const args = [...(container.command ?? []), ...(container.args ?? [])]
      if (args[0] === 'netexec') {
        const flag = args.find((a) => a.startsWith('--http-port='))
        const httpPort = flag ? Number(flag.slice('--http-port='.length)) : 8080
        if (port === httpPort) return netexecEndpoint(backend, pod, container)
      }
      return silentEndpoint(backend)
    }
    default:
      return silentEndpoint(backend)
  }
}

/** A node daemon's socket (listeners.ts nodeListeners). */
export function nodeEndpoint(node: string, process: string, port: number): HttpEndpoint {
  const backend: HttpBackend = { kind: 'node', name: node, process }
  if (process === 'kube-apiserver') return apiserverEndpoint(backend)
  if (process === 'kubelet') return kubeletEndpoint(backend)
  if (process === 'etcd') return silentEndpoint(backend, 'client-cert')
  // kube-proxy's health server (10256) answers JSON about its last sync; not modelled.
  if (process === 'kube-proxy' && port === 10256)
    return {
      backend,
      tls: 'none',
      answer: (req) =>
        goError(req, 501, "kube-playground: kube-proxy's health server is not simulated"),
    }
  if (process === 'sshd')
    return {
      backend,
      tls: 'none',
      answer: () => ({ kind: 'not-http', data: 'SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5\r\n' }),
    }
  return silentEndpoint(backend)
}

/** What a TLS server answers when the client sends plain HTTP instead of a ClientHello. */
export function plainToTls(): HttpAnswer {
  return PLAIN_TO_TLS
}
