/**
 * `kubectl describe` on the default scenario: the layouts of describe.go (tabwriter columns per
 * block, multi-line labels, the Events table), name prefixes, and the errors.
 */
import { describe, expect, it } from 'vitest'
import { createSimulation } from '../../index'
import type { Pod } from '../../model/pod'
import type { ReplicaSet } from '../../model/apps'

const fresh = () => createSimulation({ seed: 1, freezeObjects: true })
const webRS = (sim: ReturnType<typeof fresh>) =>
  sim
    .objects()
    .find(
      (o): o is ReplicaSet => o.kind === 'ReplicaSet' && o.metadata.namespace === 'default',
    ) as ReplicaSet
const podsOn = (sim: ReturnType<typeof fresh>, node: string) =>
  sim
    .objects()
    .filter((o): o is Pod => o.kind === 'Pod' && (o as Pod).spec.nodeName === node)
    .map((p) => p.metadata.name)
    .sort()

describe('kubectl describe deployment', () => {
  it('prints describeDeployment’s layout', () => {
    const sim = fresh()
    const rs = webRS(sim).metadata.name
    expect(sim.run('kubectl describe deployment web')).toEqual({
      ok: true,
      output: `Name:                   web
Namespace:              default
CreationTimestamp:      Mon, 05 Jan 2026 09:00:30 +0000
Labels:                 app=web
Annotations:            deployment.kubernetes.io/revision: 1
Selector:               app=web
Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  1 max unavailable, 1 max surge
Pod Template:
  Labels:  app=web
  Containers:
   nginx:
    Image:      nginx:1.25
    Port:       80/TCP
    Host Port:  0/TCP
    Requests:
      cpu:         100m
      memory:      64Mi
    Readiness:     http-get http://:80/ delay=2s timeout=1s period=3s #success=1 #failure=3
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  <none>
NewReplicaSet:   ${rs} (3/3 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  30s   deployment-controller  Scaled up replica set ${rs} from 0 to 3`,
    })
  })

  it('accepts the other names of the type and type/name', () => {
    const sim = fresh()
    const text = sim.run('kubectl describe deployment web').output
    expect(sim.run('kubectl describe deploy/web').output).toBe(text)
    expect(sim.run('kubectl describe deployments.apps web').output).toBe(text)
  })
})

describe('kubectl describe replicaset', () => {
  it('prints describeReplicaSet’s layout, found by name prefix', () => {
    const sim = fresh()
    const rs = webRS(sim)
    const hash = rs.metadata.labels?.['pod-template-hash'] as string
    const out = sim.run('kubectl describe rs web').output
    expect(out.split('\n').slice(0, 12)).toEqual([
      `Name:           ${rs.metadata.name}`,
      'Namespace:      default',
      `Selector:       app=web,pod-template-hash=${hash}`,
      'Labels:         app=web',
      `                pod-template-hash=${hash}`,
      'Annotations:    deployment.kubernetes.io/desired-replicas: 3',
      '                deployment.kubernetes.io/max-replicas: 4',
      '                deployment.kubernetes.io/revision: 1',
      'Controlled By:  Deployment/web',
      'Replicas:       3 current / 3 desired',
      'Pods Status:    3 Running / 0 Waiting / 0 Succeeded / 0 Failed',
      'Pod Template:',
    ])
    expect(out).toContain(`  Labels:  app=web\n           pod-template-hash=${hash}\n`)
    expect(out).toContain(
      '\nEvents:\n  Type    Reason            Age   From                   Message\n  ----    ------            ----  ----                   -------\n  Normal  SuccessfulCreate  30s   replicaset-controller  Created pod: web-',
    )
  })
})

describe('kubectl describe pod', () => {
  it('prints describePod’s layout with the container state and the pod’s events', () => {
    const sim = fresh()
    const [name] = podsOn(sim, 'node3')
    const pod = sim.object(`Pod/default/${name}`) as Pod
    const status = pod.status.containerStatuses?.[0]
    const out = sim.run(`kubectl describe pod ${name}`).output
    const head = out.slice(0, out.indexOf('Events:'))
    expect(head).toBe(`Name:             ${name}
Namespace:        default
Priority:         0
Service Account:  default
Node:             node3/192.168.1.13
Start Time:       Mon, 05 Jan 2026 09:00:30 +0000
Labels:           app=web
                  pod-template-hash=${pod.metadata.labels?.['pod-template-hash']}
Annotations:      <none>
Status:           Running
IP:               ${pod.status.podIP}
IPs:
  IP:           ${pod.status.podIP}
Controlled By:  ReplicaSet/${webRS(sim).metadata.name}
Containers:
  nginx:
    Container ID:   ${status?.containerID}
    Image:          nginx:1.25
    Image ID:       ${status?.imageID}
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Mon, 05 Jan 2026 09:00:33 +0000
    Ready:          True
    Restart Count:  0
    Requests:
      cpu:        100m
      memory:     64Mi
    Readiness:    http-get http://:80/ delay=2s timeout=1s period=3s #success=1 #failure=3
    Environment:  <none>
    Mounts:       <none>
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:                      <none>
QoS Class:                    Burstable
Node-Selectors:               <none>
Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
`)
    const events = sim.events().filter((e) => e.involvedObject.name === name)
    const table = out.slice(out.indexOf('Events:')).split('\n')
    expect(table[1]).toMatch(/^ {2}Type {4}Reason +Age +From +Message$/)
    expect(table.slice(3).map((l) => l.trim().split(/\s{2,}/)[1])).toEqual(
      events.map((e) => e.reason),
    )
    expect(table[3]).toMatch(
      new RegExp(
        `^  Normal  Scheduled +30s +default-scheduler +Successfully assigned default/${name} to node3$`,
      ),
    )
  })

  it('describes every pod whose name starts with the name given, two blank lines apart', () => {
    const sim = fresh()
    const out = sim.run('kubectl describe pods web').output
    expect(out.match(/^Name: /gm)).toHaveLength(3)
    expect(out).toContain('\n\n\nName:')
  })
})

