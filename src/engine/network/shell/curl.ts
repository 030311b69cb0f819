/**
 * `curl` in a container (`kubectl exec POD -- curl [flags] URL`), printing what curl prints: the
 * body on stdout; on stderr the progress meter (curl shows it whenever stdout is not a terminal,
 * which it is not under `kubectl exec` without -t), the -v trace, and `curl: (N) …` errors, with
 * curl's exit codes. The request travels the simulated network (podSockets.ts: /etc/hosts, the
 * cluster DNS, a trace of the SYN through kube-proxy) and is answered by the program listening where
 * it lands (httpServers.ts).
 *
 * Texts follow curl's sources: src/tool_getparam.c and tool_helpers.c (option errors), lib/connect.c
 * (`Failed to connect to %s port %u after %ld ms: %s`, with curl_easy_strerror of
 * CURLE_COULDNT_CONNECT, "Couldn't connect to server", and exit 28 when the errno was ETIMEDOUT;
 * "Timeout was reached" when curl's own connect timeout fired), lib/multi.c (`Connection timed out
 * after %ld milliseconds` for --max-time while connecting, `Resolving timed out after …`),
 * lib/hostip.c (`Could not resolve host: %s`), lib/http.c (`Received HTTP/0.9 when not allowed`,
 * `Empty reply from server`, `The requested URL returned error: %d`), lib/progress.c (the meter)
 * and src/tool_cb_dbg.c (`{ [615 bytes data]`).
 *
 * Two builds are simulated: Debian 12's curl 7.88.1 (in the official nginx images) and curl 8.5.0
 * for the Alpine-based images (agnhost, nginx:alpine). 8.5.0's -v announces the resolved addresses
 * (`* Host web:80 was resolved.`, `* IPv6: (none)`, `* IPv4: …`) and names the local end of a failed
 * connect; 7.88.1 numbers the connection instead (`port 80 (#0)`, `Closing connection 0`). Real
 * Alpine images carry whichever curl their Alpine release had; 8.5.0 stands for all of them.
 *
 * Simplified: one URL per run; -o writes nowhere (the container has no simulated filesystem); with
 * https, -v omits the TLS handshake lines and HTTP/2 stream lines; with -v the progress meter's
 * first line, which real curl interleaves with the trace, is left out. Sim time does not pass while
 * curl waits: a connection that times out reports the time it would have taken.
 */
import { normalizeImage, repositoryOf } from '../../kubelet/images'
import type { HttpAnswer, HttpEndpoint } from './httpMessages'
import { plainToTls } from './httpServers'
import type { ToolResult } from './output'
import type { Connection, PodClient } from './podSockets'
import { SYN_TIMEOUT_MS, connectTcp, lookupHost } from './podSockets'
import type { CurlOptions } from './curlOptions'
import { CurlUsageError, parseArgs } from './curlOptions'
import type { ParsedUrl } from './curlUrl'
import { CurlFailure, parseUrl } from './curlUrl'

/** The curl build an image carries. */
export interface CurlBuild {
  version: string
  /** curl ≥ 8.4's -v: resolved addresses announced, no connection numbers on Connected/Closing. */
  modern: boolean
  /** The TLS library, as curl prefixes its errors (8.x) . */
  ssl: string
}

const DEBIAN_CURL: CurlBuild = { version: '7.88.1', modern: false, ssl: 'OpenSSL/3.0.17' }
const ALPINE_CURL: CurlBuild = { version: '8.5.0', modern: true, ssl: 'OpenSSL/3.1.4' }

/** Which curl an image has: the Debian-based nginx builds 7.88.1, the Alpine-based ones 8.5.0. */
export function curlBuild(image: string | undefined): CurlBuild {
  if (!image) return ALPINE_CURL
  const full = normalizeImage(image)
  const repo = repositoryOf(full)
  const alpine = full.endsWith(':alpine')
  if ((repo === 'docker.io/library/nginx' || repo === 'docker.io/kubeplayground/web') && !alpine)
    return DEBIAN_CURL
  return ALPINE_CURL
}

// ---------------------------------------------------------------------------------------------
// The progress meter (lib/progress.c progress_meter, max5data, time2str)

