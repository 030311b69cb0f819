/**
 * `kubectl exec client -- nslookup …` on the fixture, in BusyBox 1.36's words: answers, the
 * NXDOMAIN of every search candidate, headless Services, dotted names, PTR, SRV and dead servers.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { runCommand } from '../../commands/runCommand'
import type { SimulationCore } from '../../runtime/Simulation'
import { buildCore } from '../testClusters'
import { ensureFixtureServices, removeService } from './testServices'

let core: SimulationCore
const nslookup = (args: string, c = core) =>
  runCommand(c, `kubectl exec client -- nslookup ${args}`)
const HEADER = ['Server:\t\t10.96.0.10', 'Address:\t10.96.0.10:53', '']
const nx = (name: string) => [`** server can't find ${name}: NXDOMAIN`, '']
const FAILED = 'command terminated with exit code 1'

beforeAll(() => {
  core = buildCore('fixture')
  ensureFixtureServices(core)
})

describe('nslookup in a pod', () => {
  it('web: the answer, and NXDOMAIN for the other search domains; any NXDOMAIN makes exit 1', () => {
    expect(nslookup('web')).toEqual({
      ok: false,
      output: [
        ...HEADER,
        'Name:\tweb.default.svc.cluster.local',
        'Address: 10.104.62.15',
        '',
        ...nx('web.svc.cluster.local'),
        ...nx('web.cluster.local'),
        // The AAAA reply for web.default.svc.cluster.local: NODATA, an empty line alone.
        '',
        ...nx('web.svc.cluster.local'),
        "** server can't find web.cluster.local: NXDOMAIN",
        '',
      ].join('\n'),
      error: FAILED,
      exitCode: 1,
    })
  })

  it('nosuch: every name tried, for A and for AAAA', () => {
    const r = nslookup('nosuch')
    expect(r.output).toBe(
      [
        ...HEADER,
        ...nx('nosuch.default.svc.cluster.local'),
        ...nx('nosuch.svc.cluster.local'),
        ...nx('nosuch.cluster.local'),
        ...nx('nosuch.default.svc.cluster.local'),
        ...nx('nosuch.svc.cluster.local'),
        "** server can't find nosuch.cluster.local: NXDOMAIN",
        '',
      ].join('\n'),
    )
    expect(r.exitCode).toBe(1)
  })

  it('a headless Service: one Name/Address pair per ready pod', () => {
    expect(nslookup('web-hl.default.svc.cluster.local')).toEqual({
      ok: true,
      output: [
        ...HEADER,
        'Name:\tweb-hl.default.svc.cluster.local',
        'Address: 10.244.1.2',
        'Name:\tweb-hl.default.svc.cluster.local',
        'Address: 10.244.2.2',
        '',
        '',
      ].join('\n'),
      exitCode: 0,
    })
  })

  it('a name with a dot skips the search list: web.default goes upstream and is not found', () => {
    expect(nslookup('web.default').output).toBe(
      [...HEADER, ...nx('web.default'), "** server can't find web.default: NXDOMAIN", ''].join(
        '\n',
      ),
    )
  })

  it('a name from upstream is not authoritative', () => {
    expect(nslookup('example.com')).toMatchObject({
      ok: true,
      output: [
        ...HEADER,
        'Non-authoritative answer:',
        'Name:\texample.com',
        'Address: 203.0.113.10',
        '',
        'Non-authoritative answer:',
        '',
      ].join('\n'),
    })
  })

  it('an address becomes a PTR query', () => {
    expect(nslookup('10.96.0.10').output).toBe(
      [
        ...HEADER,
        '10.0.96.10.in-addr.arpa\tname = kube-dns.kube-system.svc.cluster.local',
        '',
      ].join('\n'),
    )
  })

  it('-type=srv: priority, weight, port and target', () => {
    expect(nslookup('-type=srv _http._tcp.web-hl.default.svc.cluster.local').output).toBe(
      [
        ...HEADER,
        '_http._tcp.web-hl.default.svc.cluster.local\tservice = 0 50 8080 10-244-1-2.web-hl.default.svc.cluster.local',
        '_http._tcp.web-hl.default.svc.cluster.local\tservice = 0 50 8080 10-244-2-2.web-hl.default.svc.cluster.local',
        '',
      ].join('\n'),
    )
  })

  it('a server on the command line is asked directly, without the search list', () => {
    expect(nslookup('web 192.168.1.1').output).toBe(
      [
        'Server:\t\t192.168.1.1',
        'Address:\t192.168.1.1:53',
        '',
        ...nx('web'),
        "** server can't find web: NXDOMAIN",
        '',
      ].join('\n'),
    )
    expect(nslookup('-type=a web.default.svc.cluster.local 10.244.0.2').output).toBe(
      [
        'Server:\t\t10.244.0.2',
        'Address:\t10.244.0.2:53',
        '',
        'Name:\tweb.default.svc.cluster.local',
        'Address: 10.104.62.15',
        '',
      ].join('\n'),
    )
  })

  it('a server that refuses, and a cluster without kube-dns: no servers could be reached', () => {
    expect(nslookup('web 10.244.0.5')).toEqual({
      ok: false,
      output: ';; connection timed out; no servers could be reached\n',
      error: [
        'nslookup: read: Connection refused',
        'nslookup: read: Connection refused',
        FAILED,
      ].join('\n'),
      exitCode: 1,
    })
    const bare = buildCore('fixture')
    removeService(bare, 'kube-system', 'kube-dns')
    expect(nslookup('web', bare).output).toBe(
      ';; connection timed out; no servers could be reached\n',
    )
  })

  it('usage errors', () => {
    expect(nslookup('-type=foo web').error).toBe(`nslookup: invalid query type "foo"\n${FAILED}`)
    expect(nslookup('-q=a web').error).toMatch(
      /^Usage: nslookup \[-type=QUERY_TYPE\] \[-debug\] HOST \[DNS_SERVER\]/,
    )
    expect(nslookup('web 10.96.0.10 extra').exitCode).toBe(1)
    // Nothing listens on another port.
    expect(nslookup('-port=5353 web').output).toBe(
      ';; connection timed out; no servers could be reached\n',
    )
  })
})
