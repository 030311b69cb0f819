/** The columns `kubectl get` prints for each kind (pkg/printers/internalversion/printers.go). */
import type { Deployment, ReplicaSet } from '../../model/apps'
import type { ClusterEvent } from '../../model/event'
import type { KubeObject } from '../../model/meta'
import type { Node } from '../../model/node'
import { isNodeReady, nodeInternalIP } from '../../model/node'
import type { Pod } from '../../model/pod'
import { podReadyColumn, podRestartsColumn, podStatusReason } from '../../model/podStatus'
import { selectorToString } from '../../model/labels'
import { fromTimestamp, humanDuration } from '../../model/time'
import { SERVICE_PRINTERS } from './servicePrinters'

/** The Kubernetes version every simulated kubelet reports. */
export const KUBELET_VERSION = 'v1.34.1'

export interface TablePrinter {
  headers: string[]
  wideHeaders: string[]
  row(o: KubeObject, nowMs: number): string[]
  wideRow(o: KubeObject, nowMs: number): string[]
}

const age = (o: KubeObject, nowMs: number) =>
  humanDuration(nowMs - fromTimestamp(o.metadata.creationTimestamp))
const none = (s: string | undefined) => (s ? s : '<none>')

const containersAndImages = (t: { spec: { containers: { name: string; image: string }[] } }) => [
  t.spec.containers.map((c) => c.name).join(','),
  t.spec.containers.map((c) => c.image).join(','),
]

export const PRINTERS: Record<string, TablePrinter> = {
  Pod: {
    headers: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    wideHeaders: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    row: (o, now) => {
      const p = o as Pod
      return [
        p.metadata.name,
        podReadyColumn(p),
        podStatusReason(p),
        podRestartsColumn(p, now),
        age(p, now),
      ]
    },
    wideRow: (o) => {
      const p = o as Pod
      return [none(p.status.podIP), none(p.spec.nodeName), '<none>', '<none>']
    },
  },
  Deployment: {
    headers: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, now) => {
      const d = o as Deployment
      return [
        d.metadata.name,
        `${d.status.readyReplicas ?? 0}/${d.spec.replicas ?? 1}`,
        String(d.status.updatedReplicas ?? 0),
        String(d.status.availableReplicas ?? 0),
        age(d, now),
      ]
    },
    wideRow: (o) => {
      const d = o as Deployment
      return [...containersAndImages(d.spec.template), selectorToString(d.spec.selector)]
    },
  },
  ReplicaSet: {
    headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, now) => {
      const rs = o as ReplicaSet
      return [
        rs.metadata.name,
        String(rs.spec.replicas ?? 1),
        String(rs.status.replicas ?? 0),
        String(rs.status.readyReplicas ?? 0),
        age(rs, now),
      ]
    },
    wideRow: (o) => {
      const rs = o as ReplicaSet
      return [...containersAndImages(rs.spec.template), selectorToString(rs.spec.selector)]
    },
  },
  Node: {
    headers: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    wideHeaders: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    row: (o, now) => {
      const n = o as Node
      const roles = Object.keys(n.metadata.labels ?? {})
        .filter((k) => k.startsWith('node-role.kubernetes.io/'))
        .map((k) => k.slice('node-role.kubernetes.io/'.length))
        .sort()
      const status = [
        isNodeReady(n) ? 'Ready' : 'NotReady',
        ...(n.spec.unschedulable ? ['SchedulingDisabled'] : []),
      ].join(',')
      return [
        n.metadata.name,
        status,
        roles.length ? roles.join(',') : '<none>',
        age(n, now),
        n.status.nodeInfo?.kubeletVersion ?? KUBELET_VERSION,
      ]
    },
    wideRow: (o) => {
      const n = o as Node
      const info = n.status.nodeInfo ?? {}
      return [
        none(nodeInternalIP(n)),
        '<none>',
        info.osImage ?? '<unknown>',
        info.kernelVersion ?? '<unknown>',
        info.containerRuntimeVersion ?? '<unknown>',
      ]
    },
  },
  Namespace: {
    headers: ['NAME', 'STATUS', 'AGE'],
    wideHeaders: [],
    row: (o, now) => [
      o.metadata.name,
      (o.status as { phase?: string } | undefined)?.phase ?? 'Active',
      age(o, now),
    ],
    wideRow: () => [],
  },
  Event: {
    headers: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
    wideHeaders: [],
    row: (o, now) => {
      const e = o as unknown as ClusterEvent
      return [
        humanDuration(now - e.lastSimTimeMs),
        e.type,
        e.reason,
        `${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}`,
        e.message,
      ]
    },
    wideRow: () => [],
  },
  ...SERVICE_PRINTERS,
}