describe('kubectl describe node', () => {
  it('prints describeNode’s layout with the pods on the node and what they request', () => {
    const sim = fresh()
    const [a] = podsOn(sim, 'node2')
    const out = sim.run('kubectl describe node node2').output
    expect(out.slice(0, out.indexOf('Conditions:'))).toBe(`Name:               node2
Roles:              <none>
Labels:             beta.kubernetes.io/arch=amd64
                    beta.kubernetes.io/os=linux
                    kubernetes.io/arch=amd64
                    kubernetes.io/hostname=node2
                    kubernetes.io/os=linux
Annotations:        flannel.alpha.coreos.com/backend-data: {"VNI":1,"VtepMAC":"0e:f1:00:00:00:12"}
                    flannel.alpha.coreos.com/backend-type: vxlan
                    flannel.alpha.coreos.com/kube-subnet-manager: true
                    flannel.alpha.coreos.com/public-ip: 192.168.1.12
                    kubeadm.alpha.kubernetes.io/cri-socket: unix:///var/run/containerd/containerd.sock
                    node.alpha.kubernetes.io/ttl: 0
                    volumes.kubernetes.io/controller-managed-attach-detach: true
CreationTimestamp:  Mon, 05 Jan 2026 09:00:20 +0000
Taints:             <none>
Unschedulable:      false
Lease:
  HolderIdentity:  node2
  AcquireTime:     <unset>
  RenewTime:       Mon, 05 Jan 2026 09:01:00 +0000
`)
    expect(out.slice(out.indexOf('Capacity:'))).toBe(`Capacity:
  cpu:                4
  ephemeral-storage:  61202244Ki
  memory:             8Gi
  pods:               110
Allocatable:
  cpu:                4
  ephemeral-storage:  56403987978
  memory:             8092Mi
  pods:               110
System Info:
  Machine ID:                 
  System UUID:                
  Boot ID:                    
  Kernel Version:             6.1.0-31-amd64
  OS Image:                   Debian GNU/Linux 12 (bookworm)
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://1.7.24
  Kubelet Version:            v1.34.1
PodCIDR:                      10.244.1.0/24
PodCIDRs:                     10.244.1.0/24
Non-terminated Pods:          (1 in total)
  Namespace                   Name                    CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----                    ------------  ----------  ---------------  -------------  ---
  default                     ${a}    100m (2%)     0 (0%)      64Mi (0%)        0 (0%)         30s
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests   Limits
  --------           --------   ------
  cpu                100m (2%)  0 (0%)
  memory             64Mi (0%)  0 (0%)
  ephemeral-storage  0 (0%)     0 (0%)
Events:              <none>`)
  })

  it('shows the control plane’s role and taint', () => {
    const out = fresh().run('kubectl describe no node1').output
    expect(out).toContain('\nRoles:              control-plane\n')
    expect(out).toContain(
      '\nTaints:             node-role.kubernetes.io/control-plane:NoSchedule\n',
    )
  })

  it('lists the bare pod client on node1 beside CoreDNS, sorted by namespace and name', () => {
    const sim = fresh()
    const [c1, c2] = podsOn(sim, 'node1').filter((n) => n.startsWith('coredns-'))
    const out = sim.run('kubectl describe node node1').output
    expect(out.slice(out.indexOf('Non-terminated Pods:'), out.indexOf('Allocated resources:')))
      .toBe(`Non-terminated Pods:          (3 in total)
  Namespace                   Name                       CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----                       ------------  ----------  ---------------  -------------  ---
  default                     client                     0 (0%)        0 (0%)      0 (0%)           0 (0%)         40s
  kube-system                 ${c1}    100m (2%)     0 (0%)      70Mi (0%)        170Mi (2%)     60s
  kube-system                 ${c2}    100m (2%)     0 (0%)      70Mi (0%)        170Mi (2%)     60s
`)
  })
})

describe('kubectl describe errors', () => {
  it('a missing name, an unsupported kind, no arguments, an empty namespace', () => {
    const sim = fresh()
    expect(sim.run('kubectl describe pod nope')).toEqual({
      ok: false,
      output: '',
      error: 'Error from server (NotFound): pods "nope" not found',
    })
    expect(sim.run('kubectl describe widgets').error).toBe(
      'error: the server doesn\'t have a resource type "widgets"',
    )
    expect(sim.run('kubectl describe').error).toBe(
      'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.',
    )
    expect(sim.run('kubectl describe pods -n kube-public')).toEqual({
      ok: true,
      output: '',
      error: 'No resources found in kube-public namespace.',
    })
  })
})
