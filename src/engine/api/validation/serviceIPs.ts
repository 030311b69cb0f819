/**
 * The ClusterIP checks of a Service (pkg/apis/core/validation/validation.go
 * ValidateServiceClusterIPsRelatedFields and validateUpgradeDowngradeClusterIPs), used by
 * validation and, as upstream does, before allocation (initIPFamilyFields). The dual-stack
 * branches are kept to the checks a single-stack IPv4 cluster can reach.
 */
import type { FieldError } from '../errors'
import { goStringSlice } from '../errors'
import { isIPv4 } from '../../model/ipv4'
import type { Service } from '../../model/service'

const IPV6 = /^[0-9a-fA-F:.]+$/

/** netutils.ParseIPSloppy succeeds: a dotted quad (leading zeros allowed) or an IPv6 address. */
export function isIP(value: string): boolean {
  return isIPv4(value) || (value.includes(':') && IPV6.test(value))
}

/** utilnet.IsIPv6String. */
export function isIPv6(value: string): boolean {
  return !isIPv4(value) && isIP(value)
}

/** validation.IsValidIP (the legacy, sloppy form ClusterIPs are still checked with). */
export function validateIP(field: string, value: string): FieldError[] {
  return isIP(value)
    ? []
    : [
        {
          type: 'Invalid value',
          field,
          badValue: value,
          detail: 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
        },
      ]
}

const SUPPORTED_FAMILIES = ['IPv4', 'IPv6']
const SUPPORTED_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack']

/** ValidateServiceClusterIPsRelatedFields: clusterIP, clusterIPs, ipFamilies, ipFamilyPolicy. */
export function validateServiceClusterIPsRelatedFields(svc: Service): FieldError[] {
  const spec = svc.spec
  if (spec.type === 'ExternalName') return []
  const errs: FieldError[] = []
  const clusterIPs = spec.clusterIPs ?? []
  if (spec.clusterIP) {
    if (clusterIPs.length === 0) errs.push({ type: 'Required value', field: 'spec.clusterIPs' })
    else if (clusterIPs[0] !== spec.clusterIP)
      errs.push({
        type: 'Invalid value',
        field: 'spec.clusterIPs',
        badValue: goStringSlice(clusterIPs),
        detail: 'first value must match `clusterIP`',
      })
  } else if (clusterIPs.length !== 0) {
    errs.push({
      type: 'Invalid value',
      field: 'spec.clusterIPs',
      badValue: goStringSlice(clusterIPs),
      detail: 'must be empty when `clusterIP` is not specified',
    })
  }
  const seen = new Set<string>()
  ;(spec.ipFamilies ?? []).forEach((family, i) => {
    const field = `spec.ipFamilies[${i}]`
    if (!SUPPORTED_FAMILIES.includes(family))
      errs.push({
        type: 'Unsupported value',
        field,
        badValue: family,
        supported: SUPPORTED_FAMILIES,
      })
    if (seen.has(family)) errs.push({ type: 'Duplicate value', field, badValue: family })
    seen.add(family)
  })
  if (spec.ipFamilyPolicy !== undefined && !SUPPORTED_POLICIES.includes(spec.ipFamilyPolicy))
    errs.push({
      type: 'Unsupported value',
      field: 'spec.ipFamilyPolicy',
      badValue: spec.ipFamilyPolicy,
      supported: SUPPORTED_POLICIES,
    })
  let hasInvalidIPs = false
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (clusterIPs.length > 1) {
        hasInvalidIPs = true
        errs.push({
          type: 'Invalid value',
          field: 'spec.clusterIPs',
          badValue: goStringSlice(clusterIPs),
          detail: "'None' must be the first and only value",
        })
      }
      return
    }
    const ipErrs = validateIP(`spec.clusterIPs[${i}]`, ip)
    if (ipErrs.length > 0) hasInvalidIPs = true
    errs.push(...ipErrs)
  })
  if (clusterIPs.length > 2)
    errs.push({
      type: 'Invalid value',
      field: 'spec.clusterIPs',
      badValue: goStringSlice(clusterIPs),
      detail: 'may only hold up to 2 values',
    })
  if (hasInvalidIPs) return errs
  if (clusterIPs.length > 1 && isIPv6(clusterIPs[0] ?? '') === isIPv6(clusterIPs[1] ?? ''))
    errs.push({
      type: 'Invalid value',
      field: 'spec.clusterIPs',
      badValue: goStringSlice(clusterIPs),
      detail: 'may specify no more than one IP for each IP family',
    })
  // Each ClusterIP must be of the family ipFamilies names at its index.
  clusterIPs.forEach((ip, i) => {
    const family = spec.ipFamilies?.[i]
    if (ip === 'None' || family === undefined) return
    if ((family === 'IPv6') !== isIPv6(ip))
      errs.push({
        type: 'Invalid value',
        field: `spec.clusterIPs[${i}]`,
        badValue: ip,
        detail: `expected an ${family} value as indicated by \`ipFamilies[${i}]\``,
      })
  })
  return errs
}

/** validateUpgradeDowngradeClusterIPs: a set ClusterIP may not change (ExternalName aside). */
export function validateUpgradeDowngradeClusterIPs(old: Service, svc: Service): FieldError[] {
  if (svc.spec.type === 'ExternalName' || old.spec.type === 'ExternalName') return []
  const oldIPs = old.spec.clusterIPs ?? []
  const newIPs = svc.spec.clusterIPs ?? []
  if (oldIPs[0] === 'None' && newIPs[0] === 'None') return []
  if (newIPs.length === 0 && oldIPs.length > 0)
    return [
      {
        type: 'Invalid value',
        field: 'spec.clusterIPs[0]',
        badValue: goStringSlice(newIPs),
        detail: 'primary clusterIP can not be unset',
      },
    ]
  const errs: FieldError[] = []
  oldIPs.forEach((ip, i) => {
    if (i < newIPs.length && ip !== newIPs[i])
      errs.push({
        type: 'Invalid value',
        field: `spec.clusterIPs[${i}]`,
        badValue: goStringSlice(newIPs),
        detail: 'may not change once set',
      })
  })
  return errs
}
