/**
 * A URL as curl accepts it (lib/urlapi.c): scheme (http or https; others refused with curl's words),
 * host, port and path, with the exit codes of a rejected URL.
 */
export interface ParsedUrl {
  scheme: 'http' | 'https'
  host: string
  port: number
  /** The Host header: the host, with the port when it is not the scheme's. */
  hostHeader: string
  target: string
  text: string
}

/** Schemes curl knows but the simulator does not carry. */
const OTHER_SCHEMES = new Set([
  'dict',
  'file',
  'ftp',
  'ftps',
  'gopher',
  'gophers',
  'imap',
  'imaps',
  'ldap',
  'ldaps',
  'mqtt',
  'pop3',
  'pop3s',
  'rtsp',
  'scp',
  'sftp',
  'smb',
  'smbs',
  'smtp',
  'smtps',
  'telnet',
  'tftp',
  'ws',
  'wss',
])

export class CurlFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}

export function parseUrl(text: string): ParsedUrl {
  let rest = text
  let scheme = 'http'
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(rest)
  if (m) {
    scheme = (m[1] as string).toLowerCase()
    rest = rest.slice(m[0].length)
  }
  if (scheme !== 'http' && scheme !== 'https') {
    if (OTHER_SCHEMES.has(scheme))
      throw new CurlFailure(1, `Protocol "${scheme}" is not simulated by kube-playground`)
    throw new CurlFailure(1, `Protocol "${scheme}" not supported`)
  }
  rest = rest.replace(/#.*$/, '')
  const cut = rest.search(/[/?]/)
  const authority = cut === -1 ? rest : rest.slice(0, cut)
  let target = cut === -1 ? '/' : rest.slice(cut)
  if (target.startsWith('?')) target = `/${target}`
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1)
  const colon = hostPort.lastIndexOf(':')
  const host = (colon === -1 ? hostPort : hostPort.slice(0, colon)).toLowerCase()
  const portText = colon === -1 ? '' : hostPort.slice(colon + 1)
  if (host === '') throw new CurlFailure(3, 'URL rejected: No host part in the URL')
  if (!/^[a-z0-9.\-_]+$/.test(host)) throw new CurlFailure(3, 'URL rejected: Bad hostname')
  const defaultPort = scheme === 'https' ? 443 : 80
  if (portText !== '' && (!/^\d+$/.test(portText) || Number(portText) > 65535))
    throw new CurlFailure(
      3,
      'URL rejected: Port number was not a decimal number between 0 and 65535',
    )
  const port = portText === '' ? defaultPort : Number(portText)
  return {
    scheme,
    host,
    port,
    hostHeader: port === defaultPort ? host : `${host}:${port}`,
    target,
    text: `${scheme}://${host}${portText === '' ? '' : `:${port}`}${target}`,
  }
}
