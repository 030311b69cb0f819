/**
 * The canvas filter: a line of space-separated terms, all of which must hold (AND), in words a
 * kubectl user already knows: `app=web` and `tier!=db` (label selector), `app` (label exists),
 * `ns:kube-system`, `node:node7`, `phase:Pending` (the pod's phase or the STATUS column kubectl
 * shows, such as ContainerCreating or Terminating), and any other word matches part of the pod's name.
 */
import type { KubeObject } from '../../engine'
import type { Pod } from '../../engine/model/pod'
import { podStatusReason } from '../../engine/model/podStatus'

export type FilterTerm =
  | { kind: 'label'; key: string; value: string; negate: boolean }
  | { kind: 'labelExists'; key: string; negate: boolean }
  | { kind: 'namespace'; value: string }
  | { kind: 'node'; value: string }
  | { kind: 'phase'; value: string }
  | { kind: 'name'; value: string; raw: string }

export interface PodFilter {
  /** The text as typed. */
  text: string
  terms: readonly FilterTerm[]
  /** True when some term is about pods (not only about machines). */
  hasPodTerms: boolean
}

export const NO_FILTER: PodFilter = { text: '', terms: [], hasPodTerms: false }

const PREFIXES: Record<string, 'namespace' | 'node' | 'phase'> = {
  ns: 'namespace',
  namespace: 'namespace',
  node: 'node',
  phase: 'phase',
  status: 'phase',
}

function parseTerm(word: string): FilterTerm {
  const colon = /^([a-z]+):(.*)$/i.exec(word)
  const prefix = colon ? PREFIXES[(colon[1] ?? '').toLowerCase()] : undefined
  if (colon && prefix) return { kind: prefix, value: colon[2] ?? '' }
  const neq = word.indexOf('!=')
  if (neq > 0)
    return { kind: 'label', key: word.slice(0, neq), value: word.slice(neq + 2), negate: true }
  const eq = word.indexOf('=')
  if (eq > 0) {
    const value = word.slice(eq + 1).replace(/^=/, '')
    return { kind: 'label', key: word.slice(0, eq), value, negate: false }
  }
  if (word.startsWith('!') && word.length > 1)
    return { kind: 'labelExists', key: word.slice(1), negate: true }
  return { kind: 'name', value: word.toLowerCase(), raw: word }
}

/** Parses the filter line; an empty or blank line filters nothing. */
export function parsePodFilter(text: string): PodFilter {
  const terms = text.split(/\s+/).filter(Boolean).map(parseTerm)
  return { text, terms, hasPodTerms: terms.some((t) => t.kind !== 'node') }
}

export function isFilterActive(filter: PodFilter): boolean {
  return filter.terms.length > 0
}

function termMatchesPod(term: FilterTerm, pod: Pod): boolean {
  const labels = pod.metadata.labels ?? {}
  switch (term.kind) {
    case 'label':
      return (labels[term.key] === term.value) !== term.negate
    case 'labelExists':
      return term.key in labels !== term.negate
    case 'namespace':
      return (pod.metadata.namespace ?? 'default') === term.value
    case 'node':
      return (pod.spec.nodeName ?? '') === term.value
    case 'phase': {
      const want = term.value.toLowerCase()
      return (
        (pod.status.phase ?? 'Pending').toLowerCase() === want ||
        podStatusReason(pod).toLowerCase() === want
      )
    }
    case 'name':
      return pod.metadata.name.toLowerCase().includes(term.value)
  }
}

/**
 * A word with no prefix and no `=` could be a label key; kubectl's selector treats `app` as "has
 * the label app", so a pod matches a bare word by its name or by having that label.
 */
function nameOrLabelKey(term: FilterTerm, pod: Pod): boolean {
  return term.kind === 'name' && term.raw in (pod.metadata.labels ?? {})
}

/** True when the pod passes every term (always, for an empty filter). */
export function podMatches(filter: PodFilter, object: KubeObject | undefined): boolean {
  if (filter.terms.length === 0) return true
  if (!object) return false
  const pod = object as Pod
  return filter.terms.every((t) => termMatchesPod(t, pod) || nameOrLabelKey(t, pod))
}

/** True when the machine passes the filter's `node:` terms (always, when it has none). */
export function machineMatches(filter: PodFilter, nodeName: string): boolean {
  return filter.terms.every((t) => t.kind !== 'node' || t.value === nodeName)
}
