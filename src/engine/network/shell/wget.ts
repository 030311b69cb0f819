/**
 * BusyBox `wget` (networking/wget.c, 1.36), the HTTP client every busybox and Alpine image has:
 * `wget -qO- URL` prints the body, `wget -S` shows the server's headers, `--spider` only checks.
 * Its messages go to stderr: `Connecting to web (10.104.62.15:80)`, the progress bar
 * (libbb/progress.c), and the fatal errors (`bad address`, `can't connect to remote host`, `server
 * returned error`, `download timed out`), all with exit status 1.
 *
 * The request goes where curl's does (podSockets.ts). Simplified: only http:// URLs; a file it
 * "saves" is not kept (the container has no simulated filesystem); redirects are not followed.
 */
import type { HttpAnswer } from './httpMessages'
import { plainToTls } from './httpServers'
import type { ToolResult } from './output'
import type { PodClient } from './podSockets'
import { SYN_TIMEOUT_MS, connectTcp, lookupHost } from './podSockets'

const USAGE = [
  'Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]',
  '\t[--post-data STR | --post-file FILE] [-Y on/off]',
  '\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...',
].join('\n')

/** BusyBox's bar is as wide as the terminal allows; 32 stars in an 80-column one. */
const BAR = `|${'*'.repeat(32)}|`

interface WgetOptions {
  quiet: boolean
  serverResponse: boolean
  spider: boolean
  output?: string
  timeoutS?: number
  userAgent?: string
  headers: string[]
  postData?: string
  urls: string[]
}

class WgetError extends Error {}

const LONG_WITH_ARG = new Set([
  'output-document',
  'output-file',
  'header',
  'post-data',
  'post-file',
  'user-agent',
  'timeout',
  'directory-prefix',
  'proxy',
  'tries',
])
const LONG_FLAGS = new Set([
  'quiet',
  'server-response',
  'spider',
  'continue',
  'no-check-certificate',
  'no-verbose',
  'passive-ftp',
])

function parse(argv: readonly string[]): WgetOptions {
  const o: WgetOptions = {
    quiet: false,
    serverResponse: false,
    spider: false,
    headers: [],
    urls: [],
  }
  const take = (name: string, value: string | undefined) => {
    switch (name) {
      case 'O':
      case 'output-document':
        o.output = value
        break
      case 'T':
      case 'timeout':
        o.timeoutS = Number(value)
        if (!/^\d+$/.test(value ?? '')) throw new WgetError(`invalid number '${value ?? ''}'`)
        break
      case 'U':
      case 'user-agent':
        o.userAgent = value
        break
      case 'header':
        if (value !== undefined) o.headers.push(value)
        break
      case 'post-data':
        o.postData = value
        break
      default:
        break
    }
  }
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i] as string
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=')
      const name = eq === -1 ? w.slice(2) : w.slice(2, eq)
      if (LONG_FLAGS.has(name)) {
        if (name === 'quiet') o.quiet = true
        if (name === 'server-response') o.serverResponse = true
        if (name === 'spider') o.spider = true
      } else if (LONG_WITH_ARG.has(name)) {
        const value = eq === -1 ? argv[++i] : w.slice(eq + 1)
        if (value === undefined) throw new WgetError(`option '--${name}' requires an argument`)
        take(name, value)
      } else throw new WgetError(`unrecognized option '${w}'`)
    } else if (w.startsWith('-') && w.length > 1) {
      for (let j = 1; j < w.length; j++) {
        const c = w[j] as string
        if ('OoPUTYt'.includes(c)) {
          const value = j + 1 < w.length ? w.slice(j + 1) : argv[++i]
          if (value === undefined) throw new WgetError(`option requires an argument -- '${c}'`)
          take(c, value)
          break
        }
        if (c === 'q') o.quiet = true
        else if (c === 'S') o.serverResponse = true
        else if (c === 'c') continue
        else throw new WgetError(`invalid option -- '${c}'`)
      }
    } else o.urls.push(w)
  }
  return o
}

interface Target {
  /** As BusyBox keeps it: the host with the port when one was given (`web:8080`). */
  hostPort: string
  host: string
  port: number
  path: string
}

function parseTarget(url: string): Target {
  let rest = url
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(rest)
  if (m) {
    const scheme = (m[1] as string).toLowerCase()
    if (scheme === 'https' || scheme === 'ftp')
      throw new WgetError(`kube-playground simulates only http:// URLs for BusyBox wget`)
    if (scheme !== 'http') throw new WgetError(`not an http or ftp url: ${url}`)
    rest = rest.slice(m[0].length)
  }
  const slash = rest.indexOf('/')
  const hostPort = slash === -1 ? rest : rest.slice(0, slash)
  const path = slash === -1 ? '/' : rest.slice(slash)
  const colon = hostPort.lastIndexOf(':')
  const host = (colon === -1 ? hostPort : hostPort.slice(0, colon)).toLowerCase()
  const port = colon === -1 ? 80 : Number(hostPort.slice(colon + 1))
  if (!host || !Number.isInteger(port) || port < 1 || port > 65535)
    throw new WgetError(`bad address '${hostPort}'`)
  return { hostPort, host, port, path }
}