const METER_HEADER = [
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current',
  '                                 Dload  Upload   Total   Spent    Left  Speed',
]

function max5(bytes: number): string {
  const K = 1024
  const M = K * K
  const G = M * K
  if (bytes < 100000) return String(bytes).padStart(5)
  if (bytes < 10000 * K) return `${String(Math.floor(bytes / K)).padStart(4)}k`
  if (bytes < 100 * M)
    return `${String(Math.floor(bytes / M)).padStart(2)}.${Math.floor((bytes % M) / (M / 10))}M`
  if (bytes < 10000 * M) return `${String(Math.floor(bytes / M)).padStart(4)}M`
  if (bytes < 100 * G)
    return `${String(Math.floor(bytes / G)).padStart(2)}.${Math.floor((bytes % G) / (G / 10))}G`
  return `${String(Math.floor(bytes / G)).padStart(4)}G`
}

function time2str(s: number): string {
  if (s <= 0) return '--:--:--'
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  return `${String(h).padStart(2)}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
}

function meterLine(total: number, received: number, speed: number, spentMs: number): string {
  const pct = (n: number) => String(total > 0 ? Math.floor((n * 100) / total) : 0).padStart(3)
  return [
    `${pct(received)} ${max5(total)}`,
    `${pct(received)} ${max5(received)}`,
    `${'0'.padStart(3)} ${max5(0)}`,
    `${max5(speed)}`,
    `${max5(0)} ${time2str(0)} ${time2str(Math.floor(spentMs / 1000))} ${time2str(0)} ${max5(speed)}`,
  ].join('  ')
}

// ---------------------------------------------------------------------------------------------
// A transfer

interface Transfer {
  /** Lines of the -v trace (already prefixed `* `, `> `, `< `, `{ `). */
  verbose: string[]
  stdoutBody: string
  /** What -i / -I print: the status line and headers, then a blank line. */
  headerBlock: string
  answer?: Extract<HttpAnswer, { kind: 'response' }>
  error?: { code: number; message: string }
  /** When the error is a certificate problem, curl explains at length. */
  certHelp?: boolean
  connection?: Extract<Connection, { kind: 'connected' }>
  endpoint?: HttpEndpoint
  elapsedUs: number
  lookupUs: number
  connectUs: number
  method: string
}

const CERT_HELP = `More details here: https://curl.se/docs/sslcerts.html

curl failed to verify the legitimacy of the server and therefore could not
establish a secure connection to it. To learn more about this situation and
how to fix it, please visit the web page mentioned above.`

function transfer(client: PodClient, o: CurlOptions, url: ParsedUrl, build: CurlBuild): Transfer {
  const method = o.method ?? (o.head ? 'HEAD' : o.data.length > 0 ? 'POST' : 'GET')
  const t: Transfer = {
    verbose: [],
    stdoutBody: '',
    headerBlock: '',
    elapsedUs: 0,
    lookupUs: 0,
    connectUs: 0,
    method,
  }
  const v = (line: string) => t.verbose.push(line)
  const closing = () => v(build.modern ? '* Closing connection' : '* Closing connection 0')
  const fail = (code: number, message: string) => {
    v(`* ${message}`)
    closing()
    t.error = { code, message }
    return t
  }
  const limits = [o.connectTimeoutS, o.maxTimeS].filter(
    (s): s is number => s !== undefined && s > 0,
  )
  const budgetMs = limits.length > 0 ? Math.min(...limits) * 1000 : undefined

  // Name resolution (getaddrinfo with AF_UNSPEC: /etc/hosts, then DNS).
  const lookup = lookupHost(client, url.host)
  t.lookupUs = lookup.us
  if (!lookup.ok) {
    if (lookup.error === 'TIMEOUT' && budgetMs !== undefined && budgetMs < lookup.us / 1000) {
      t.elapsedUs = budgetMs * 1000 + 1000
      return fail(28, `Resolving timed out after ${budgetMs + 1} milliseconds`)
    }
    t.elapsedUs = lookup.us
    return fail(6, `Could not resolve host: ${url.host}`)
  }
  if (build.modern && !lookup.literal) {
    v(`* Host ${url.host}:${url.port} was resolved.`)
    v(`* IPv6: ${lookup.v6.join(', ') || '(none)'}`)
    v(`* IPv4: ${lookup.v4.join(', ') || '(none)'}`)
  }

  // connect(), address by address (IPv6 first, as happy eyeballs starts).
  let elapsed = lookup.us
  let conn: Connection | undefined
  for (const ip of [...lookup.v6, ...lookup.v4]) {
    v(`*   Trying ${ip.includes(':') ? `[${ip}]` : ip}:${url.port}...`)
    conn = connectTcp(client, ip, url.port)
    if (conn.kind === 'connected') break
    const from = build.modern ? ` from ${conn.local.ip} port ${conn.local.port}` : ''
    if (conn.kind === 'silent') {
      // Nothing answers the SYN: curl's own timeout, or the kernel's retries, end the wait.
      if (budgetMs !== undefined && budgetMs < SYN_TIMEOUT_MS) {
        const took = budgetMs + 2
        t.elapsedUs = took * 1000
        const byMaxTime = o.maxTimeS !== undefined && o.maxTimeS * 1000 === budgetMs
        const byConnect = o.connectTimeoutS !== undefined && o.connectTimeoutS * 1000 === budgetMs
        if (byMaxTime && !byConnect)
          return fail(28, `Connection timed out after ${took} milliseconds`)
        return fail(
          28,
          `Failed to connect to ${url.host} port ${url.port} after ${took} ms: Timeout was reached`,
        )
      }
      const took = Math.floor(elapsed / 1000) + SYN_TIMEOUT_MS + 3
      v(`* connect to ${ip} port ${url.port}${from} failed: Connection timed out`)
      t.elapsedUs = took * 1000
      return fail(
        28,
        `Failed to connect to ${url.host} port ${url.port} after ${took} ms: Couldn't connect to server`,
      )
    }
    elapsed += conn.us
    v(
      `* connect to ${ip} port ${url.port}${from} failed: ${conn.kind === 'refused' ? 'Connection refused' : conn.errno}`,
    )
  }
  if (!conn || conn.kind !== 'connected') {
    t.elapsedUs = elapsed
    return fail(
      7,
      `Failed to connect to ${url.host} port ${url.port} after ${Math.floor(elapsed / 1000)} ms: Couldn't connect to server`,
    )
  }
  t.connection = conn
  t.endpoint = conn.endpoint
  t.connectUs = elapsed + conn.rttUs
  v(`* Connected to ${url.host} (${conn.ip}) port ${url.port}${build.modern ? '' : ' (#0)'}`)
  const tlsPrefix = build.modern ? `${build.ssl}: ` : ''
  let http2 = false
  if (url.scheme === 'https') {
    // Only the outcome of the handshake is simulated; its -v lines are not printed.
    if (conn.endpoint.tls === 'none')
      return fail(35, `${tlsPrefix}error:0A00010B:SSL routines::wrong version number`)
    if (!o.insecure) {
      t.certHelp = true
      return fail(60, 'SSL certificate problem: unable to get local issuer certificate')
    }
    if (conn.endpoint.tls === 'client-cert')
      return fail(
        56,
        `OpenSSL SSL_read: ${tlsPrefix}error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0`,
      )
    http2 = true
  }

  // The request, as curl composes it (lib/http.c): its own headers, then -H's, which replace or
  // (with an empty value) remove curl's.
  const body = o.data.join('&')
  const headers: [string, string][] = [
    ['Host', url.hostHeader],
    ['User-Agent', o.userAgent ?? `curl/${build.version}`],
    ['Accept', '*/*'],
  ]
  for (const h of o.headers) {
    const c = h.indexOf(':')
    if (c === -1) continue
    const name = h.slice(0, c).trim()
    const value = h.slice(c + 1).trim()
    const at = headers.findIndex(([k]) => k.toLowerCase() === name.toLowerCase())
    if (value === '') {
      if (at !== -1) headers.splice(at, 1)
    } else if (at !== -1) headers[at] = [name, value]
    else headers.push([name, value])
  }
  if (o.data.length > 0) {
    headers.push(['Content-Length', String(body.length)])
    if (!headers.some(([k]) => k.toLowerCase() === 'content-type'))
      headers.push(['Content-Type', 'application/x-www-form-urlencoded'])
  }
  v(`> ${method} ${url.target} ${http2 ? 'HTTP/2' : 'HTTP/1.1'}`)
  for (const [k, val] of headers) v(`> ${k}: ${val}`)
  v('>')
  if (body) v(`} [${body.length} bytes data]`)

  const answer: HttpAnswer =
    url.scheme === 'http' && conn.endpoint.tls !== 'none'
      ? plainToTls()
      : conn.endpoint.answer({
          method,
          target: url.target,
          headers,
          ...(body ? { body } : {}),
          peer: conn.peer,
          nowMs: client.env.nowMs ?? 0,
        })
  t.elapsedUs = t.connectUs + conn.rttUs + 100
  if (answer.kind === 'empty') return fail(52, 'Empty reply from server')
  if (answer.kind === 'not-http') return fail(1, 'Received HTTP/0.9 when not allowed')
  t.answer = answer
  const statusLine =
    answer.protocol === 'HTTP/2'
      ? `HTTP/2 ${answer.status}`
      : `${answer.protocol} ${answer.status} ${answer.reason}`
  v(`< ${statusLine}`)
  for (const [k, val] of answer.headers) v(`< ${k}: ${val}`)
  v('<')
  t.headerBlock = [statusLine, ...answer.headers.map(([k, val]) => `${k}: ${val}`), '', ''].join(
    '\n',
  )
  if (o.fail && answer.status >= 400) {
    // --fail: the body is not written; curl closes the connection.
    return fail(22, `The requested URL returned error: ${answer.status}`)
  }
  if (answer.body && method !== 'HEAD') {
    const toTerminal = client.env.tty === true && (o.output === undefined || o.output === '-')
    if (!toTerminal) v(`{ [${answer.body.length} bytes data]`)
    t.stdoutBody = answer.body.replace(/\r\n/g, '\n')
  }
  if (answer.closes) closing()
  else v(`* Connection #0 to host ${url.host} left intact`)
  return t
}

