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
import { fromTimestamp, toTimestamp } from '../../model/time'
import { normalizeImage, repositoryOf } from '../../kubelet/images'
import { podHostname } from '../dns/etcHosts'
import type { HttpAnswer, HttpBackend, HttpEndpoint, HttpRequest, TlsMode } from './httpMessages'
import { HTTP_REASONS, httpDate, splitTarget } from './httpMessages'
import { nginxEndpoint } from './nginxServer'

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
  const reason = status === 412 ? 'Precondition Failed' : (HTTP_REASONS[status] ?? 'Unknown')
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