/** The name a download is saved under: the last path segment, or index.html. */
function localName(path: string): string {
  const clean = path.replace(/[?#].*$/, '')
  const base = clean.slice(clean.lastIndexOf('/') + 1)
  return base || 'index.html'
}

/** Runs `wget ARGS…` (the words after `wget`) in a pod. */
export function wget(client: PodClient, argv: readonly string[]): ToolResult {
  const err: string[] = []
  const die = (message: string): ToolResult => ({
    stdout: '',
    stderr: [...err, `wget: ${message}`].join('\n'),
    code: 1,
  })
  let o: WgetOptions
  try {
    o = parse(argv)
  } catch (e) {
    if (!(e instanceof WgetError)) throw e
    return { stdout: '', stderr: `wget: ${e.message}\n${USAGE}`, code: 1 }
  }
  if (o.urls.length === 0) return { stdout: '', stderr: USAGE, code: 1 }
  let stdout = ''
  let backend: ToolResult['backend']
  for (const url of o.urls) {
    let target: Target
    try {
      target = parseTarget(url)
    } catch (e) {
      if (!(e instanceof WgetError)) throw e
      return die(e.message)
    }
    const lookup = lookupHost(client, target.host)
    const ip = lookup.ok ? [...lookup.v4, ...lookup.v6][0] : undefined
    if (!ip) return die(`bad address '${target.host}'`)
    if (!o.quiet) err.push(`Connecting to ${target.hostPort} (${ip}:${target.port})`)
    const conn = connectTcp(client, ip, target.port)
    if (conn.kind === 'silent') {
      // -T bounds the connect too (an alarm); without it the kernel's SYN retries end the wait.
      if (o.timeoutS !== undefined && o.timeoutS > 0 && o.timeoutS * 1000 < SYN_TIMEOUT_MS)
        return die('download timed out')
      return die(`can't connect to remote host (${ip}): Connection timed out`)
    }
    if (conn.kind === 'refused')
      return die(`can't connect to remote host (${ip}): Connection refused`)
    if (conn.kind === 'unreachable')
      return die(`can't connect to remote host (${ip}): ${conn.errno}`)
    const headers: [string, string][] = [
      ['Host', target.hostPort],
      ['User-Agent', o.userAgent ?? 'Wget'],
    ]
    for (const h of o.headers) {
      const c = h.indexOf(':')
      if (c > 0) headers.push([h.slice(0, c).trim(), h.slice(c + 1).trim()])
    }
    headers.push(['Connection', 'close'])
    if (o.postData !== undefined)
      headers.push(
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['Content-Length', String(o.postData.length)],
      )
    const method = o.postData !== undefined ? 'POST' : o.spider ? 'HEAD' : 'GET'
    const answer: HttpAnswer =
      conn.endpoint.tls !== 'none'
        ? plainToTls()
        : conn.endpoint.answer({
            method,
            target: target.path,
            headers,
            ...(o.postData !== undefined ? { body: o.postData } : {}),
            peer: conn.peer,
            nowMs: client.env.nowMs ?? 0,
          })
    if (answer.kind !== 'response') return die('error getting response')
    const statusLine =
      answer.protocol === 'HTTP/2'
        ? `HTTP/1.1 ${answer.status} ${answer.reason}`
        : `${answer.protocol} ${answer.status} ${answer.reason}`
    // -S shows the status line as it is read; the headers only once the status is accepted.
    if (o.serverResponse) err.push(`  ${statusLine}`)
    if (answer.status < 200 || answer.status >= 300)
      return die(`server returned error: ${statusLine}`)
    if (o.serverResponse) err.push(...answer.headers.map(([k, v]) => `  ${k}: ${v}`))
    backend = conn.endpoint.backend
    if (o.spider) {
      if (!o.quiet) err.push('remote file exists')
      continue
    }
    const toStdout = o.output === '-'
    const file = o.output ?? localName(target.path)
    const body = answer.body.replace(/\r\n/g, '\n')
    if (!o.quiet) {
      err.push(toStdout ? 'writing to stdout' : `saving to '${file}'`)
      const name = (toStdout ? '-' : file).slice(0, 20).padEnd(20)
      err.push(`${name} 100% ${BAR}${String(answer.body.length).padStart(6)}  0:00:00 ETA`)
      err.push(toStdout ? 'written to stdout' : `'${file}' saved`)
    }
    if (toStdout) stdout += body
  }
  return { stdout, stderr: err.join('\n'), code: 0, ...(backend ? { backend } : {}) }
}
