/**
 * The EndpointSlice controller on the built-in clusters (spec §5.3; staging/src/k8s.io/endpointslice):
 * what web's slice holds through a scale-down and a rolling update, 100 endpoints a slice, named
 * target ports, hostnames, the placeholder, the headless label, the API server's own slice, and
 * slices that a user deletes coming back.
 */
import { describe, expect, it } from 'vitest'
import type { Simulation } from '../../index'
import { createSimulation } from '../../index'
import type { EndpointSlice } from '../../model/endpointSlice'
import type { Pod } from '../../model/pod'
import { isPodReady } from '../../model/podStatus'

const slicesOf = (sim: Simulation, service: string, namespace = 'default') =>
  sim
    .objects()
    .filter(
      (o): o is EndpointSlice =>
        o.kind === 'EndpointSlice' &&
        o.metadata.namespace === namespace &&
        o.metadata.labels?.['kubernetes.io/service-name'] === service,
    )

const endpointsOf = (sim: Simulation, service: string) =>
  slicesOf(sim, service).flatMap((s) => s.endpoints)

const podsOf = (sim: Simulation, app: string) =>
  sim.objects().filter((o): o is Pod => o.kind === 'Pod' && o.metadata.labels?.app === app)

/** What each web pod's endpoint must say (podToEndpoint), keyed by pod name. */
function expected(sim: Simulation, app: string) {
  const out: Record<string, unknown> = {}
  for (const pod of podsOf(sim, app)) {
    // ShouldPodBeInEndpoints: an address, and not terminal (a stopped pod waiting to be removed).
    const terminal = pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed'
    if (!pod.status.podIP || terminal) continue
    const terminating = pod.metadata.deletionTimestamp !== undefined
    out[pod.metadata.name] = {
      address: pod.status.podIP,
      ready: isPodReady(pod) && !terminating,
      serving: isPodReady(pod),
      terminating,
    }
  }
  return out
}

function actual(sim: Simulation, service: string) {
  const out: Record<string, unknown> = {}
  for (const ep of endpointsOf(sim, service))
    out[ep.targetRef?.name ?? ''] = { address: ep.addresses[0], ...ep.conditions }
  return out
}

describe('web’s EndpointSlice in the default cluster', () => {
  it('one slice owned by web, its port resolved, an endpoint per ready pod', () => {
    const sim = createSimulation({ seed: 1, freezeObjects: true })
    const [slice, ...more] = slicesOf(sim, 'web')
    expect(more).toHaveLength(0)
    const web = sim.object('Service/default/web')
    expect(slice?.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
    expect(slice?.metadata.generateName).toBe('web-')
    expect(slice?.metadata.labels).toEqual({
      app: 'web',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    })
    expect(slice?.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Service',
        name: 'web',
        uid: web?.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ])
    expect(slice?.addressType).toBe('IPv4')
    expect(slice?.ports).toEqual([{ name: 'http', protocol: 'TCP', port: 80 }])
    const pods = podsOf(sim, 'web')
    expect(slice?.endpoints).toHaveLength(3)
    for (const ep of slice?.endpoints ?? []) {
      const pod = pods.find((p) => p.metadata.name === ep.targetRef?.name)
      expect(ep).toEqual({
        addresses: [pod?.status.podIP],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: pod?.spec.nodeName,
        targetRef: {
          kind: 'Pod',
          namespace: 'default',
          name: pod?.metadata.name,
          uid: pod?.metadata.uid,
        },
      })
    }
  })

  it('a scale-down: terminating pods turn not ready but serving, then leave', () => {
    const sim = createSimulation({ seed: 1, freezeObjects: true })
    sim.run('kubectl scale deployment/web --replicas=1')
    sim.advanceTo(sim.simTimeMs + 100)
    const conditions = endpointsOf(sim, 'web').map((e) => e.conditions)
    expect(conditions).toHaveLength(3)
    expect(conditions.filter((c) => c.terminating)).toEqual([
      { ready: false, serving: true, terminating: true },
      { ready: false, serving: true, terminating: true },
    ])
    expect(actual(sim, 'web')).toEqual(expected(sim, 'web'))
    sim.advanceTo(sim.simTimeMs + 60_000)
    expect(endpointsOf(sim, 'web').map((e) => e.conditions)).toEqual([
      { ready: true, serving: true, terminating: false },
    ])
  })

  it('a rolling update: at every step the endpoints are exactly the pods as they are', () => {
    const sim = createSimulation({ seed: 2, freezeObjects: true })
    sim.run('kubectl set image deployment/web nginx=nginx:1.26')
    const seen = new Set<string>()
    for (let i = 0; i < 2000 && sim.nextTaskAtMs() !== undefined; i++) {
      sim.step()
      // The controller acts 10 ms after a change; look once the queue holds nothing of it.
      if (sim.snapshot().queue.entries.some((e) => e.task.handler === 'endpointslice')) continue
      expect(actual(sim, 'web')).toEqual(expected(sim, 'web'))
      for (const ep of endpointsOf(sim, 'web')) seen.add(JSON.stringify(ep.conditions))
    }
    expect(seen).toContain(JSON.stringify({ ready: false, serving: false, terminating: false }))
    expect(seen).toContain(JSON.stringify({ ready: false, serving: true, terminating: true }))
    expect(endpointsOf(sim, 'web')).toHaveLength(3)
  })

  it('250 pods: slices of at most 100 endpoints, every pod once', () => {
    const sim = createSimulation({ seed: 3 })
    for (const node of ['node4', 'node5']) expect(sim.run(`sim add node ${node}`).ok).toBe(true)
    sim.run('kubectl create deployment many --image=nginx:1.25 --replicas=250 --port=80')
    sim.run('kubectl expose deployment many --port=80')
    sim.advanceTo(sim.simTimeMs + 120_000)
    const slices = slicesOf(sim, 'many')
    expect(slices.map((s) => s.endpoints.length).sort((a, b) => b - a)).toEqual([100, 100, 50])
    const addresses = slices.flatMap((s) => s.endpoints.map((e) => e.addresses[0]))
    expect(new Set(addresses).size).toBe(250)
    expect(actual(sim, 'many')).toEqual(expected(sim, 'many'))
  })
})