// ---------------------------------------------------------------------------------------------
// -w

/** %{variable} of --write-out (src/tool_writeout.c), for the ones a learner reaches for. */
function writeOut(
  format: string,
  t: Transfer | undefined,
  url: ParsedUrl | undefined,
  exit: number,
  errorMessage: string,
  warnings: string[],
): string {
  const secs = (us: number) => (us / 1_000_000).toFixed(6)
  const vars: Record<string, string> = {
    http_code: String(t?.answer?.status ?? 0).padStart(3, '0'),
    response_code: String(t?.answer?.status ?? 0).padStart(3, '0'),
    remote_ip: t?.connection?.ip ?? '',
    remote_port: t?.connection ? String(t.connection.port) : '',
    local_ip: t?.connection?.local.ip ?? '',
    local_port: t?.connection ? String(t.connection.local.port) : '',
    size_download: String(t?.answer && t.method !== 'HEAD' ? t.answer.body.length : 0),
    size_header: String(t?.answer ? t.headerBlock.replace(/\n/g, '\r\n').length : 0),
    content_type: t?.answer?.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '',
    url_effective: url?.text ?? '',
    url: url?.text ?? '',
    method: t?.method ?? '',
    scheme: url ? url.scheme.toUpperCase() : '',
    http_version: t?.answer ? t.answer.protocol.replace('HTTP/', '') : '0',
    num_connects: t?.connection ? '1' : '0',
    exitcode: String(exit),
    errormsg: errorMessage,
    time_namelookup: secs(t?.lookupUs ?? 0),
    time_connect: secs(t?.connection ? t.connectUs : 0),
    time_appconnect: secs(0),
    time_pretransfer: secs(t?.connection ? t.connectUs : 0),
    time_starttransfer: secs(t?.answer ? t.elapsedUs - 50 : 0),
    time_total: secs(t?.elapsedUs ?? 0),
  }
  let out = ''
  for (let i = 0; i < format.length; i++) {
    const ch = format[i] as string
    if (ch === '%' && format[i + 1] === '%') {
      out += '%'
      i++
    } else if (ch === '%' && format[i + 1] === '{') {
      const end = format.indexOf('}', i)
      if (end === -1) {
        out += ch
        continue
      }
      const name = format.slice(i + 2, end)
      const value = vars[name]
      if (value === undefined) warnings.push(`curl: unknown --write-out variable: '${name}'`)
      else out += value
      i = end
    } else if (ch === '\\' && i + 1 < format.length) {
      const next = format[i + 1] as string
      out +=
        next === 'n'
          ? '\n'
          : next === 't'
            ? '\t'
            : next === 'r'
              ? '\r'
              : next === '\\'
                ? '\\'
                : `\\${next}`
      i++
    } else out += ch
  }
  return out
}

