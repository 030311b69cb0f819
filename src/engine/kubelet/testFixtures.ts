/** Helpers for the kubelet's tests: change an image, follow one pod through sim time. */
import type { Simulation } from '../index'
import type { Deployment } from '../model/apps'
import type { ContainerStatus, Pod } from '../model/pod'
import { podStatusReason } from '../model/podStatus'
import type { SimulationCore } from '../runtime/Simulation'

/** The core behind a Simulation, for the API calls no kubectl verb makes yet. */
export function coreOf(sim: Simulation): SimulationCore {
  return (sim as unknown as { core: SimulationCore }).core
}

/**
 * `kubectl set image deployment/NAME CONTAINER=IMAGE`; while that verb does not exist yet, the
 * same change goes straight through the API (a new template, so a new ReplicaSet).
 */
export function setImage(sim: Simulation, name: string, container: string, image: string): void {
  if (sim.run(`kubectl set image deployment/${name} ${container}=${image}`).ok) return
  const core = coreOf(sim)
  const d = core.store.get<Deployment>(`Deployment/default/${name}`)
  if (!d) throw new Error(`no Deployment ${name}`)
  const spec = d.spec.template.spec
  core.api.update<Deployment>({
    ...d,
    spec: {
      ...d.spec,
      template: {
        ...d.spec.template,
        spec: {
          ...spec,
          containers: spec.containers.map((c) => (c.name === container ? { ...c, image } : c)),
        },
      },
    },
  })
}

/** The pods whose names start with prefix (a Deployment's pods: `web-`), in creation order. */
export const podsOf = (sim: Simulation, prefix: string) =>
  sim.objects().filter((o): o is Pod => o.kind === 'Pod' && o.metadata.name.startsWith(prefix))

/** One moment of a pod as kubectl and its status show it. */
export interface PodSample {
  atMs: number
  status: string
  phase: string
  ready: boolean
  container: ContainerStatus | undefined
}

/**
 * Steps the simulation until untilMs and samples the pod that `find` picks after every instant,
 * keeping each sample that differs from the previous one (STATUS, phase, container status);
 * `observe` sees the simulation after every instant too.
 */
export function follow(
  sim: Simulation,
  find: (sim: Simulation) => Pod | undefined,
  untilMs: number,
  observe?: (sim: Simulation) => void,
): PodSample[] {
  const samples: PodSample[] = []
  let last = ''
  while ((sim.nextTaskAtMs() ?? Infinity) <= untilMs) {
    sim.step()
    observe?.(sim)
    const pod = find(sim)
    if (!pod) continue
    const container = pod.status.containerStatuses?.[0]
    const sample: PodSample = {
      atMs: sim.simTimeMs,
      status: podStatusReason(pod),
      phase: pod.status.phase ?? '',
      ready: pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
      container,
    }
    const key = JSON.stringify({ ...sample, atMs: 0 })
    if (key !== last) samples.push(sample)
    last = key
  }
  sim.advanceTo(untilMs)
  return samples
}

/** The distinct consecutive values of a list: A A B A → A B A. */
export function runs<T>(values: readonly T[]): T[] {
  return values.filter((v, i) => i === 0 || v !== values[i - 1])
}