describe('ports, hostnames and special slices', () => {
  it('a named targetPort resolves per pod; a pod without that port is grouped apart, portless', () => {
    const sim = createSimulation({ scenario: 'fixture', seed: 1, freezeObjects: true })
    expect(sim.run('kubectl apply -f -', NAMED_PORT).ok).toBe(true)
    sim.advanceTo(sim.simTimeMs + 30_000)
    const byPorts = Object.fromEntries(
      slicesOf(sim, 'named').map((s) => [
        JSON.stringify(s.ports),
        s.endpoints.map((e) => e.targetRef?.name).sort(),
      ]),
    )
    expect(byPorts).toEqual({
      [JSON.stringify([{ name: 'http', protocol: 'TCP', port: 8080 }])]: ['web-1', 'web-2'],
      '[]': ['other'],
    })
  })

  it('hostname when the pod’s subdomain names the Service; publishNotReadyAddresses', () => {
    const sim = createSimulation({ scenario: 'fixture', seed: 1, freezeObjects: true })
    sim.run('kubectl apply -f -', HOSTNAMED)
    sim.advanceTo(sim.simTimeMs + 2_000)
    const [ep] = endpointsOf(sim, 'db')
    expect(ep?.hostname).toBe('db-0')
    // Not ready yet (the image is still being pulled) but published anyway.
    expect(ep?.conditions).toEqual({ ready: true, serving: false, terminating: false })
  })

  it('the headless web-hl of the fixture: its slice carries the headless label', () => {
    const sim = createSimulation({ scenario: 'fixture', seed: 1, freezeObjects: true })
    const [slice] = slicesOf(sim, 'web-hl')
    expect(slice?.metadata.labels?.['service.kubernetes.io/headless']).toBe('')
    expect(slice?.ports).toEqual([{ name: 'http', protocol: 'TCP', port: 8080 }])
    expect(slice?.endpoints.map((e) => e.addresses[0]).sort()).toEqual(['10.244.1.2', '10.244.2.2'])
  })

  it('a selector that matches nothing gets a placeholder slice, which the pods later fill', () => {
    const sim = createSimulation({ seed: 1, freezeObjects: true })
    sim.run('kubectl create service clusterip later --tcp=80')
    sim.advanceTo(sim.simTimeMs + 100)
    const [placeholder, ...none] = slicesOf(sim, 'later')
    expect(none).toHaveLength(0)
    expect(placeholder?.endpoints).toEqual([])
    expect(placeholder?.ports).toEqual([])
    sim.run('kubectl create deployment later --image=nginx:1.25 --port=80')
    sim.advanceTo(sim.simTimeMs + 30_000)
    const [filled, ...others] = slicesOf(sim, 'later')
    expect(others).toHaveLength(0)
    expect(filled?.metadata.name).toBe(placeholder?.metadata.name)
    expect(filled?.ports).toEqual([{ name: '80', protocol: 'TCP', port: 80 }])
    expect(filled?.endpoints).toHaveLength(1)
  })

  it('a slice a user deletes comes back; a deleted Service takes its slices along', () => {
    const sim = createSimulation({ seed: 1, freezeObjects: true })
    const [slice] = slicesOf(sim, 'web')
    sim.run(`kubectl delete endpointslice ${slice?.metadata.name}`)
    sim.advanceTo(sim.simTimeMs + 100)
    expect(endpointsOf(sim, 'web')).toHaveLength(3)
    sim.run('kubectl delete service web')
    sim.advanceTo(sim.simTimeMs + 1_000)
    expect(slicesOf(sim, 'web')).toHaveLength(0)
  })

  it('the API server keeps kubernetes and its slice (no selector, no controller) and restores them', () => {
    const sim = createSimulation({ seed: 1, freezeObjects: true })
    const [slice] = slicesOf(sim, 'kubernetes')
    expect(slice?.metadata.name).toBe('kubernetes')
    expect(slice?.metadata.labels).toEqual({ 'kubernetes.io/service-name': 'kubernetes' })
    expect(slice?.metadata.ownerReferences).toBeUndefined()
    expect(slice?.ports).toEqual([{ name: 'https', port: 6443, protocol: 'TCP' }])
    expect(slice?.endpoints).toEqual([{ addresses: ['192.168.1.11'], conditions: { ready: true } }])
    sim.run('kubectl delete endpointslice kubernetes')
    sim.run('kubectl delete service kubernetes')
    sim.advanceTo(sim.simTimeMs + 10_100)
    expect(slicesOf(sim, 'kubernetes')).toHaveLength(1)
    expect(sim.run('kubectl get svc kubernetes').output).toMatch(/10\.96\.0\.1 +<none> +443\/TCP/)
  })
})

const NAMED_PORT = `apiVersion: v1
kind: Service
metadata:
  name: named
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
---
apiVersion: v1
kind: Pod
metadata:
  name: other
  labels:
    app: web
spec:
  containers:
    - name: nginx
      image: nginx:1.25
`

const HOSTNAMED = `apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector:
    app: db
  ports:
    - port: 5432
---
apiVersion: v1
kind: Pod
metadata:
  name: db-0
  labels:
    app: db
spec:
  hostname: db-0
  subdomain: db
  containers:
    - name: postgres
      image: postgres:16
`
