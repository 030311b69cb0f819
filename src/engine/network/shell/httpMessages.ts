/**
 * HTTP as the simulated servers speak it: who answered, the request they got, the answer they
 * give (a status line, headers and body, or a closed connection), IMF-fixdate dates from sim time,
 * and a request target split into path and query.
 */
import { toTimestamp } from '../../model/time'

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
export function splitTarget(target: string): { path: string; query: Map<string, string> } {
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

/** Reason phrases of the statuses the simulated servers send. */
export const HTTP_REASONS: Record<number, string> = {
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
