/**
 * Service validation (pkg/apis/core/validation/validation.go ValidateService, validateServicePort,
 * validateServiceExternalTrafficPolicy, validateServiceInternalTrafficFieldsValue,
 * ValidateServiceUpdate), with the API server's messages.
 */
import type { FieldError } from '../errors'
import type { Service, ServicePort } from '../../model/service'
import { externallyAccessible, isHeadless, needsHealthCheck } from '../../model/service'
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from './names'
import { validateLabels, validateObjectName } from './meta'
import {
  validateIP,
  validateServiceClusterIPsRelatedFields,
  validateUpgradeDowngradeClusterIPs,
} from './serviceIPs'

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']
const PROTOCOLS = ['SCTP', 'TCP', 'UDP']
const AFFINITIES = ['ClientIP', 'None']
const TRAFFIC_POLICIES = ['Cluster', 'Local']
/** core.MaxClientIPServiceAffinitySeconds. */
const MAX_AFFINITY_SECONDS = 86400

/** validation.IsValidPortNum. */
export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535
    ? []
    : ['must be between 1 and 65535, inclusive']
}

/** validation.IsValidPortName: an IANA_SVC_NAME. */
export function isValidPortName(name: string): string[] {
  const errs: string[] = []
  if (name.length > 15) errs.push('must be no more than 15 characters')
  if (!/^[-a-z0-9]+$/.test(name))
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)')
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)')
  if (name.includes('--')) errs.push('must not contain consecutive hyphens')
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen')
  return errs
}

const invalid = (field: string, badValue: unknown, msgs: string[]): FieldError[] =>
  msgs.map((detail) => ({ type: 'Invalid value', field, badValue, detail }))

/** ValidatePortNumOrName. */
function validatePortNumOrName(port: number | string, field: string): FieldError[] {
  return typeof port === 'number'
    ? invalid(field, port, isValidPortNum(port))
    : invalid(field, port, isValidPortName(port))
}

