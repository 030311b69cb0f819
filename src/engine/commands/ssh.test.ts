/**
 * `ssh NODE COMMAND` on the networking spec's fixture: the tables of §3.5 line for line, the
 * subnet.env of §3.4, `ip addr` as iproute2 prints it, and ssh's and bash's errors.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { SimulationCore } from '../runtime/Simulation'
import { findScenario } from '../scenarios/scenarios'
import { setFlannelBackend } from '../network/flannel'
import { runCommand } from './runCommand'

function fixture(): SimulationCore {
  const core = new SimulationCore(1, 'fixture')
  findScenario('fixture')?.build(core)
  return core
}

/** The spec's listing for a node: `ip route`, then `# neigh (flannel.1)`, then `# fdb (flannel.1)`. */
const SPEC_TABLES: Record<string, string> = {
  node1: `default via 192.168.1.1 dev eth0
10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1
10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink
10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.11
# neigh (flannel.1)
10.244.1.0 lladdr 0e:f1:00:00:00:12 PERMANENT
10.244.2.0 lladdr 0e:f1:00:00:00:13 PERMANENT
# fdb (flannel.1)
0e:f1:00:00:00:12 dst 192.168.1.12 self permanent
0e:f1:00:00:00:13 dst 192.168.1.13 self permanent`,
  node2: `default via 192.168.1.1 dev eth0
10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink
10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1
10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.12
# neigh (flannel.1)
10.244.0.0 lladdr 0e:f1:00:00:00:11 PERMANENT
10.244.2.0 lladdr 0e:f1:00:00:00:13 PERMANENT
# fdb (flannel.1)
0e:f1:00:00:00:11 dst 192.168.1.11 self permanent
0e:f1:00:00:00:13 dst 192.168.1.13 self permanent`,
  node3: `default via 192.168.1.1 dev eth0
10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink
10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink
10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.13
# neigh (flannel.1)
10.244.0.0 lladdr 0e:f1:00:00:00:11 PERMANENT
10.244.1.0 lladdr 0e:f1:00:00:00:12 PERMANENT
# fdb (flannel.1)
0e:f1:00:00:00:11 dst 192.168.1.11 self permanent
0e:f1:00:00:00:12 dst 192.168.1.12 self permanent`,
}