// ---------------------------------------------------------------------------------------------

const TRY_HELP = "curl: try 'curl --help' or 'curl --manual' for more information"

/** Runs `curl ARGS…` (the words after `curl`) in a pod. */
export function curl(client: PodClient, argv: readonly string[]): ToolResult {
  let o: CurlOptions
  try {
    o = parseArgs(argv)
  } catch (err) {
    if (!(err instanceof CurlUsageError)) throw err
    return { stdout: '', stderr: `curl: ${err.message}\n${TRY_HELP}`, code: 2 }
  }
  const build = curlBuild(client.env.image)
  if (o.urls.length === 0)
    return { stdout: '', stderr: `curl: no URL specified!\n${TRY_HELP}`, code: 2 }
  if (o.urls.length > 1)
    return {
      stdout: '',
      stderr: 'curl: kube-playground runs one URL per curl: give one URL',
      code: 2,
    }
  let url: ParsedUrl | undefined
  let t: Transfer | undefined
  let error: { code: number; message: string } | undefined
  try {
    url = parseUrl(o.urls[0] as string)
    t = transfer(client, o, url, build)
    error = t.error
  } catch (err) {
    if (!(err instanceof CurlFailure)) throw err
    error = { code: err.code, message: err.message }
  }
  const code = error?.code ?? 0
  const toStdout = o.output === undefined || o.output === '-'
  const stdoutTerminal = client.env.tty === true && toStdout
  const meter = !o.silent && !o.noProgress && !stdoutTerminal
  const showError = !o.silent || o.showError

  let out = ''
  if (t && !error && toStdout) out = (o.include || o.head ? t.headerBlock : '') + t.stdoutBody
  const warnings: string[] = []
  if (o.writeOut !== undefined)
    out += writeOut(o.writeOut, t, url, code, error?.message ?? '', warnings)

  const received = t?.answer && t.method !== 'HEAD' && !error ? t.answer.body.length : 0
  const lengthHeader = t?.answer?.headers.find(([k]) => k.toLowerCase() === 'content-length')?.[1]
  const total = error ? 0 : lengthHeader !== undefined ? Number(lengthHeader) : received
  const elapsedUs = Math.max(1, t?.elapsedUs ?? 1)
  const speed = received > 0 ? Math.floor((received * 1_000_000) / elapsedUs) : 0
  const message = error && showError ? `curl: (${error.code}) ${error.message}` : ''
  // No meter when curl fails before a transfer starts (a URL it cannot use).
  const showMeter = meter && t !== undefined
  const lastMeter = meterLine(total, received, speed, Math.floor(elapsedUs / 1000))
  const err: string[] = showMeter ? [...METER_HEADER] : []
  const trace = o.verbose && t ? [...t.verbose] : []
  if (showMeter && !error) {
    // The meter's last state is drawn before curl's last word on the connection.
    const last = trace.pop()
    err.push(...trace, lastMeter, ...(last !== undefined ? [last] : []))
  } else {
    err.push(...trace)
    // After a failure curl prints its error right after the meter, with no newline between.
    if (showMeter) err.push(lastMeter + message)
    else if (message) err.push(message)
  }
  if (error && showError && t?.certHelp) err.push(CERT_HELP)
  err.push(...warnings)

  const backend = t?.answer ? t.endpoint?.backend : undefined
  return {
    stdout: out,
    stderr: err.join('\n'),
    code,
    ...(backend ? { backend } : {}),
  }
}
