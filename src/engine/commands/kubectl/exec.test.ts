/**
 * `kubectl exec` on the networking spec's fixture: BusyBox's `ip` and `ping` inside the pods, and
 * the errors kubectl, the API server, the kubelet and the runtime give on the way.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { Simulation } from '../../index'
import { createSimulation } from '../../index'

const TWO_CONTAINERS = `apiVersion: v1
kind: Pod
metadata: {name: two, namespace: default}
spec:
  nodeName: node2
  containers:
  - {name: shell, image: "busybox:1.36", command: [sleep, "3600"]}
  - {name: web, image: "nginx:1.25"}
`

describe('kubectl exec on the fixture', () => {
  let sim: Simulation
  const out = (line: string) => {
    const r = sim.run(line)
    expect(r.error).toBeUndefined()
    expect(r.exitCode).toBe(0)
    return r.output
  }
  beforeAll(() => {
    sim = createSimulation({ scenario: 'fixture', seed: 1 })
  })

  it("ip route in client is the spec's §2.4, as BusyBox prints it (no proto, two spaces before src)", () => {
    expect(out('kubectl exec client -- ip route')).toBe(
      [
        'default via 10.244.0.1 dev eth0',
        '10.244.0.0/16 via 10.244.0.1 dev eth0',
        '10.244.0.0/24 dev eth0 scope link  src 10.244.0.4',
      ].join('\n'),
    )
  })

  it('ip addr in client: lo and eth0, paired with veth9c0d1e2f (ifindex 7) on node1', () => {
    expect(out('kubectl exec client -- ip addr')).toBe(
      [
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000',
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
        '    inet 127.0.0.1/8 scope host lo',
        '       valid_lft forever preferred_lft forever',
        '    inet6 ::1/128 scope host',
        '       valid_lft forever preferred_lft forever',
        '2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1450 qdisc noqueue state UP',
        '    link/ether 0a:58:0a:f4:00:04 brd ff:ff:ff:ff:ff:ff',
        '    inet 10.244.0.4/24 brd 10.244.0.255 scope global eth0',
        '       valid_lft forever preferred_lft forever',
        '    inet6 fe80::858:aff:fef4:4/64 scope link',
        '       valid_lft forever preferred_lft forever',
      ].join('\n'),
    )
    expect(out('kubectl exec client -- ip -4 addr show eth0').split('\n')[1]).toBe(
      '    inet 10.244.0.4/24 brd 10.244.0.255 scope global eth0',
    )
    expect(out('kubectl exec client -- ip route get 10.244.1.2')).toBe(
      '10.244.1.2 via 10.244.0.1 dev eth0  src 10.244.0.4',
    )
  })

  it('ping across nodes arrives with ttl 62 (two forwarding hops), on the same node with 64', () => {
    const lines = out('kubectl exec client -- ping -c 2 10.244.1.2').split('\n')
    expect(lines[0]).toBe('PING 10.244.1.2 (10.244.1.2): 56 data bytes')
    expect(lines[1]).toMatch(/^64 bytes from 10\.244\.1\.2: seq=0 ttl=62 time=0\.\d{3} ms$/)
    expect(lines[2]).toMatch(/^64 bytes from 10\.244\.1\.2: seq=1 ttl=62 time=0\.\d{3} ms$/)
    expect(lines.slice(3, 6)).toEqual([
      '',
      '--- 10.244.1.2 ping statistics ---',
      '2 packets transmitted, 2 packets received, 0% packet loss',
    ])
    expect(lines[6]).toMatch(/^round-trip min\/avg\/max = 0\.\d{3}\/0\.\d{3}\/0\.\d{3} ms$/)
    expect(out('kubectl exec client -- ping -c 1 10.244.0.5')).toMatch(/seq=0 ttl=64 time=/)
  })

  it('ping is reproducible, and sends 4 echoes without -c', () => {
    const first = out('kubectl exec client -- ping 10.244.2.2')
    expect(first.split('\n').filter((l) => l.startsWith('64 bytes'))).toHaveLength(4)
    expect(out('kubectl exec client -- ping 10.244.2.2')).toBe(first)
  })

  it('ping with no answer: no echo lines, 100% loss, exit code 1', () => {
    expect(sim.run('kubectl exec client -- ping -c 3 10.244.7.7')).toMatchObject({
      ok: false,
      output: [
        'PING 10.244.7.7 (10.244.7.7): 56 data bytes',
        '',
        '--- 10.244.7.7 ping statistics ---',
        '3 packets transmitted, 0 packets received, 100% packet loss',
      ].join('\n'),
      error: 'command terminated with exit code 1',
      exitCode: 1,
    })
    expect(sim.run('kubectl exec client -- ping web-1').error).toBe(
      "ping: bad address 'web-1'\ncommand terminated with exit code 1",
    )
  })

  it('kubectl errors: no such pod, no command', () => {
    expect(sim.run('kubectl exec nope -- ip addr').error).toBe(
      'Error from server (NotFound): pods "nope" not found',
    )
    expect(sim.run('kubectl exec client').error).toBe(
      'error: you must specify at least one command for the container',
    )
    expect(sim.run('kubectl exec client --').error).toBe(
      'error: you must specify at least one command for the container',
    )
  })

  it('a program the image does not have: runc fails the exec, kubectl reports 126', () => {
    expect(sim.run('kubectl exec cache -- ip addr')).toMatchObject({
      ok: false,
      error:
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "ip": executable file not found in $PATH: unknown\ncommand terminated with exit code 126',
      exitCode: 126,
    })
  })

  it('a pod with two containers: the first by default, with kubectl’s notice; -c picks', () => {
    expect(sim.run('kubectl apply -f -', TWO_CONTAINERS).ok).toBe(true)
    // Created, not yet started: the kubelet has no such container to exec in.
    expect(sim.run('kubectl exec two -c shell -- ip addr').error).toBe(
      'error: unable to upgrade connection: container not found ("shell")',
    )
    sim.advanceTo(sim.simTimeMs + 30_000)
    const r = sim.run('kubectl exec two -- ip route')
    expect(r.ok).toBe(true)
    expect(r.error).toBe('Defaulted container "shell" out of: shell, web')
    expect(r.output.split('\n')[0]).toBe('default via 10.244.1.1 dev eth0')
    expect(sim.run('kubectl exec two -c web -- ip route').exitCode).toBe(126)
    expect(sim.run('kubectl exec two -c db -- ip route').error).toBe(
      'Error from server (BadRequest): container db is not valid for pod two',
    )
  })

  it('a pod not scheduled, and a completed pod', () => {
    sim.run(
      'kubectl apply -f -',
      `apiVersion: v1
kind: Pod
metadata: {name: huge}
spec:
  containers:
  - {name: big, image: "busybox:1.36", resources: {requests: {cpu: "500"}}}
---
apiVersion: v1
kind: Pod
metadata: {name: once}
spec:
  restartPolicy: Never
  nodeName: node3
  containers:
  - {name: sh, image: "busybox:1.36"}
`,
    )
    sim.advanceTo(sim.simTimeMs + 30_000)
    expect(sim.run('kubectl exec huge -- ip addr').error).toBe(
      'Error from server (BadRequest): pod huge does not have a host assigned',
    )
    expect(sim.run('kubectl exec once -- ip addr').error).toBe(
      'error: cannot exec into a container in a completed pod; current phase is Succeeded',
    )
  })
})