describe('ssh on the fixture', () => {
  let core: SimulationCore
  const run = (line: string) => runCommand(core, line)
  const out = (line: string) => {
    const r = run(line)
    expect(r.error).toBeUndefined()
    expect(r.exitCode).toBe(0)
    return r.output
  }
  beforeAll(() => {
    core = fixture()
  })

  it.each(['node1', 'node2', 'node3'])(
    "%s: ip route, ip neigh show dev flannel.1 and bridge fdb show dev flannel.1 are the spec's §3.5",
    (node) => {
      const listing = [
        out(`ssh ${node} ip route`),
        '# neigh (flannel.1)',
        out(`ssh ${node} ip neigh show dev flannel.1`),
        '# fdb (flannel.1)',
        out(`ssh ${node} bridge fdb show dev flannel.1`),
      ].join('\n')
      expect(listing).toBe(SPEC_TABLES[node])
    },
  )

  it("cat /run/flannel/subnet.env on node2 is the spec's §3.4", () => {
    expect(out('ssh node2 cat /run/flannel/subnet.env')).toBe(
      'FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true',
    )
  })

  it('ip addr shows eth0, flannel.1, cni0 and a veth per pod as iproute2 prints them', () => {
    const lines = out('ssh node1 ip addr').split('\n')
    const block = (header: string) => {
      const at = lines.findIndex((l) => l.startsWith(header))
      const next = lines.findIndex((l, i) => i > at && /^\d+: /.test(l))
      return lines.slice(at, next === -1 ? undefined : next)
    }
    expect(block('2: eth0:')).toEqual([
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000',
      '    link/ether 52:54:00:00:01:11 brd ff:ff:ff:ff:ff:ff',
      '    inet 192.168.1.11/24 brd 192.168.1.255 scope global eth0',
      '       valid_lft forever preferred_lft forever',
      '    inet6 fe80::5054:ff:fe00:111/64 scope link proto kernel_ll',
      '       valid_lft forever preferred_lft forever',
    ])
    expect(block('3: flannel.1:').slice(0, 3)).toEqual([
      '3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default',
      '    link/ether 0e:f1:00:00:00:11 brd ff:ff:ff:ff:ff:ff',
      '    inet 10.244.0.0/32 scope global flannel.1',
    ])
    expect(block('4: cni0:').slice(0, 3)).toEqual([
      '4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000',
      '    link/ether 3a:00:0a:f4:00:01 brd ff:ff:ff:ff:ff:ff',
      '    inet 10.244.0.1/24 brd 10.244.0.255 scope global cni0',
    ])
    const veth = block('7: veth9c0d1e2f@if2:')
    expect(veth[0]).toBe(
      '7: veth9c0d1e2f@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP group default',
    )
    expect(veth[1]).toMatch(
      /^ {4}link\/ether e2:6b:9c:0d:1e:2f brd ff:ff:ff:ff:ff:ff link-netns cni-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/,
    )
    expect(lines.filter((l) => l.includes('@if2:'))).toHaveLength(4)
  })

  it('ip -br addr lists one device a line', () => {
    expect(out('ssh node2 ip -br addr').split('\n').slice(0, 4)).toEqual([
      'lo               UNKNOWN        127.0.0.1/8 ::1/128',
      'eth0             UP             192.168.1.12/24 fe80::5054:ff:fe00:112/64',
      'flannel.1        UNKNOWN        10.244.1.0/32 fe80::cf1:ff:fe00:12/64',
      'cni0             UP             10.244.1.1/24 fe80::3800:aff:fef4:101/64',
    ])
  })

  it('ip route show dev and ip route get, as iproute2 prints them', () => {
    expect(out('ssh node1 ip route show dev eth0')).toBe(
      'default via 192.168.1.1\n192.168.1.0/24 proto kernel scope link src 192.168.1.11',
    )
    expect(out('ssh node1 ip route get 10.244.1.2')).toBe(
      '10.244.1.2 via 10.244.1.0 dev flannel.1 src 10.244.0.0 uid 0\n    cache',
    )
    expect(out('ssh node1 ip r g 10.244.0.4')).toBe(
      '10.244.0.4 dev cni0 src 10.244.0.1 uid 0\n    cache',
    )
    expect(out('ssh node1 ip route get 192.168.1.11')).toBe(
      'local 192.168.1.11 dev lo table local src 192.168.1.11 uid 0\n    cache <local>',
    )
  })

  it('ping from a node prints as iputils does: web-1 answers with ttl 63', () => {
    const lines = out('ssh node1 ping -c 2 10.244.1.2').split('\n')
    expect(lines[0]).toBe('PING 10.244.1.2 (10.244.1.2) 56(84) bytes of data.')
    expect(lines[1]).toMatch(/^64 bytes from 10\.244\.1\.2: icmp_seq=1 ttl=63 time=0\.\d{3} ms$/)
    expect(lines.slice(3, 6)).toEqual([
      '',
      '--- 10.244.1.2 ping statistics ---',
      '2 packets transmitted, 2 received, 0% packet loss, time 1001ms',
    ])
  })

  it('quoting and sudo pass through the remote shell', () => {
    expect(out('ssh root@node2 "sudo ip route show dev flannel.1"')).toBe(
      '10.244.0.0/24 via 10.244.0.0 onlink\n10.244.2.0/24 via 10.244.2.0 onlink',
    )
    expect(out('ssh 192.168.1.13 hostname')).toBe('node3')
  })

  it('errors as ssh, bash and iproute2 give them', () => {
    expect(run('ssh node9 ip route')).toMatchObject({
      ok: false,
      error: 'ssh: Could not resolve hostname node9: Name or service not known',
      exitCode: 255,
    })
    expect(run('ssh node1 foo')).toMatchObject({
      error: 'bash: foo: command not found',
      exitCode: 127,
    })
    expect(run('ssh node1 ip addr show dev eth9')).toMatchObject({
      error: 'Device "eth9" does not exist.',
      exitCode: 1,
    })
    expect(run('ssh node1 ip neigh show dev eth9').error).toBe('Cannot find device "eth9"')
    expect(run('ssh node1 bridge fdb show dev eth9').error).toBe('Cannot find device "eth9"')
    expect(run('ssh node1 ip route get nowhere').error).toBe(
      'Error: any valid prefix is expected rather than "nowhere".',
    )
    expect(run('ssh node1 ip frob').error).toBe('Object "frob" is unknown, try "ip help".')
    expect(run('ssh node1 cat /etc/shadow')).toMatchObject({
      error: 'cat: /etc/shadow: No such file or directory',
      exitCode: 1,
    })
  })
})

describe('ssh after switching flannel to host-gw', () => {
  it('routes go to the peers over eth0 and flannel.1 is gone', () => {
    const core = fixture()
    setFlannelBackend(core.api, core.store, core.network, 'host-gw')
    expect(runCommand(core, 'ssh node1 ip route').output).toBe(
      [
        'default via 192.168.1.1 dev eth0',
        '10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1',
        '10.244.1.0/24 via 192.168.1.12 dev eth0',
        '10.244.2.0/24 via 192.168.1.13 dev eth0',
        '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.11',
      ].join('\n'),
    )
    expect(runCommand(core, 'ssh node1 bridge fdb show dev flannel.1').error).toBe(
      'Cannot find device "flannel.1"',
    )
  })
})
