/** Tab completion for the kubectl console: verbs, sub-commands, resource types and object names. */
import {
  KUBECTL_SUBCOMMANDS,
  KUBECTL_VERB_NAMES,
  RESOURCE_WORDS,
} from '../../engine/model/kubectlVocabulary'

/** What `sim` and `ssh NODE` offer at the first word. */
const SIM_VERBS = ['step', 'advance', 'add', 'now', 'trace', 'traffic', 'set', 'help']
/** What `kubectl exec POD --` can run (in images that have it). */
const POD_PROGRAMS = ['cat', 'curl', 'ip', 'nslookup', 'ping', 'wget']
const SSH_COMMANDS = [
  'ip',
  'bridge',
  'cat',
  'ping',
  'hostname',
  'iptables',
  'iptables-save',
  'ipvsadm',
]

/** Object names by kind, for completing `kubectl get pod <Tab>`. */
export type NamesByKind = Readonly<Record<string, readonly string[]>>

function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return ''
  let prefix = words[0] ?? ''
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1)
  return prefix
}

/** The candidates for the last word of `input`, and the input completed as far as they agree. */
export function complete(
  input: string,
  names: NamesByKind,
): { completed: string; candidates: string[] } {
  const endsWithSpace = /\s$/.test(input)
  const words = input.trim() === '' ? [] : input.trim().split(/\s+/)
  const current = endsWithSpace ? '' : (words.pop() ?? '')
  const before = words.filter((w) => !w.startsWith('-'))
  const dashes = words.indexOf('--')
  let pool: readonly string[] = []
  if (before.length === 0) pool = ['kubectl', 'sim', 'ssh']
  else if (before[0] === 'kubectl' && before[1] === 'exec' && dashes >= 0)
    pool = dashes === words.length - 1 ? POD_PROGRAMS : []
  else if (before[0] === 'ssh' && before.length === 1) pool = names.Node ?? []
  else if (before[0] === 'ssh' && before.length === 2) pool = SSH_COMMANDS
  else if (before[0] === 'sim' && before.length === 1) pool = SIM_VERBS
  else if (before[0] === 'sim' && before[1] === 'trace' && before.length <= 3)
    pool = [...(names.Pod ?? []), ...(names.Node ?? []), ...(names.Service ?? [])]
  else if (before[0] === 'sim' && before[1] === 'traffic' && before.length === 2)
    pool = ['start', 'stop', 'status']
  else if (before[0] === 'sim' && before[1] === 'traffic' && before[2] === 'start')
    pool =
      before.length === 3 ? (names.Pod ?? []) : [...(names.Service ?? []), ...(names.Pod ?? [])]
  else if (before[0] === 'sim' && before[1] === 'set' && before.length === 2)
    pool = ['flannel-backend', 'proxy-mode']
  else if (before[0] === 'sim' && before[1] === 'set' && before.length === 3)
    pool = before[2] === 'proxy-mode' ? ['iptables', 'ipvs'] : ['vxlan', 'host-gw']
  else if (before[0] === 'kubectl' && before.length === 1) pool = KUBECTL_VERB_NAMES
  else if (before[0] === 'kubectl') {
    const verb = before[1] ?? ''
    const sub = KUBECTL_SUBCOMMANDS[verb]
    const args = before.slice(2)
    if (sub && args.length === 0 && verb !== 'create') pool = sub
    else if (verb === 'create' && args.length === 0) pool = sub ?? []
    else {
      const rest = sub && verb !== 'create' ? args.slice(1) : args
      const typeWord = rest[0]
      if (current.includes('/')) {
        const [type = '', prefix = ''] = current.split('/', 2)
        const kind = RESOURCE_WORDS[type]
        pool = kind
          ? (names[kind] ?? []).filter((n) => n.startsWith(prefix)).map((n) => `${type}/${n}`)
          : []
      } else if (typeWord === undefined) {
        pool = Object.keys(RESOURCE_WORDS)
      } else {
        const kind = RESOURCE_WORDS[typeWord]
        pool = kind ? (names[kind] ?? []) : []
      }
    }
  }
  const candidates = [...new Set(pool)].filter((w) => w.startsWith(current)).sort()
  const base =
    endsWithSpace || current === '' ? input : input.slice(0, input.length - current.length)
  if (candidates.length === 0) return { completed: input, candidates }
  const completion = candidates.length === 1 ? `${candidates[0] ?? ''} ` : commonPrefix(candidates)
  return {
    completed: `${base}${completion.length >= current.length ? completion : current}`,
    candidates,
  }
}
