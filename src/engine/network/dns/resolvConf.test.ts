/**
 * The resolv.conf the kubelet gives each dnsPolicy (checklist 12), dnsConfig merging and the
 * kubelet's limits; the files `cat` shows in a pod and on a node.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { Pod, PodSpec } from '../../model/pod'
import { runCommand } from '../../commands/runCommand'
import type { SimulationCore } from '../../runtime/Simulation'
import { buildCore, run } from '../testClusters'
import { formatResolvConf, ndotsOf, nodeResolvConf, podResolvConf } from './resolvConf'

const NODE = nodeResolvConf('192.168.1.1')

function pod(spec: Partial<PodSpec>, namespace = 'default'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace, uid: 'u', resourceVersion: '1', creationTimestamp: '' },
    spec: { containers: [{ name: 'c', image: 'busybox:1.36' }], ...spec },
    status: {},
  }
}

const conf = (spec: Partial<PodSpec>, namespace?: string) =>
  formatResolvConf(podResolvConf(pod(spec, namespace), NODE))

describe('resolv.conf per dnsPolicy (pkg/kubelet/network/dns/dns.go)', () => {
  it('ClusterFirst: the kube-dns ClusterIP, three cluster search domains, ndots:5 (checklist 12)', () => {
    const text = conf({ dnsPolicy: 'ClusterFirst' })
    expect(text).toBe(
      [
        'search default.svc.cluster.local svc.cluster.local cluster.local',
        'nameserver 10.96.0.10',
        'options ndots:5',
      ].join('\n'),
    )
    expect(conf({}, 'kube-system').split('\n')[0]).toBe(
      'search kube-system.svc.cluster.local svc.cluster.local cluster.local',
    )
  })

  it("ClusterFirst appends the node's search domains, each once", () => {
    const node = { ...NODE, searches: ['lan', 'cluster.local'] }
    expect(podResolvConf(pod({}), node).searches).toEqual([
      'default.svc.cluster.local',
      'svc.cluster.local',
      'cluster.local',
      'lan',
    ])
  })

  it("Default copies the node's file; ClusterFirst on the host network falls back to it", () => {
    expect(conf({ dnsPolicy: 'Default' })).toBe('nameserver 192.168.1.1')
    expect(conf({ dnsPolicy: 'ClusterFirst', hostNetwork: true })).toBe('nameserver 192.168.1.1')
    expect(conf({ dnsPolicy: 'ClusterFirstWithHostNet', hostNetwork: true })).toContain(
      'nameserver 10.96.0.10',
    )
  })

  it('None: only what dnsConfig gives', () => {
    expect(
      conf({
        dnsPolicy: 'None',
        dnsConfig: {
          nameservers: ['192.0.2.1'],
          searches: ['ns1.svc.cluster-domain.example', 'my.dns.search.suffix'],
          options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }],
        },
      }),
    ).toBe(
      [
        'search ns1.svc.cluster-domain.example my.dns.search.suffix',
        'nameserver 192.0.2.1',
        'options ndots:2 edns0',
      ].join('\n'),
    )
  })

  it('dnsConfig on ClusterFirst: servers and searches appended without duplicates, options merged', () => {
    const merged = podResolvConf(
      pod({
        dnsConfig: {
          nameservers: ['10.96.0.10', '1.1.1.1'],
          searches: ['svc.cluster.local', 'corp.example'],
          options: [{ name: 'ndots', value: '2' }, { name: 'single-request' }],
        },
      }),
      NODE,
    )
    expect(merged).toEqual({
      nameservers: ['10.96.0.10', '1.1.1.1'],
      searches: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'corp.example'],
      options: ['ndots:2', 'single-request'],
    })
    expect(ndotsOf(merged)).toBe(2)
    expect(ndotsOf(NODE)).toBe(1)
  })

  it("the kubelet's limits: 3 nameservers, 32 search paths, none longer than 253", () => {
    const trimmed = podResolvConf(
      pod({
        dnsPolicy: 'None',
        dnsConfig: {
          nameservers: ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4'],
          searches: [
            `${'a'.repeat(254)}.example`,
            ...Array.from({ length: 40 }, (_, i) => `d${i}.example`),
          ],
        },
      }),
      NODE,
    )
    expect(trimmed.nameservers).toEqual(['192.0.2.1', '192.0.2.2', '192.0.2.3'])
    expect(trimmed.searches).toHaveLength(31)
    expect(trimmed.searches[0]).toBe('d0.example')
  })
})

describe('the files in a pod and on a node', () => {
  let core: SimulationCore
  beforeAll(() => {
    core = buildCore('fixture')
  })

  it('kubectl exec client -- cat /etc/resolv.conf; coredns-a has dnsPolicy Default', () => {
    expect(run(core, 'kubectl exec client -- cat /etc/resolv.conf')).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5',
    )
    expect(run(core, 'ssh node1 cat /etc/resolv.conf')).toBe('nameserver 192.168.1.1')
  })

  it('/etc/hosts and /etc/hostname are the kubelet-managed ones', () => {
    expect(run(core, 'kubectl exec client -- cat /etc/hosts')).toBe(
      [
        '# Kubernetes-managed hosts file.',
        '127.0.0.1\tlocalhost',
        '::1\tlocalhost ip6-localhost ip6-loopback',
        'fe00::0\tip6-localnet',
        'fe00::0\tip6-mcastprefix',
        'fe00::1\tip6-allnodes',
        'fe00::2\tip6-allrouters',
        '10.244.0.4\tclient',
      ].join('\n'),
    )
    expect(run(core, 'kubectl exec client -- cat /etc/hostname')).toBe('client')
  })

  it('a pod with hostname and subdomain gets its fully qualified name in /etc/hosts', () => {
    run(
      core,
      'kubectl apply -f -',
      `apiVersion: v1
kind: Pod
metadata: {name: db-0, namespace: default}
spec:
  nodeName: node3
  hostname: db-0
  subdomain: db-hl
  containers:
  - {name: sh, image: "busybox:1.36", command: [sleep, "3600"]}
`,
    )
    core.advanceTo(core.simTimeMs + 30_000)
    const ip = core.store.get<Pod>('Pod/default/db-0')?.status.podIP ?? ''
    expect(run(core, 'kubectl exec db-0 -- cat /etc/hosts').split('\n').at(-1)).toBe(
      `${ip}\tdb-0.db-hl.default.svc.cluster.local\tdb-0`,
    )
  })

  it('a file the container does not have: BusyBox cat says so, exit code 1', () => {
    expect(runCommand(core, 'kubectl exec client -- cat /etc/hostname /etc/shadow')).toMatchObject({
      ok: false,
      output: 'client',
      error:
        "cat: can't open '/etc/shadow': No such file or directory\ncommand terminated with exit code 1",
      exitCode: 1,
    })
  })
})
