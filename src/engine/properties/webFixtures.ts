/**
 * The pieces of the rollout property test that read the cluster: web's manifest with a given
 * strategy, the strategy's window worked out independently of the controller's helpers, and web's
 * ReplicaSets and pods as the API shows them.
 */
import type { Simulation } from '../index'
import type { Deployment, IntOrString, ReplicaSet } from '../model/apps'
import type { KubeObject } from '../model/meta'
import type { Pod } from '../model/pod'

const KEY = 'Deployment/default/web'

export interface Strategy {
  replicas: number
  maxSurge: IntOrString
  maxUnavailable: IntOrString
  revisionHistoryLimit: number
  minReadySeconds: number
}

/** The primer's web Deployment with a given strategy, for `kubectl apply -f -`. */
export function manifest(s: Strategy): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
  labels:
    app: web
spec:
  replicas: ${s.replicas}
  revisionHistoryLimit: ${s.revisionHistoryLimit}
  minReadySeconds: ${s.minReadySeconds}
  selector:
    matchLabels:
      app: web
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: ${JSON.stringify(s.maxSurge)}
      maxUnavailable: ${JSON.stringify(s.maxUnavailable)}
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.25
          ports:
            - containerPort: 80
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
          readinessProbe:
            httpGet:
              path: /
              port: 80
            initialDelaySeconds: 2
            periodSeconds: 3
`
}

/** intstr.GetScaledValueFromIntOrPercent. */
function scaled(value: IntOrString, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value
  const percent = Number(value.replace('%', ''))
  const exact = (percent * total) / 100
  return roundUp ? Math.ceil(exact) : Math.floor(exact)
}

/** ResolveFenceposts plus MaxUnavailable's cap, as the window for the current replicas. */
export function window(d: Deployment): {
  maxSurge: number
  minAvailable: number
  maxTotal: number
} {
  const replicas = d.spec.replicas ?? 1
  const ru = d.spec.strategy?.rollingUpdate ?? {}
  const surge = scaled(ru.maxSurge ?? '25%', replicas, true)
  let unavailable = scaled(ru.maxUnavailable ?? '25%', replicas, false)
  if (surge === 0 && unavailable === 0) unavailable = 1
  const maxUnavailable = replicas === 0 ? 0 : Math.min(unavailable, replicas)
  return { maxSurge: surge, minAvailable: replicas - maxUnavailable, maxTotal: replicas + surge }
}

export const controlledBy = (o: KubeObject, uid: string) =>
  o.metadata.ownerReferences?.some((r) => r.controller && r.uid === uid) ?? false

const isReady = (p: Pod) =>
  p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false

export interface WebState {
  d: Deployment
  replicaSets: ReplicaSet[]
  pods: Pod[]
}

export function webState(sim: Simulation): WebState {
  const d = sim.object(KEY) as Deployment
  const objects = sim.objects()
  const replicaSets = objects.filter(
    (o): o is ReplicaSet => o.kind === 'ReplicaSet' && controlledBy(o, d.metadata.uid),
  )
  const uids = new Set(replicaSets.map((rs) => rs.metadata.uid))
  const pods = objects.filter(
    (o): o is Pod =>
      o.kind === 'Pod' && (o.metadata.ownerReferences ?? []).some((r) => uids.has(r.uid)),
  )
  return { d, replicaSets, pods }
}

export const sum = (rss: readonly ReplicaSet[], f: (rs: ReplicaSet) => number) =>
  rss.reduce((n, rs) => n + f(rs), 0)

/** Every ReplicaSet's status agrees with its spec and with its active pods. */
export function settled({ replicaSets, pods }: WebState): boolean {
  return replicaSets.every((rs) => {
    const active = pods.filter(
      (p) =>
        controlledBy(p, rs.metadata.uid) &&
        !p.metadata.deletionTimestamp &&
        p.status.phase !== 'Succeeded' &&
        p.status.phase !== 'Failed',
    )
    return (
      (rs.status.observedGeneration ?? 0) >= (rs.metadata.generation ?? 0) &&
      rs.status.replicas === (rs.spec.replicas ?? 1) &&
      rs.status.replicas === active.length &&
      (rs.status.readyReplicas ?? 0) === active.filter(isReady).length
    )
  })
}
