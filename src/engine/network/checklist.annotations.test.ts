/**
 * Networking spec §9 item 6 (§3.3): flannel's kube subnet manager annotates each Node with its
 * backend type, backend data (VNI and VtepMAC for VXLAN, the JSON literal null for host-gw), public
 * IP and kube-subnet-manager=true; peers build their leases from these.
 */
import { describe, expect, it } from 'vitest'
import type { SimulationCore } from '../runtime/Simulation'
import type { Node } from '../model/node'
import { setFlannelBackend } from './flannel'
import { buildCore, run } from './testClusters'

function flannelAnnotations(core: SimulationCore, node: string): Record<string, string> {
  const all = core.store.get<Node>(`Node/${node}`)?.metadata.annotations ?? {}
  return Object.fromEntries(
    Object.entries(all).filter(([k]) => k.startsWith('flannel.alpha.coreos.com/')),
  )
}

describe('§9.6 node annotations: flannel.alpha.coreos.com/{backend-type, backend-data, public-ip, kube-subnet-manager}', () => {
  it("node2 of the fixture, VXLAN: the spec's values", () => {
    expect(flannelAnnotations(buildCore('fixture'), 'node2')).toEqual({
      'flannel.alpha.coreos.com/backend-type': 'vxlan',
      'flannel.alpha.coreos.com/backend-data': '{"VNI":1,"VtepMAC":"0e:f1:00:00:00:12"}',
      'flannel.alpha.coreos.com/public-ip': '192.168.1.12',
      'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
    })
  })

  it('host-gw: backend-type host-gw and backend-data null on every node, and back again', () => {
    const core = buildCore('fixture')
    setFlannelBackend(core.api, core.store, core.network, 'host-gw')
    for (const [i, node] of ['node1', 'node2', 'node3'].entries())
      expect(flannelAnnotations(core, node)).toEqual({
        'flannel.alpha.coreos.com/backend-type': 'host-gw',
        'flannel.alpha.coreos.com/backend-data': 'null',
        'flannel.alpha.coreos.com/public-ip': `192.168.1.1${i + 1}`,
        'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
      })
    setFlannelBackend(core.api, core.store, core.network, 'vxlan')
    expect(flannelAnnotations(core, 'node3')['flannel.alpha.coreos.com/backend-data']).toBe(
      '{"VNI":1,"VtepMAC":"0e:f1:00:00:00:13"}',
    )
  })

  it('a node that joins is annotated, and its lease is what peers program', () => {
    const core = buildCore('default')
    run(core, 'sim add node node4')
    expect(flannelAnnotations(core, 'node4')).toEqual({
      'flannel.alpha.coreos.com/backend-type': 'vxlan',
      'flannel.alpha.coreos.com/backend-data': '{"VNI":1,"VtepMAC":"0e:f1:c0:a8:01:0e"}',
      'flannel.alpha.coreos.com/public-ip': '192.168.1.14',
      'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
    })
    expect(core.network.leases().find((l) => l.node === 'node4')).toEqual({
      node: 'node4',
      subnet: '10.244.3.0/24',
      publicIp: '192.168.1.14',
      backendType: 'vxlan',
      vtepMac: '0e:f1:c0:a8:01:0e',
    })
  })

  it('flannel reports the network up: NetworkUnavailable False, reason FlannelIsUp', () => {
    const node = buildCore('fixture').store.get<Node>('Node/node2')
    expect(node?.status.conditions?.find((c) => c.type === 'NetworkUnavailable')).toMatchObject({
      status: 'False',
      reason: 'FlannelIsUp',
      message: 'Flannel is running on this node',
    })
  })
})
