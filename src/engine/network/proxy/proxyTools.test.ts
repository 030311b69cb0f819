import { describe, expect, it } from 'vitest'
import { runOnNode } from '../shell/hostShell'
import { buildCore, run } from '../testClusters'
import { runProxyTool } from './proxyTools'
import { fixtureServices, proxyWith } from './testServices'

describe('iptables-save and iptables on a node', () => {
  const { proxy, node } = proxyWith(fixtureServices())
  const tool = (program: 'iptables' | 'iptables-save' | 'ipvsadm', ...args: string[]) =>
    runProxyTool(program, args, proxy, node('node1'))

  it('iptables-save prints nat then filter; -t picks one', () => {
    const all = tool('iptables-save').stdout
    expect(all.indexOf('*nat')).toBeLessThan(all.indexOf('*filter'))
    const nat = tool('iptables-save', '-t', 'nat').stdout
    expect(nat.startsWith('*nat\n')).toBe(true)
    expect(nat).not.toContain('*filter')
    expect(tool('iptables-save', '--table=filter').stdout.startsWith('*filter\n')).toBe(true)
    expect(tool('iptables-save', '-t', 'mangle')).toMatchObject({ code: 3 })
  })

  it('iptables -t nat -L KUBE-SERVICES -n lists in columns', () => {
    const out = tool('iptables', '-t', 'nat', '-L', 'KUBE-SERVICES', '-n').stdout.split('\n')
    expect(out.slice(0, 3)).toEqual([
      'Chain KUBE-SERVICES (2 references)',
      'target     prot opt source               destination',
      'KUBE-SVC-NPX46M4PTMTKRN6Y  tcp  --  0.0.0.0/0            10.96.0.1            /* default/kubernetes:https cluster IP */ tcp dpt:443',
    ])
    expect(out.at(-1)).toBe(
      'KUBE-NODEPORTS  all  --  0.0.0.0/0            0.0.0.0/0            /* kubernetes service nodeports; NOTE: this must be the last rule in this chain */ ADDRTYPE match dst-type LOCAL',
    )
  })

  it('lists the statistic, DNAT and negated matches as iptables does, "anywhere" without -n', () => {
    const svc = tool('iptables', '-t', 'nat', '-L', 'KUBE-SVC-CDGGSHYLG3RE2FKL').stdout.split('\n')
    expect(svc[2]).toBe(
      'KUBE-MARK-MASQ  tcp  -- !10.244.0.0/16        10.104.62.15         /* default/web:http cluster IP */ tcp dpt:80',
    )
    expect(svc[3]).toBe(
      'KUBE-SEP-UIQK3OSOSTRHRPBX  all  --  anywhere             anywhere             /* default/web:http -> 10.244.1.2:8080 */ statistic mode random probability 0.5000000000',
    )
    const sep = tool('iptables', '-t', 'nat', '-nL', 'KUBE-SEP-UIQK3OSOSTRHRPBX').stdout.split('\n')
    expect(sep[3]).toBe(
      'DNAT       tcp  --  0.0.0.0/0            0.0.0.0/0            /* default/web:http */ tcp to:10.244.1.2:8080',
    )
  })

  it('iptables -S, and the messages for what is not there', () => {
    expect(tool('iptables', '-t', 'nat', '-S', 'KUBE-MARK-MASQ').stdout).toBe(
      '-N KUBE-MARK-MASQ\n-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
    )
    expect(tool('iptables', '-t', 'nat', '-L', 'NOPE')).toMatchObject({
      stderr: 'iptables: No chain/target/match by that name.',
      code: 1,
    })
    expect(tool('iptables', '-A', 'INPUT', '-j', 'DROP').code).toBe(2)
  })

  it('ipvsadm -Ln in iptables mode: the header, no service', () => {
    expect(tool('ipvsadm', '-Ln').stdout.split('\n')).toHaveLength(3)
  })
})

describe('ssh NODE and sim set proxy-mode', () => {
  it('switches every node to IPVS: ipvsadm lists services, ip addr shows kube-ipvs0', () => {
    const core = buildCore('fixture')
    expect(run(core, 'sim set proxy-mode ipvs')).toBe(
      'kube-proxy mode set to ipvs: kube-proxy restarted on 3 nodes',
    )
    expect(run(core, 'sim set proxy-mode ipvs')).toBe('kube-proxy mode is already ipvs')
    expect(run(core, 'ssh node1 ipvsadm -Ln').split('\n')[0]).toBe(
      'IP Virtual Server version 1.2.1 (size=4096)',
    )
    const { proxy } = proxyWith(fixtureServices(), 'ipvs')
    const ip = runOnNode(
      core.network,
      core.store,
      'node1',
      ['ip', 'addr', 'show', 'kube-ipvs0'],
      proxy,
    )
    expect(ip.stdout.split('\n').slice(0, 3)).toEqual([
      '258: kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN group default',
      '    link/ether d6:1f:c0:a8:01:0b brd ff:ff:ff:ff:ff:ff',
      '    inet 10.96.0.1/32 scope global kube-ipvs0',
    ])
    expect(run(core, 'ssh node1 iptables-save -t nat')).toContain(
      '-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN',
    )
  })

  it('refuses an unknown mode', () => {
    const core = buildCore('fixture')
    expect(() => run(core, 'sim set proxy-mode nftables')).toThrow(
      'error: unknown proxy mode "nftables": use iptables or ipvs',
    )
  })
})