/** Go's `%#v` of core.ServicePort{Protocol, Port}, the key of the duplicate-port check. */
function servicePortKey(p: ServicePort): { goLiteral: string } {
  return {
    goLiteral: `core.ServicePort{Name:"", Protocol:${JSON.stringify(p.protocol ?? '')}, AppProtocol:(*string)(nil), Port:${p.port ?? 0}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  }
}

/** validateServicePort. */
function validateServicePort(
  sp: ServicePort,
  requireName: boolean,
  names: Set<string>,
  field: string,
): FieldError[] {
  const errs: FieldError[] = []
  if (requireName && !sp.name) errs.push({ type: 'Required value', field: `${field}.name` })
  else if (sp.name) {
    errs.push(...invalid(`${field}.name`, sp.name, isDNS1123Label(sp.name)))
    if (names.has(sp.name))
      errs.push({ type: 'Duplicate value', field: `${field}.name`, badValue: sp.name })
    else names.add(sp.name)
  }
  errs.push(...invalid(`${field}.port`, sp.port ?? 0, isValidPortNum(sp.port ?? 0)))
  if (!sp.protocol) errs.push({ type: 'Required value', field: `${field}.protocol` })
  else if (!PROTOCOLS.includes(sp.protocol))
    errs.push({
      type: 'Unsupported value',
      field: `${field}.protocol`,
      badValue: sp.protocol,
      supported: PROTOCOLS,
    })
  errs.push(...validatePortNumOrName(sp.targetPort, `${field}.targetPort`))
  if (sp.appProtocol !== undefined)
    errs.push(...invalid(`${field}.appProtocol`, sp.appProtocol, isQualifiedName(sp.appProtocol)))
  return errs
}

/** validateClientIPAffinityConfig. */
function validateClientIPAffinity(svc: Service): FieldError[] {
  const field = 'spec.sessionAffinityConfig'
  const detail = 'when session affinity type is ClientIP'
  const config = svc.spec.sessionAffinityConfig
  if (!config) return [{ type: 'Required value', field, detail }]
  if (!config.clientIP) return [{ type: 'Required value', field: `${field}.clientIP`, detail }]
  const timeout = config.clientIP.timeoutSeconds
  const timeoutField = `${field}.clientIP.timeoutSeconds`
  if (timeout === undefined) return [{ type: 'Required value', field: timeoutField, detail }]
  return timeout <= 0 || timeout > MAX_AFFINITY_SECONDS
    ? invalid(timeoutField, timeout, [
        `must be greater than 0 and less than ${MAX_AFFINITY_SECONDS}`,
      ])
    : []
}

/** The type-specific checks at the top of ValidateService. */
function validateTypeFields(svc: Service): FieldError[] {
  const spec = svc.spec
  const errs: FieldError[] = []
  if ((spec.type === 'LoadBalancer' || spec.type === 'NodePort') && isHeadless(svc))
    errs.push({
      type: 'Invalid value',
      field: 'spec.clusterIPs[0]',
      badValue: spec.clusterIPs?.[0] ?? 'None',
      detail: `may not be set to 'None' for ${spec.type} services`,
    })
  if (spec.type !== 'ExternalName') return errs
  const forbidden = (field: string) =>
    errs.push({ type: 'Forbidden', field, detail: 'may not be set for ExternalName services' })
  if ((spec.clusterIPs ?? []).length > 0) forbidden('spec.clusterIPs')
  if ((spec.ipFamilies ?? []).length > 0) forbidden('spec.ipFamilies')
  if (spec.ipFamilyPolicy !== undefined) forbidden('spec.ipFamilyPolicy')
  const cname = (spec.externalName ?? '').replace(/\.$/, '')
  if (cname) errs.push(...invalid('spec.externalName', cname, isDNS1123Subdomain(cname)))
  else errs.push({ type: 'Required value', field: 'spec.externalName' })
  return errs
}

/** validateServiceExternalTrafficPolicy, healthCheckNodePort included. */
function validateExternalTrafficPolicy(svc: Service): FieldError[] {
  const spec = svc.spec
  const errs: FieldError[] = []
  const etp = spec.externalTrafficPolicy
  if (!externallyAccessible(spec)) {
    if (etp)
      errs.push(
        ...invalid('spec.externalTrafficPolicy', etp, [
          'may only be set for externally-accessible services',
        ]),
      )
  } else if (!etp) errs.push({ type: 'Required value', field: 'spec.externalTrafficPolicy' })
  else if (!TRAFFIC_POLICIES.includes(etp))
    errs.push({
      type: 'Unsupported value',
      field: 'spec.externalTrafficPolicy',
      badValue: etp,
      supported: TRAFFIC_POLICIES,
    })
  const hc = spec.healthCheckNodePort ?? 0
  if (!needsHealthCheck(spec)) {
    if (hc !== 0)
      errs.push(
        ...invalid('spec.healthCheckNodePort', hc, [
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ]),
      )
  } else if (hc === 0) errs.push({ type: 'Required value', field: 'spec.healthCheckNodePort' })
  else errs.push(...invalid('spec.healthCheckNodePort', hc, isValidPortNum(hc)))
  return errs
}

/** The checks ValidateService makes after the ports: node ports, duplicates, LB-only fields. */
function validatePortSet(svc: Service): FieldError[] {
  const spec = svc.spec
  const errs: FieldError[] = []
  if (spec.type === 'ClusterIP')
    spec.ports.forEach((p, i) => {
      if (p.nodePort)
        errs.push({
          type: 'Forbidden',
          field: `spec.ports[${i}].nodePort`,
          detail: "may not be used when `type` is 'ClusterIP'",
        })
    })
  const nodePorts = new Set<string>()
  spec.ports.forEach((p, i) => {
    if (!p.nodePort) return
    const key = `${p.protocol}/${p.nodePort}`
    if (nodePorts.has(key))
      errs.push({
        type: 'Duplicate value',
        field: `spec.ports[${i}].nodePort`,
        badValue: p.nodePort,
      })
    nodePorts.add(key)
  })
  const ports = new Set<string>()
  spec.ports.forEach((p, i) => {
    const key = `${p.protocol}/${p.port}`
    if (ports.has(key))
      errs.push({ type: 'Duplicate value', field: `spec.ports[${i}]`, badValue: servicePortKey(p) })
    ports.add(key)
  })
  const lbOnly = "may only be used when `type` is 'LoadBalancer'"
  if ((spec.loadBalancerSourceRanges ?? []).length > 0 && spec.type !== 'LoadBalancer')
    errs.push({ type: 'Forbidden', field: 'spec.LoadBalancerSourceRanges', detail: lbOnly })
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.type !== 'LoadBalancer')
    errs.push({ type: 'Forbidden', field: 'spec.allocateLoadBalancerNodePorts', detail: lbOnly })
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined)
    errs.push({ type: 'Required value', field: 'allocateLoadBalancerNodePorts' })
  return errs
}

/** ValidateService, and for an update ValidateServiceUpdate's checks first. */
export function validateService(svc: Service, old?: Service): FieldError[] {
  const spec = svc.spec
  const errs: FieldError[] = []
  if (old) errs.push(...validateUpgradeDowngradeClusterIPs(old, svc))
  if (
    old &&
    needsHealthCheck(old.spec) &&
    needsHealthCheck(spec) &&
    old.spec.healthCheckNodePort !== spec.healthCheckNodePort
  )
    errs.push({
      type: 'Forbidden',
      field: 'spec.healthCheckNodePort',
      detail: 'field is immutable',
    })
  errs.push(...validateObjectName(svc.metadata, isDNS1035Label))
  errs.push(...validateLabels(svc.metadata.labels, 'metadata.labels'))
  const ports = spec.ports ?? []
  if (ports.length === 0 && !isHeadless(svc) && spec.type !== 'ExternalName')
    errs.push({ type: 'Required value', field: 'spec.ports' })
  errs.push(...validateTypeFields(svc))
  const names = new Set<string>()
  ports.forEach((p, i) =>
    errs.push(...validateServicePort(p, ports.length > 1, names, `spec.ports[${i}]`)),
  )
  if (spec.selector) errs.push(...validateLabels(spec.selector, 'spec.selector'))
  if (!spec.sessionAffinity) errs.push({ type: 'Required value', field: 'spec.sessionAffinity' })
  else if (!AFFINITIES.includes(spec.sessionAffinity))
    errs.push({
      type: 'Unsupported value',
      field: 'spec.sessionAffinity',
      badValue: spec.sessionAffinity,
      supported: AFFINITIES,
    })
  if (spec.sessionAffinity === 'ClientIP') errs.push(...validateClientIPAffinity(svc))
  else if (spec.sessionAffinity === 'None' && spec.sessionAffinityConfig)
    errs.push({
      type: 'Forbidden',
      field: 'spec.sessionAffinityConfig',
      detail: 'must not be set when session affinity is None',
    })
  errs.push(...validateServiceClusterIPsRelatedFields(svc))
  ;(spec.externalIPs ?? []).forEach((ip, i) =>
    errs.push(...validateIP(`spec.externalIPs[${i}]`, ip)),
  )
  if (!spec.type) errs.push({ type: 'Required value', field: 'spec.type' })
  else if (!SERVICE_TYPES.includes(spec.type))
    errs.push({
      type: 'Unsupported value',
      field: 'spec.type',
      badValue: spec.type,
      supported: SERVICE_TYPES,
    })
  errs.push(...validatePortSet(svc))
  errs.push(...validateExternalTrafficPolicy(svc))
  const itp = spec.internalTrafficPolicy
  if (itp === undefined && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type))
    errs.push({ type: 'Required value', field: 'spec.internalTrafficPolicy' })
  if (itp !== undefined && !TRAFFIC_POLICIES.includes(itp))
    errs.push({
      type: 'Unsupported value',
      field: 'spec.internalTrafficPolicy',
      badValue: itp,
      supported: TRAFFIC_POLICIES,
    })
  return errs
}
