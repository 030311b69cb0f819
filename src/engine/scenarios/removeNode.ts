/**
 * A machine leaves the cluster (`sim remove node NAME`): it is shut down and its Node object is
 * deleted through the API, as an operator does after `kubeadm reset`. Peers drop its flannel lease
 * (it was built from the Node's annotations) and with it their route, neighbour and FDB entries for
 * it; the machine's facts (MACs, cni0) are forgotten; its pods stay in the API until the pod garbage
 * collector deletes them as orphans (controllers/podGarbageCollector.ts).
 */
import type { Node } from '../model/node'
import type { SimulationCore } from '../runtime/Simulation'
import { forgetMachine } from '../network/flannel'

/** Removes a machine and its Node; throws the API server's NotFound when there is no such node. */
export function removeNode(core: SimulationCore, name: string): Node {
  const node = core.api.delete('Node', undefined, name) as Node
  forgetMachine(core.ctx.state.network, name)
  return node
}
