/**
 * `kubectl exec POD -- curl …` on the networking spec's fixture (agnhost web pods with curl 8.5.0,
 * traces (d) and (h)) and on the primer's cluster (nginx pods with Debian's curl 7.88.1): what curl
 * prints on stdout and stderr, and its exit codes.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { SimulationCore } from '../../runtime/Simulation'
import { runCommand } from '../../commands/runCommand'
import type { CommandResult } from '../../commands/types'
import type { Pod } from '../../model/pod'
import type { Service } from '../../model/service'
import { advance, buildCore, run } from '../testClusters'

const clusterIp = (core: SimulationCore, name: string): string =>
  core.store.get<Service>(`Service/default/${name}`)?.spec.clusterIP ?? ''
import { NGINX_INDEX } from './nginxServer'

const METER = [
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current',
  '                                 Dload  Upload   Total   Spent    Left  Speed',
]
const ZERO = '  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0'
const exited = (code: number) => `command terminated with exit code ${code}`

describe('curl in the fixture (agnhost netexec behind web, curl 8.5.0)', () => {
  let core: SimulationCore
  const exec = (line: string): CommandResult => runCommand(core, `kubectl exec ${line}`)
  beforeAll(() => {
    core = buildCore('fixture')
    run(core, 'kubectl create service clusterip empty --tcp=80:8080')
    advance(core, 1000)
  })

  it('by name through the ClusterIP: the backend answers /hostname with its own name', () => {
    const r = exec('web-1 -- curl -s web/hostname')
    expect(r.exitCode).toBe(0)
    expect(r.error).toBeUndefined()
    expect(['web-1', 'web-2']).toContain(r.output)
    expect(r.backend).toEqual({
      kind: 'pod',
      namespace: 'default',
      name: r.output,
      container: 'web',
      image: 'registry.k8s.io/e2e-test-images/agnhost:2.40',
    })
  })

  it('kube-proxy draws per request: repeated requests reach both endpoints', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 12; i++) seen.add(exec('web-1 -- curl -s web/hostname').output)
    expect([...seen].sort()).toEqual(['web-1', 'web-2'])
  })

  it('netexec / prints the time as Go does, from sim time, and /clientip the unSNATed client', () => {
    const r = exec('web-1 -- curl -s http://10.244.2.2:8080/')
    // Sim time 61 s: the container started at 1 s or so; m= is the process's monotonic clock.
    expect(r.output).toMatch(/^NOW: 2026-01-05 09:01:01 \+0000 UTC m=\+\d+\.\d{9}$/)
    expect(exec('web-2 -- curl -s 10.244.1.2:8080/clientip').output).toBe('10.244.2.2:51000')
  })

  it('hairpin (trace (g)): web-1 reaching itself through web sees the node-side SNAT address', () => {
    let r = exec('web-1 -- curl -s web/clientip')
    for (let i = 0; i < 20 && r.backend?.kind === 'pod' && r.backend.name !== 'web-1'; i++)
      r = exec('web-1 -- curl -s web/clientip')
    expect(r.backend).toMatchObject({ name: 'web-1' })
    expect(r.output).toMatch(/^10\.244\.1\.1:\d+$/)
  })

  it('-v: curl 8.5.0 announces the resolution, the connection, the exchange', () => {
    const r = exec('web-1 -- curl -sv web/hostname')
    expect(r.error?.split('\n')).toEqual([
      '* Host web:80 was resolved.',
      '* IPv6: (none)',
      '* IPv4: 10.104.62.15',
      '*   Trying 10.104.62.15:80...',
      '* Connected to web (10.104.62.15) port 80',
      '> GET /hostname HTTP/1.1',
      '> Host: web',
      '> User-Agent: curl/8.5.0',
      '> Accept: */*',
      '>',
      '< HTTP/1.1 200 OK',
      '< Date: Mon, 05 Jan 2026 09:01:01 GMT',
      '< Content-Length: 5',
      '< Content-Type: text/plain; charset=utf-8',
      '<',
      '{ [5 bytes data]',
      '* Connection #0 to host web left intact',
    ])
  })

  it('without -s the progress meter goes to stderr (stdout is not a terminal), not with -t', () => {
    const r = exec('web-1 -- curl web/hostname')
    const lines = r.error?.split('\n') ?? []
    expect(lines.slice(0, 2)).toEqual(METER)
    expect(lines[2]).toMatch(
      /^100 {5}5 {2}100 {5}5 {4}0 {5}0 {2}[ \d]{4}[\dk] {6}0 --:--:-- --:--:-- --:--:-- [ \d]{4}[\dk]$/,
    )
    expect(lines).toHaveLength(3)
    expect(exec('-it web-1 -- curl web/hostname').error).toBeUndefined()
  })

  it('NXDOMAIN: exit 6, the message glued to the meter; silent with -s, shown again with -S', () => {
    const r = exec('web-1 -- curl nosuch')
    expect(r.exitCode).toBe(6)
    expect(r.error).toBe(
      [...METER, `${ZERO}curl: (6) Could not resolve host: nosuch`, exited(6)].join('\n'),
    )
    expect(exec('web-1 -- curl -s nosuch').error).toBe(exited(6))
    expect(exec('web-1 -- curl -sS nosuch').error).toBe(
      ['curl: (6) Could not resolve host: nosuch', exited(6)].join('\n'),
    )
    expect(exec('web-1 -- curl -sv nosuch').error).toBe(
      ['* Could not resolve host: nosuch', '* Closing connection', exited(6)].join('\n'),
    )
  })

  it("a Service without endpoints: kube-proxy's REJECT is ECONNREFUSED, exit 7 (trace (h))", () => {
    const r = exec('web-1 -- curl -sS empty')
    expect(r.exitCode).toBe(7)
    expect(r.error).toBe(
      [
        "curl: (7) Failed to connect to empty port 80 after 0 ms: Couldn't connect to server",
        exited(7),
      ].join('\n'),
    )
    const ip = clusterIp(core, 'empty')
    expect(exec('web-1 -- curl -sv empty').error?.split('\n').slice(3, 7)).toEqual([
      `*   Trying ${ip}:80...`,
      `* connect to ${ip} port 80 from 10.244.1.2 port 51000 failed: Connection refused`,
      "* Failed to connect to empty port 80 after 0 ms: Couldn't connect to server",
      '* Closing connection',
    ])
  })

  it('a port nothing listens on in a pod: the RST refuses the connection', () => {
    expect(exec('web-1 -- curl -sS 10.244.2.2:9999').error?.split('\n')[0]).toBe(
      "curl: (7) Failed to connect to 10.244.2.2 port 9999 after 0 ms: Couldn't connect to server",
    )
  })

  it('no answer at all (beyond the LAN router): the kernel gives up after 127 s, exit 28', () => {
    expect(exec('web-1 -- curl -sS 1.1.1.1').error?.split('\n')[0]).toBe(
      "curl: (28) Failed to connect to 1.1.1.1 port 80 after 127003 ms: Couldn't connect to server",
    )
    expect(exec('web-1 -- curl -sS --connect-timeout 5 1.1.1.1').error?.split('\n')[0]).toBe(
      'curl: (28) Failed to connect to 1.1.1.1 port 80 after 5002 ms: Timeout was reached',
    )
    const m = exec('web-1 -- curl -m 3 1.1.1.1')
    expect(m.exitCode).toBe(28)
    expect(m.error?.split('\n')[2]).toBe(
      '  0     0    0     0    0     0      0      0 --:--:--  0:00:03 --:--:--     0curl: (28) Connection timed out after 3002 milliseconds',
    )
  })

  it('-w: the status code, 000 when there was no answer', () => {
    expect(exec("web-1 -- curl -so /dev/null -w '%{http_code}\\n' web").output).toBe('200\n')
    const r = exec("web-1 -- curl -s -o /dev/null -w '%{http_code} %{exitcode}' nosuch")
    expect(r.output).toBe('000 6')
    expect(r.exitCode).toBe(6)
  })

  it('servers that do not speak HTTP: Redis (HTTP/0.9 refused), CoreDNS on 53/tcp (empty reply)', () => {
    expect(exec('web-1 -- curl -sS 10.244.0.5:6379').error?.split('\n')[0]).toBe(
      'curl: (1) Received HTTP/0.9 when not allowed',
    )
    expect(exec('web-1 -- curl -sS 10.244.0.2:53').error?.split('\n')[0]).toBe(
      'curl: (52) Empty reply from server',
    )
  })

  it('https to the API server: certificate refused without -k; with -k anonymous is Forbidden', () => {
    const r = exec('web-1 -- curl -sS https://kubernetes')
    expect(r.exitCode).toBe(60)
    expect(r.error?.split('\n')[0]).toBe(
      'curl: (60) SSL certificate problem: unable to get local issuer certificate',
    )
    const k = exec('web-1 -- curl -sk https://kubernetes/api')
    expect(k.exitCode).toBe(0)
    expect(JSON.parse(k.output)).toMatchObject({
      kind: 'Status',
      message: 'forbidden: User "system:anonymous" cannot get path "/api"',
      code: 403,
    })
    expect(k.backend).toEqual({ kind: 'node', name: 'node1', process: 'kube-apiserver' })
    expect(exec('web-1 -- curl -s kubernetes:443').output).toBe(
      'Client sent an HTTP request to an HTTPS server.\n',
    )
    expect(exec('web-1 -- curl -sS https://10.244.2.2:8080').error?.split('\n')[0]).toBe(
      'curl: (35) OpenSSL/3.1.4: error:0A00010B:SSL routines::wrong version number',
    )
  })

  it('options: unknown is exit 2 with the hint; combined short flags; an unsimulated real one', () => {
    expect(exec('web-1 -- curl --foo web')).toMatchObject({
      exitCode: 2,
      error: [
        'curl: option --foo: is unknown',
        "curl: try 'curl --help' or 'curl --manual' for more information",
        exited(2),
      ].join('\n'),
    })
    expect(exec('web-1 -- curl -sSz web').error?.split('\n')[0]).toBe(
      'curl: option -z: is not simulated by kube-playground',
    )
    expect(exec('web-1 -- curl -9 web').error?.split('\n')[0]).toBe('curl: option -9: is unknown')
    expect(exec('web-1 -- curl -s -m abc web').error?.split('\n')[0]).toBe(
      'curl: option -m: expected a proper numerical parameter',
    )
    expect(exec('web-1 -- curl -s').error?.split('\n')[0]).toBe('curl: no URL specified!')
    const sSI = exec('web-1 -- curl -sSI web/hostname')
    expect(sSI.output.split('\n').slice(0, 3)).toEqual([
      'HTTP/1.1 200 OK',
      'Date: Mon, 05 Jan 2026 09:01:01 GMT',
      'Content-Type: text/plain; charset=utf-8',
    ])
    expect(sSI.error).toBeUndefined()
  })

  it('busybox has no curl: runc cannot find it (126); its wget fetches the same page', () => {
    expect(exec('client -- curl web')).toMatchObject({
      exitCode: 126,
      error:
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown\ncommand terminated with exit code 126',
    })
    const r = exec('client -- wget -qO- web/hostname')
    expect(r.exitCode).toBe(0)
    expect(['web-1', 'web-2']).toContain(r.output)
  })
})

