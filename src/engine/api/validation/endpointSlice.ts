/**
 * EndpointSlice validation (pkg/apis/discovery/validation/validation.go ValidateEndpointSlice:
 * validateAddressType, validateEndpoints, validatePorts), the checks an IPv4 cluster reaches.
 */
import type { FieldError } from '../errors'
import type { EndpointSlice } from '../../model/endpointSlice'
import { isIPv4 } from '../../model/ipv4'
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from './names'
import { validateLabels, validateObjectName } from './meta'

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6']
const PROTOCOLS = ['SCTP', 'TCP', 'UDP']
const MAX_ENDPOINTS = 1000
const MAX_ADDRESSES = 100
const MAX_PORTS = 20000

const invalid = (field: string, badValue: unknown, msgs: string[]): FieldError[] =>
  msgs.map((detail) => ({ type: 'Invalid value', field, badValue, detail }))

function validateEndpoints(slice: EndpointSlice): FieldError[] {
  const endpoints = slice.endpoints ?? []
  if (endpoints.length > MAX_ENDPOINTS)
    return [
      {
        type: 'Too many',
        field: 'endpoints',
        badValue: endpoints.length,
        detail: `must have at most ${MAX_ENDPOINTS} items`,
      },
    ]
  const errs: FieldError[] = []
  endpoints.forEach((ep, i) => {
    const path = `endpoints[${i}]`
    const addresses = ep.addresses ?? []
    if (addresses.length === 0)
      errs.push({
        type: 'Required value',
        field: `${path}.addresses`,
        detail: 'must contain at least 1 address',
      })
    else if (addresses.length > MAX_ADDRESSES)
      errs.push({
        type: 'Too many',
        field: `${path}.addresses`,
        badValue: addresses.length,
        detail: `must have at most ${MAX_ADDRESSES} items`,
      })
    addresses.forEach((address, j) => {
      if (slice.addressType === 'IPv4' && !isIPv4(address))
        errs.push(...invalid(`${path}.addresses[${j}]`, address, ['must be a valid IPv4 address']))
    })
    if (ep.nodeName !== undefined)
      errs.push(...invalid(`${path}.nodeName`, ep.nodeName, isDNS1123Subdomain(ep.nodeName)))
    if (ep.hostname !== undefined)
      errs.push(...invalid(`${path}.hostname`, ep.hostname, isDNS1123Label(ep.hostname)))
  })
  return errs
}

function validatePorts(slice: EndpointSlice): FieldError[] {
  const ports = slice.ports ?? []
  if (ports.length > MAX_PORTS)
    return [
      {
        type: 'Too many',
        field: 'ports',
        badValue: ports.length,
        detail: `must have at most ${MAX_PORTS} items`,
      },
    ]
  const errs: FieldError[] = []
  const names = new Set<string>()
  ports.forEach((p, i) => {
    const path = `ports[${i}]`
    const name = p.name ?? ''
    if (name) errs.push(...invalid(`${path}.name`, name, isDNS1123Label(name)))
    if (names.has(name))
      errs.push({ type: 'Duplicate value', field: `${path}.name`, badValue: name })
    names.add(name)
    if (!p.protocol) errs.push({ type: 'Required value', field: `${path}.protocol` })
    else if (!PROTOCOLS.includes(p.protocol))
      errs.push({
        type: 'Unsupported value',
        field: `${path}.protocol`,
        badValue: p.protocol,
        supported: PROTOCOLS,
      })
    if (p.appProtocol !== undefined)
      errs.push(...invalid(`${path}.appProtocol`, p.appProtocol, isQualifiedName(p.appProtocol)))
  })
  return errs
}

/** ValidateEndpointSlice. */
export function validateEndpointSlice(slice: EndpointSlice): FieldError[] {
  const errs = [
    ...validateObjectName(slice.metadata, isDNS1123Subdomain),
    ...validateLabels(slice.metadata.labels, 'metadata.labels'),
  ]
  if (!slice.addressType) errs.push({ type: 'Required value', field: 'addressType' })
  else if (!ADDRESS_TYPES.includes(slice.addressType))
    errs.push({
      type: 'Unsupported value',
      field: 'addressType',
      badValue: slice.addressType,
      supported: ADDRESS_TYPES,
    })
  return [...errs, ...validateEndpoints(slice), ...validatePorts(slice)]
}
