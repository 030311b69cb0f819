/** A pod's resource requests as the scheduler counts them (resourcehelper.PodRequests). */
import type { Pod } from '../model/pod'
import { milliCPU, parseQuantity } from '../model/quantity'

/** schedutil.DefaultMilliCPURequest and DefaultMemoryRequest: what scoring assumes for no request. */
export const DEFAULT_MILLI_CPU_REQUEST = 100
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024

export interface Requests {
  milliCPU: number
  memory: number
}

/** Requests summed over containers, or the largest init container's if that is bigger. */
export function podRequests(pod: Pod, nonZero: boolean): Requests {
  let cpu = 0
  let mem = 0
  for (const c of pod.spec.containers) {
    const req = c.resources?.requests ?? {}
    const ccpu = req.cpu !== undefined ? milliCPU(req.cpu) : nonZero ? DEFAULT_MILLI_CPU_REQUEST : 0
    const cmem =
      req.memory !== undefined ? parseQuantity(req.memory) : nonZero ? DEFAULT_MEMORY_REQUEST : 0
    cpu += ccpu
    mem += cmem
  }
  for (const c of pod.spec.initContainers ?? []) {
    const req = c.resources?.requests ?? {}
    cpu = Math.max(cpu, req.cpu !== undefined ? milliCPU(req.cpu) : 0)
    mem = Math.max(mem, req.memory !== undefined ? parseQuantity(req.memory) : 0)
  }
  return { milliCPU: cpu, memory: mem }
}
