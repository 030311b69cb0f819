/**
 * The API server's refusals of Services and EndpointSlices (pkg/apis/core/validation ValidateService,
 * pkg/registry/core/service allocation errors, pkg/apis/discovery/validation), with the exact
 * messages kubectl prints, and that a refused request changes nothing: no object, no allocation,
 * not even a draw from the random generator.
 */
import { describe, expect, it } from 'vitest'
import type { Service } from '../../model/service'
import { SimulationCore } from '../../runtime/Simulation'
import { findScenario } from '../../scenarios/scenarios'
import type { ObjectInput } from '../ApiServer'
import { ApiError } from '../errors'

function defaultCore(): SimulationCore {
  const core = new SimulationCore(1, 'default', { freezeObjects: true })
  findScenario('default')?.build(core)
  return core
}

function service(name: string, spec: Record<string, unknown>): ObjectInput {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec },
  }
}

/** Runs a request that must be refused; returns what kubectl prints, after checking nothing changed. */
function refused(core: SimulationCore, request: () => unknown): string {
  const before = JSON.stringify(core.snapshot())
  let error: unknown
  try {
    request()
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(ApiError)
  expect(JSON.stringify(core.snapshot())).toBe(before)
  return (error as ApiError).kubectlMessage()
}

const create = (core: SimulationCore, name: string, spec: Record<string, unknown>) =>
  refused(core, () => core.api.create(service(name, spec)))

const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"

describe('Service allocation errors (reported before validation, as the registry allocates first)', () => {
  it('a nodePort outside 30000-32767', () => {
    const core = defaultCore()
    expect(create(core, 'web2', { type: 'NodePort', ports: [{ port: 80, nodePort: 40000 }] })).toBe(
      'The Service "web2" is invalid: spec.ports[0].nodePort: Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767',
    )
  })

  it('a nodePort another Service holds', () => {
    const core = defaultCore()
    const taken = core.api.mustGet<Service>('Service', 'default', 'web').spec.ports[0]?.nodePort
    expect(create(core, 'web2', { type: 'NodePort', ports: [{ port: 80, nodePort: taken }] })).toBe(
      `The Service "web2" is invalid: spec.ports[0].nodePort: Invalid value: ${taken}: provided port is already allocated`,
    )
  })

  it('a ClusterIP another Service holds', () => {
    const core = defaultCore()
    expect(create(core, 'x', { clusterIP: '10.96.0.10' })).toBe(
      'The Service "x" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    )
  })

  it('a ClusterIP outside 10.96.0.0/12, and the range’s own network address', () => {
    const core = defaultCore()
    // Since v1.33 (MultiCIDRServiceAllocator) an address in no ServiceCIDR gets ErrMismatchedNetwork.
    expect(create(core, 'x', { clusterIP: '10.200.0.1' })).toBe(
      'The Service "x" is invalid: spec.clusterIPs: Invalid value: []string{"10.200.0.1"}: failed to allocate IP 10.200.0.1: the provided network does not match the current range',
    )
    expect(create(core, 'x', { clusterIP: '10.96.0.0' })).toBe(
      'The Service "x" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.0"}: failed to allocate IP 10.96.0.0: the provided IP (10.96.0.0) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    )
  })

  it('a ClusterIP that is not an IP', () => {
    const core = defaultCore()
    expect(create(core, 'x', { clusterIP: '10.96.0.300' })).toBe(
      'The Service "x" is invalid: spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    )
  })
})

describe('Service validation messages', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['no ports', { ports: [] }, 'spec.ports: Required value'],
    [
      'port 0',
      { ports: [{ port: 0, targetPort: 80 }] },
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    ],
    [
      'port 70000',
      { ports: [{ port: 70000, targetPort: 80 }] },
      'spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ],
    [
      'two ports, the first without a name',
      { ports: [{ port: 80 }, { name: 'b', port: 81 }] },
      'spec.ports[0].name: Required value',
    ],
    [
      'the same port and protocol twice',
      {
        ports: [
          { name: 'a', port: 80 },
          { name: 'b', port: 80 },
        ],
      },
      'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ],
    [
      'a nodePort on a ClusterIP Service',
      { ports: [{ port: 80, nodePort: 30099 }] },
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ],
    [
      'externalTrafficPolicy on a ClusterIP Service',
      { externalTrafficPolicy: 'Local' },
      'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    ],
    [
      'ExternalName without externalName',
      { type: 'ExternalName' },
      'spec.externalName: Required value',
    ],
    [
      'a headless NodePort',
      { type: 'NodePort', clusterIP: 'None' },
      'spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services',
    ],
    [
      'an unknown type',
      { type: 'Balanced' },
      'spec.type: Unsupported value: "Balanced": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ],
    [
      'a target port name that is no IANA service name',
      { ports: [{ port: 80, targetPort: 'Http_1' }] },
      'spec.ports[0].targetPort: Invalid value: "Http_1": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ],
    [
      'a ClientIP affinity of 0 seconds',
      { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } },
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400',
    ],
  ]
  for (const [what, spec, message] of cases)
    it(what, () => {
      expect(create(defaultCore(), 'x', spec)).toBe(`The Service "x" is invalid: ${message}`)
    })

  it('a name that is not a DNS-1035 label', () => {
    expect(create(defaultCore(), '1web', {})).toBe(
      `The Service "1web" is invalid: metadata.name: Invalid value: "1web": ${DNS1035}`,
    )
  })

  // targetPort defaults to port, so a port of 0 makes an invalid targetPort too, as upstream.
  it('several problems are listed one a line', () => {
    expect(create(defaultCore(), 'x', { ports: [{ port: 80 }, { port: 0 }] })).toBe(
      `The Service "x" is invalid: \n* spec.ports[0].name: Required value\n* spec.ports[1].name: Required value\n* spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive\n* spec.ports[1].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive`,
    )
  })

  it('an update may not change the ClusterIP', () => {
    const core = defaultCore()
    const web = core.api.mustGet<Service>('Service', 'default', 'web')
    const message = refused(core, () =>
      core.api.update<Service>({ ...web, spec: { ...web.spec, clusterIP: '10.96.5.5' } }),
    )
    expect(message).toBe(
      'The Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.5.5"}: may not change once set',
    )
  })
})

describe('EndpointSlice validation messages', () => {
  it('an address that is not IPv4, and an endpoint without addresses', () => {
    const core = defaultCore()
    const message = refused(core, () =>
      core.api.create({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: 'manual', namespace: 'default' },
        addressType: 'IPv4',
        endpoints: [
          { addresses: ['fd00::1'], conditions: {} },
          { addresses: [], conditions: {} },
        ],
        ports: [{ name: 'http', port: 80 }],
      } as ObjectInput),
    )
    expect(message).toBe(
      'The EndpointSlice "manual" is invalid: \n* endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address\n* endpoints[1].addresses: Required value: must contain at least 1 address',
    )
  })
})

describe('a refused update allocates nothing', () => {
  it('ClusterIP → NodePort with an invalid port name: no nodePort drawn, nothing stored', () => {
    const core = defaultCore()
    core.api.create(service('plain', {}))
    const plain = core.api.mustGet<Service>('Service', 'default', 'plain')
    const message = refused(core, () =>
      core.api.update<Service>({
        ...plain,
        spec: {
          ...plain.spec,
          type: 'NodePort',
          ports: [{ ...plain.spec.ports[0], name: 'Bad' } as Service['spec']['ports'][0]],
        },
      }),
    )
    expect(message).toMatch(
      /^The Service "plain" is invalid: spec\.ports\[0\]\.name: Invalid value: "Bad": /,
    )
  })
})
