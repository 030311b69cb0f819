/**
 * nginx as the official image serves it (/usr/share/nginx/html, default.conf): the Welcome page and
 * its headers (Server with the release behind the tag, Last-Modified and ETag from the package's
 * build day), and nginx's own error pages.
 */
import { fromTimestamp } from '../../model/time'
import { imageInfo, normalizeImage, repositoryOf } from '../../kubelet/images'
import type { HttpAnswer, HttpBackend, HttpEndpoint } from './httpMessages'
import { HTTP_REASONS, httpDate, imfDate, splitTarget } from './httpMessages'

function tagOf(image: string): string {
  const full = normalizeImage(image)
  const slash = full.lastIndexOf('/')
  const colon = full.indexOf(':', slash + 1)
  return colon === -1 ? '' : full.slice(colon + 1)
}

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

/** nginx's built-in error page (src/http/ngx_http_special_response.c), CR LF line ends. */
function nginxErrorPage(status: number, version: string): string {
  const title = `${status} ${HTTP_REASONS[status] ?? 'Error'}`
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

export function nginxEndpoint(backend: HttpBackend, image: string): HttpEndpoint {
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
          reason: HTTP_REASONS[status] ?? 'Error',
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
