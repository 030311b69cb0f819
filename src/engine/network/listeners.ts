/**
 * Which sockets answer on a pod or a node: a pod's running containers (what their image's process
 * opens, or the declared containerPorts when that depends on its arguments), a node's daemons.
 */
import type { Pod } from '../model/pod'
import { imageInfo } from '../kubelet/images'
import type { NodeNet } from '../model/network/interfaces'
import { VXLAN_PORT } from '../model/network/constants'

export type L4Proto = 'tcp' | 'udp'

export interface Listener {
  proto: L4Proto
  port: number
  /** The process that holds the socket (a container name, or a node daemon). */
  process: string
}

function parseSocket(s: string): { proto: L4Proto; port: number } {
  const [port = '0', proto = 'tcp'] = s.split('/')
  return { proto: proto as L4Proto, port: Number(port) }
}

/** The sockets of a pod's running containers (they share the pod's network namespace). */
export function podListeners(pod: Pod): Listener[] {
  const out: Listener[] = []
  const running = new Set(
    (pod.status.containerStatuses ?? []).filter((c) => c.state.running).map((c) => c.name),
  )
  for (const c of pod.spec.containers) {
    if (!running.has(c.name)) continue
    const listens = imageInfo(c.image).listens
    if (listens) for (const s of listens) out.push({ ...parseSocket(s), process: c.name })
    else
      for (const p of c.ports ?? [])
        if (p.protocol !== 'SCTP')
          out.push({
            proto: (p.protocol ?? 'TCP').toLowerCase() as L4Proto,
            port: p.containerPort,
            process: c.name,
          })
  }
  return out
}

/** A kubeadm node's daemons on the host network (the control plane adds the API server and etcd). */
export function nodeListeners(net: NodeNet): Listener[] {
  const out: Listener[] = [
    { proto: 'tcp', port: 22, process: 'sshd' },
    { proto: 'tcp', port: 10250, process: 'kubelet' },
    { proto: 'tcp', port: 10256, process: 'kube-proxy' },
  ]
  if (net.controlPlane)
    out.push(
      { proto: 'tcp', port: 6443, process: 'kube-apiserver' },
      { proto: 'tcp', port: 2379, process: 'etcd' },
      { proto: 'tcp', port: 2380, process: 'etcd' },
    )
  if (net.vtep) out.push({ proto: 'udp', port: VXLAN_PORT, process: 'vxlan (kernel)' })
  return out
}
