/**
 * kubectl on Services and EndpointSlices: `get` (printService, printEndpointSlice), `describe
 * service` (describeService), `expose` (expose.go) and `create service` (create_service.go), with
 * kubectl's layouts and errors, on the networking spec's fixture (§0.3) where addresses are fixed.
 */
import { describe, expect, it } from 'vitest'
import { createSimulation } from '../../index'
import type { Service } from '../../model/service'

const fixture = () => createSimulation({ scenario: 'fixture', seed: 1, freezeObjects: true })

describe('kubectl get services and endpointslices', () => {
  it('the fixture’s Services: ClusterIP, NodePort and headless, with their ports', () => {
    expect(fixture().run('kubectl get svc -A').output).toBe(
      `NAMESPACE     NAME         TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)                  AGE
default       kubernetes   ClusterIP   10.96.0.1      <none>        443/TCP                  60s
default       web          NodePort    10.104.62.15   <none>        80:30080/TCP             60s
default       web-hl       ClusterIP   None           <none>        8080/TCP                 60s
kube-system   kube-dns     ClusterIP   10.96.0.10     <none>        53/UDP,53/TCP,9153/TCP   60s`,
    )
  })

  it('-o wide adds the selector; the type names and short names all work', () => {
    const sim = fixture()
    const wide = `NAME         TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)        AGE   SELECTOR
kubernetes   ClusterIP   10.96.0.1      <none>        443/TCP        60s   <none>
web          NodePort    10.104.62.15   <none>        80:30080/TCP   60s   app=web
web-hl       ClusterIP   None           <none>        8080/TCP       60s   app=web`
    expect(sim.run('kubectl get services -o wide').output).toBe(wide)
    expect(sim.run('kubectl get service -o wide').output).toBe(wide)
    expect(sim.run('kubectl get svc nope').error).toBe(
      'Error from server (NotFound): services "nope" not found',
    )
  })

  it('a LoadBalancer without a cloud provider stays <pending>; ExternalName shows its name', () => {
    const sim = fixture()
    sim.run('kubectl create service loadbalancer lb --tcp=80:8080')
    sim.run('kubectl create service externalname ext --external-name=db.example.com')
    const lines = sim.run('kubectl get svc lb ext').output.split('\n')
    expect(lines[1]).toMatch(/^lb +LoadBalancer +10\.\d+\.\d+\.\d+ +<pending> +80:3\d{4}\/TCP +0s$/)
    expect(lines[2]).toMatch(/^ext +ExternalName +<none> +db\.example\.com +<none> +0s$/)
  })

  it('endpointslices: address type, port numbers, up to three endpoints then "+ N more..."', () => {
    const sim = fixture()
    const names = sim
      .objects()
      .filter((o) => o.kind === 'EndpointSlice')
      .map((o) => o.metadata.name)
    const web = names.find((n) => /^web-[^h]/.test(n)) ?? ''
    const hl = names.find((n) => n.startsWith('web-hl-')) ?? ''
    expect(hl).toHaveLength(12)
    expect(sim.run('kubectl get endpointslices').output).toBe(
      `NAME           ADDRESSTYPE   PORTS   ENDPOINTS               AGE
kubernetes     IPv4          6443    192.168.1.11            60s
${web}      IPv4          8080    10.244.1.2,10.244.2.2   60s
${hl}   IPv4          8080    10.244.1.2,10.244.2.2   60s`,
    )
    const primer = createSimulation({ seed: 1, freezeObjects: true })
    primer.run('kubectl scale deployment/web --replicas=5')
    primer.advanceTo(primer.simTimeMs + 30_000)
    expect(
      primer.run('kubectl get endpointslices -l kubernetes.io/service-name=web').output,
    ).toMatch(
      /\nweb-\S+ +IPv4 +80 +10\.244\.\d+\.\d+,10\.244\.\d+\.\d+,10\.244\.\d+\.\d+ \+ 2 more\.\.\. +\d+s$/,
    )
  })

  it('get all lists the Services after the pods', () => {
    const out = fixture().run('kubectl get all').output
    expect(out.indexOf('service/kubernetes')).toBeGreaterThan(out.indexOf('pod/client'))
  })
})

describe('kubectl describe service', () => {
  it('prints describeService’s layout with the endpoints of each port', () => {
    expect(fixture().run('kubectl describe service web').output).toBe(`Name:                     web
Namespace:                default
Labels:                   app=web
Annotations:              <none>
Selector:                 app=web
Type:                     NodePort
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.104.62.15
IPs:                      10.104.62.15
Port:                     http  80/TCP
TargetPort:               8080/TCP
NodePort:                 http  30080/TCP
Endpoints:                10.244.1.2:8080,10.244.2.2:8080
Session Affinity:         None
External Traffic Policy:  Cluster
Internal Traffic Policy:  Cluster
Events:                   <none>`)
  })

  it('kube-dns: one block per port; a Service without pods has no endpoints', () => {
    const sim = fixture()
    const dns = sim.run('kubectl describe svc kube-dns -n kube-system').output
    expect(dns).toContain(`Port:                     dns  53/UDP
TargetPort:               53/UDP
Endpoints:                10.244.0.2:53,10.244.0.3:53
Port:                     dns-tcp  53/TCP
TargetPort:               53/TCP
Endpoints:                10.244.0.2:53,10.244.0.3:53
Port:                     metrics  9153/TCP
TargetPort:               9153/TCP
Endpoints:                10.244.0.2:9153,10.244.0.3:9153
Session Affinity:         None
Internal Traffic Policy:  Cluster`)
    sim.run('kubectl create service clusterip lonely --tcp=80')
    sim.advanceTo(sim.simTimeMs + 1_000)
    expect(sim.run('kubectl describe svc lonely').output).toContain(
      'Port:                     80  80/TCP\nTargetPort:               80/TCP\nEndpoints:                \n',
    )
  })
})

