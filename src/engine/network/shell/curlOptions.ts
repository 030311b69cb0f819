/**
 * curl's command line as src/tool_getparam.c reads it: short flags that may be combined (`-sSv`),
 * long options, the options that take a value, and the errors for an unknown option, a missing or
 * non-numeric value. Real options the simulator does not model are refused as such.
 */
export interface CurlOptions {
  silent: boolean
  showError: boolean
  verbose: boolean
  head: boolean
  include: boolean
  fail: boolean
  insecure: boolean
  noProgress: boolean
  output?: string
  writeOut?: string
  maxTimeS?: number
  connectTimeoutS?: number
  headers: string[]
  method?: string
  data: string[]
  userAgent?: string
  urls: string[]
}

type OptionKey =
  | 'silent'
  | 'showError'
  | 'verbose'
  | 'head'
  | 'include'
  | 'fail'
  | 'insecure'
  | 'noProgress'
  | 'location'
  | 'output'
  | 'remoteName'
  | 'writeOut'
  | 'maxTime'
  | 'connectTimeout'
  | 'header'
  | 'request'
  | 'data'
  | 'userAgent'
  | 'url'
  | 'ignoredFlag'
  | 'ignoredArg'

interface OptionSpec {
  long: string
  short?: string
  arg: boolean
  key: OptionKey
}

/** The options simulated (src/tool_listhelp.c names them). */
const OPTIONS: readonly OptionSpec[] = [
  { long: 'silent', short: 's', arg: false, key: 'silent' },
  { long: 'show-error', short: 'S', arg: false, key: 'showError' },
  { long: 'verbose', short: 'v', arg: false, key: 'verbose' },
  { long: 'head', short: 'I', arg: false, key: 'head' },
  { long: 'include', short: 'i', arg: false, key: 'include' },
  { long: 'fail', short: 'f', arg: false, key: 'fail' },
  { long: 'insecure', short: 'k', arg: false, key: 'insecure' },
  { long: 'no-progress-meter', arg: false, key: 'noProgress' },
  { long: 'location', short: 'L', arg: false, key: 'location' },
  { long: 'output', short: 'o', arg: true, key: 'output' },
  { long: 'remote-name', short: 'O', arg: false, key: 'remoteName' },
  { long: 'write-out', short: 'w', arg: true, key: 'writeOut' },
  { long: 'max-time', short: 'm', arg: true, key: 'maxTime' },
  { long: 'connect-timeout', arg: true, key: 'connectTimeout' },
  { long: 'header', short: 'H', arg: true, key: 'header' },
  { long: 'request', short: 'X', arg: true, key: 'request' },
  { long: 'data', short: 'd', arg: true, key: 'data' },
  { long: 'data-raw', arg: true, key: 'data' },
  { long: 'data-binary', arg: true, key: 'data' },
  { long: 'user-agent', short: 'A', arg: true, key: 'userAgent' },
  { long: 'url', arg: true, key: 'url' },
  // Accepted, and without effect here: IPv4 and HTTP/1.1 are all there is; nothing to retry.
  { long: 'ipv4', short: '4', arg: false, key: 'ignoredFlag' },
  { long: 'http1.1', arg: false, key: 'ignoredFlag' },
  { long: 'progress-bar', short: '#', arg: false, key: 'ignoredFlag' },
  { long: 'no-buffer', short: 'N', arg: false, key: 'ignoredFlag' },
  { long: 'retry', arg: true, key: 'ignoredArg' },
  { long: 'retry-connrefused', arg: false, key: 'ignoredFlag' },
]

/**
 * Real curl options the simulator does not run: it says so rather than pretend they do not exist.
 * Short letters are all of curl's (tool_getparam.c aliases); the long names are the common ones.
 */
const REAL_SHORT = new Set('0123468:#aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwxXYyzZ')
const REAL_LONG = new Set([
  'cacert',
  'capath',
  'cert',
  'key',
  'resolve',
  'connect-to',
  'proxy',
  'noproxy',
  'user',
  'cookie',
  'cookie-jar',
  'form',
  'upload-file',
  'compressed',
  'get',
  'referer',
  'range',
  'continue-at',
  'parallel',
  'http2',
  'http2-prior-knowledge',
  'http3',
  'http1.0',
  'unix-socket',
  'interface',
  'ipv6',
  'help',
  'manual',
  'version',
  'dump-header',
  'trace',
  'trace-ascii',
  'trace-time',
  'json',
  'data-urlencode',
  'max-redirs',
  'limit-rate',
  'local-port',
  'next',
  'config',
  'globoff',
  'tlsv1.2',
  'tlsv1.3',
  'ssl-no-revoke',
  'fail-with-body',
  'show-headers',
])

export class CurlUsageError extends Error {}

/** curl's own number parsing for seconds (str2udouble): digits with an optional fraction. */
function seconds(option: string, value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value))
    throw new CurlUsageError(`option ${option}: expected a proper numerical parameter`)
  return Number(value)
}

export function parseArgs(argv: readonly string[]): CurlOptions {
  const o: CurlOptions = {
    silent: false,
    showError: false,
    verbose: false,
    head: false,
    include: false,
    fail: false,
    insecure: false,
    noProgress: false,
    headers: [],
    data: [],
    urls: [],
  }
  const apply = (spec: OptionSpec, shown: string, value: string | undefined) => {
    const v = value ?? ''
    switch (spec.key) {
      case 'silent':
      case 'showError':
      case 'verbose':
      case 'head':
      case 'include':
      case 'fail':
      case 'insecure':
      case 'noProgress':
        o[spec.key] = true
        return
      case 'output':
        o.output = v
        return
      case 'writeOut':
        o.writeOut = v
        return
      case 'maxTime':
        o.maxTimeS = seconds(shown, v)
        return
      case 'connectTimeout':
        o.connectTimeoutS = seconds(shown, v)
        return
      case 'header':
        o.headers.push(v)
        return
      case 'request':
        o.method = v
        return
      case 'data':
        o.data.push(v)
        return
      case 'userAgent':
        o.userAgent = v
        return
      case 'url':
        o.urls.push(v)
        return
      case 'remoteName':
        o.output = o.output ?? '/dev/null'
        return
      default:
        return
    }
  }
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string
    if (word.startsWith('--') && word.length > 2) {
      const name = word.slice(2)
      const spec = OPTIONS.find((s) => s.long === name)
      if (!spec) {
        if (REAL_LONG.has(name))
          throw new CurlUsageError(`option ${word}: is not simulated by kube-playground`)
        throw new CurlUsageError(`option ${word}: is unknown`)
      }
      let value: string | undefined
      if (spec.arg) {
        value = argv[++i]
        if (value === undefined) throw new CurlUsageError(`option ${word}: requires parameter`)
      }
      apply(spec, word, value)
    } else if (word.startsWith('-') && word.length > 1) {
      for (let j = 1; j < word.length; j++) {
        const letter = word[j] as string
        const spec = OPTIONS.find((s) => s.short === letter)
        if (!spec) {
          if (REAL_SHORT.has(letter))
            throw new CurlUsageError(`option -${letter}: is not simulated by kube-playground`)
          throw new CurlUsageError(`option -${letter}: is unknown`)
        }
        let value: string | undefined
        if (spec.arg) {
          value = j + 1 < word.length ? word.slice(j + 1) : argv[++i]
          if (value === undefined) throw new CurlUsageError(`option -${letter}: requires parameter`)
          apply(spec, `-${letter}`, value)
          break
        }
        apply(spec, `-${letter}`, value)
      }
    } else o.urls.push(word)
  }
  return o
}
