/** `kubectl scale --replicas=N deployment/web`: sets spec.replicas through the API. */
import type { KubeObject } from '../../model/meta'
import type { CommandContext, CommandResult } from '../types'
import { fail, ok } from '../types'
import type { FlagSpec } from '../parseFlags'
import { parseFlags } from '../parseFlags'
import { parseResourceArgs, qualifiedName } from './resourceArgs'

const FLAGS: FlagSpec[] = [
  { name: 'replicas', type: 'int', default: -1 },
  { name: 'current-replicas', type: 'int', default: -1 },
  { name: 'all', type: 'bool' },
]

const SCALABLE = new Set(['Deployment', 'ReplicaSet'])

export function kubectlScale(ctx: CommandContext, words: readonly string[]): CommandResult {
  const { flags, args } = parseFlags(words, FLAGS, 'kubectl scale')
  if (!words.some((w) => w === '--replicas' || w.startsWith('--replicas=')))
    return fail(`error: required flag(s) "replicas" not set`)
  const replicas = flags.replicas as number
  if (replicas < 0)
    return fail(
      'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
    )
  const requests = parseResourceArgs(args)
  if (requests.length === 0)
    return fail(
      `error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`,
    )
  const namespace = (flags.namespace as string | undefined) ?? 'default'
  const lines: string[] = []
  for (const req of requests) {
    if (!SCALABLE.has(req.info.kind))
      return fail(
        `error: no objects passed to scale ${JSON.stringify(req.info.resource)} cannot be scaled`,
      )
    const targets =
      req.names.length > 0
        ? req.names
        : [...ctx.sim.store.list(req.info.kind)]
            .filter((o) => o.metadata.namespace === namespace)
            .map((o) => o.metadata.name)
    for (const name of targets) {
      const current = ctx.sim.api.mustGet<KubeObject & { spec: { replicas?: number } }>(
        req.info.kind,
        namespace,
        name,
      )
      const expected = flags['current-replicas'] as number
      if (expected >= 0 && (current.spec.replicas ?? 1) !== expected) {
        return fail(`error: Expected replicas to be ${expected}, was ${current.spec.replicas ?? 1}`)
      }
      ctx.sim.api.update({ ...current, spec: { ...current.spec, replicas } })
      lines.push(`${qualifiedName(req.info, name)} scaled`)
    }
  }
  return ok(lines.join('\n'))
}