describe('kubectl expose', () => {
  it('a Deployment: selector from its matchLabels, labels, port and target port', () => {
    const sim = createSimulation({ seed: 1, freezeObjects: true })
    expect(
      sim.run('kubectl expose deployment/web --port=8080 --target-port=80 --name=web2'),
    ).toEqual({
      ok: true,
      output: 'service/web2 exposed',
    })
    const svc = sim.object('Service/default/web2') as Service
    expect(svc.metadata.labels).toEqual({ app: 'web' })
    expect(svc.spec.selector).toEqual({ app: 'web' })
    expect(svc.spec.type).toBe('ClusterIP')
    expect(svc.spec.ports).toEqual([{ port: 8080, protocol: 'TCP', targetPort: 80 }])
  })

  it('the port comes from the pod template when --port is not given; --type and --protocol', () => {
    const sim = createSimulation({ seed: 1, freezeObjects: true })
    sim.run('kubectl delete svc web')
    expect(sim.run('kubectl expose deployment web --type=NodePort').output).toBe(
      'service/web exposed',
    )
    const svc = sim.object('Service/default/web') as Service
    expect(svc.spec.ports).toMatchObject([{ port: 80, targetPort: 80, protocol: 'TCP' }])
    expect(svc.spec.ports[0]?.nodePort).toBeGreaterThanOrEqual(30000)
    sim.run('kubectl expose deployment web --port=53 --protocol=UDP --name=udp')
    expect((sim.object('Service/default/udp') as Service).spec.ports[0]?.protocol).toBe('UDP')
  })

  it('errors: nothing to expose, no port, a kind that cannot be exposed, a name taken', () => {
    const sim = createSimulation({ seed: 1, freezeObjects: true })
    sim.run('kubectl create deployment noport --image=nginx:1.25')
    expect(sim.run('kubectl expose deployment noport').error).toBe(
      "error: couldn't find port via --port flag or introspection",
    )
    expect(sim.run('kubectl expose node node1 --port=80').error).toBe('error: cannot expose a Node')
    expect(sim.run('kubectl expose deployment web --port=80').error).toBe(
      'Error from server (AlreadyExists): services "web" already exists',
    )
    expect(sim.run('kubectl expose deployment nope --port=80').error).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found',
    )
    expect(sim.run('kubectl expose').error).toMatch(
      /^error: You must provide one or more resources by argument or filename\.\n/,
    )
    expect(sim.object('Service/default/noport')).toBeUndefined()
  })
})

describe('kubectl create service', () => {
  it('clusterip, nodeport and a headless one: app=NAME, ports named port-target', () => {
    const sim = fixture()
    expect(sim.run('kubectl create service clusterip two --tcp=80:8080,443').output).toBe(
      'service/two created',
    )
    const two = sim.object('Service/default/two') as Service
    expect(two.metadata.labels).toEqual({ app: 'two' })
    expect(two.spec.selector).toEqual({ app: 'two' })
    expect(two.spec.ports).toEqual([
      { name: '80-8080', port: 80, targetPort: 8080, protocol: 'TCP' },
      { name: '443', port: 443, targetPort: 443, protocol: 'TCP' },
    ])
    sim.run('kubectl create service nodeport np --tcp=80:http --node-port=30111')
    expect((sim.object('Service/default/np') as Service).spec.ports[0]).toMatchObject({
      targetPort: 'http',
      nodePort: 30111,
    })
    sim.run('kubectl create svc clusterip hl --clusterip=None')
    expect((sim.object('Service/default/hl') as Service).spec.clusterIPs).toEqual(['None'])
  })

  it('errors from kubectl and from the API server', () => {
    const sim = fixture()
    expect(sim.run('kubectl create service clusterip x').error).toBe(
      'error: at least one tcp port specifier must be provided',
    )
    expect(sim.run('kubectl create service externalname x').error).toBe(
      'error: required flag(s) "external-name" not set',
    )
    expect(sim.run('kubectl create service nodeport x --tcp=80 --node-port=30080').error).toBe(
      'error: failed to create NodePort service: Service "x" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    )
    expect(sim.run('kubectl create service clusterip x --tcp=80:80,443,443').error).toBe(
      'error: failed to create ClusterIP service: Service "x" is invalid: [spec.ports[2].name: Duplicate value: "443", spec.ports[2]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:443, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}]',
    )
    expect(sim.object('Service/default/x')).toBeUndefined()
  })
})

describe('kubectl delete service', () => {
  it('deletes it and frees its ClusterIP and nodePort at once', () => {
    const sim = fixture()
    expect(sim.run('kubectl delete svc web').output).toBe(
      'service "web" deleted from default namespace',
    )
    expect(
      sim.run('kubectl create service nodeport web --tcp=80:8080 --node-port=30080').output,
    ).toBe('service/web created')
  })
})
