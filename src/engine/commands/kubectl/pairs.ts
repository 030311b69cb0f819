/**
 * `KEY=VALUE` and `KEY-` arguments as kubectl's label, annotate and set image read them
 * (staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go GetResourcesAndPairs and ParsePairs).
 */
import { ResourceArgError } from './resourceArgs'

/** Splits arguments into resources and the pairs after them; a resource after a pair is an error. */
export function getResourcesAndPairs(
  args: readonly string[],
  pairType: string,
): { resources: string[]; pairs: string[] } {
  const resources: string[] = []
  const pairs: string[] = []
  let foundPair = false
  for (const s of args) {
    const nonResource = (s.includes('=') && s[0] !== '=') || (s.endsWith('-') && s !== '-')
    if (nonResource) {
      foundPair = true
      pairs.push(s)
    } else if (!foundPair) resources.push(s)
    else
      throw new ResourceArgError(`all resources must be specified before ${pairType} changes: ${s}`)
  }
  return { resources, pairs }
}

/** ParsePairs: `k=v` into a map, `k-` into removals (when allowed); anything else is invalid. */
export function parsePairs(
  pairs: readonly string[],
  pairType: string,
  supportRemove: boolean,
): { set: Map<string, string>; remove: string[] } {
  const set = new Map<string, string>()
  const remove: string[] = []
  const invalid: string[] = []
  for (const p of pairs) {
    if (p.includes('=') && p[0] !== '=') {
      const at = p.indexOf('=')
      set.set(p.slice(0, at), p.slice(at + 1))
    } else if (supportRemove && p.endsWith('-') && p !== '-') remove.push(p.slice(0, -1))
    else invalid.push(p)
  }
  if (invalid.length > 0)
    throw new ResourceArgError(`invalid ${pairType} format: ${invalid.join(', ')}`)
  return { set, remove }
}