describe('curl in the primer (nginx:1.25 behind web, Debian curl 7.88.1)', () => {
  let core: SimulationCore
  let webPod: string
  let ip: string
  const exec = (line: string): CommandResult => runCommand(core, `kubectl exec ${line}`)
  beforeAll(() => {
    core = buildCore('default')
    run(core, 'kubectl create service clusterip empty --tcp=80:8080')
    advance(core, 1000)
    webPod = [...core.store.list<Pod>('Pod')].find((p) => p.metadata.labels?.app === 'web')
      ?.metadata.name as string
    ip = clusterIp(core, 'web')
  })

  it("the Welcome page, 615 bytes, from one of web's pods", () => {
    const r = exec(`${webPod} -- curl -s web`)
    expect(r.output).toBe(NGINX_INDEX)
    expect(NGINX_INDEX).toHaveLength(615)
    expect(r.backend).toMatchObject({ kind: 'pod', container: 'nginx', image: 'nginx:1.25' })
    expect(r.backend?.kind === 'pod' && r.backend.name.startsWith('web-')).toBe(true)
  })

  it("-sI: nginx's headers, Server from the image's release, Date from sim time", () => {
    expect(exec(`${webPod} -- curl -sI web`).output).toBe(
      [
        'HTTP/1.1 200 OK',
        'Server: nginx/1.25.5',
        'Date: Mon, 05 Jan 2026 09:01:01 GMT',
        'Content-Type: text/html',
        'Content-Length: 615',
        'Last-Modified: Tue, 16 Apr 2024 14:29:59 GMT',
        'Connection: keep-alive',
        'ETag: "661e8b67-267"',
        'Accept-Ranges: bytes',
        '',
        '',
      ].join('\n'),
    )
  })

  it('-v in 7.88.1: no resolution lines, connection #0 named', () => {
    const lines = exec(`${webPod} -- curl -sv web`).error?.split('\n') ?? []
    expect(lines.slice(0, 6)).toEqual([
      `*   Trying ${ip}:80...`,
      `* Connected to web (${ip}) port 80 (#0)`,
      '> GET / HTTP/1.1',
      '> Host: web',
      '> User-Agent: curl/7.88.1',
      '> Accept: */*',
    ])
    expect(lines.slice(-2)).toEqual([
      '{ [615 bytes data]',
      '* Connection #0 to host web left intact',
    ])
    const refused = exec(`${webPod} -- curl -sv empty`).error?.split('\n') ?? []
    expect(refused.slice(1, 4)).toEqual([
      expect.stringMatching(/^\* connect to [\d.]+ port 80 failed: Connection refused$/),
      "* Failed to connect to empty port 80 after 0 ms: Couldn't connect to server",
      '* Closing connection 0',
    ])
  })

  it('the meter of a whole page, then -i, -f and a 404', () => {
    const meter = exec(`${webPod} -- curl web`).error?.split('\n') ?? []
    expect(meter[2]).toMatch(/^100 {3}615 {2}100 {3}615 {4}0 {5}0 /)
    const i = exec(`${webPod} -- curl -si web/nope`).output.split('\n')
    expect(i[0]).toBe('HTTP/1.1 404 Not Found')
    expect(i).toContain('Content-Length: 153')
    expect(i).toContain('<hr><center>nginx/1.25.5</center>')
    expect(exec(`${webPod} -- curl -sSf web/nope`)).toMatchObject({
      exitCode: 22,
      output: '',
      error: ['curl: (22) The requested URL returned error: 404', exited(22)].join('\n'),
    })
  })
})
