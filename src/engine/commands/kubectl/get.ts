/** `kubectl get`: tables (plain and wide), yaml, json and name output, -l, -n and -A. */
import { stringify } from 'yaml'
import type { KindInfo } from '../../api/kinds'
import { notFoundError } from '../../api/errors'
import type { ClusterEvent } from '../../model/event'
import type { KubeObject } from '../../model/meta'
import {
  labelsToString,
  parseSelector,
  SelectorParseError,
  selectorMatches,
} from '../../model/labels'
import type { CommandContext, CommandResult } from '../types'
import { fail, ok } from '../types'
import type { FlagSpec } from '../parseFlags'
import { parseFlags } from '../parseFlags'
import { PRINTERS } from './printers'
import { parseResourceArgs, qualifiedName } from './resourceArgs'
import { formatTable } from './tabwriter'

const FLAGS: FlagSpec[] = [
  { name: 'output', short: 'o', type: 'string' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'show-labels', type: 'bool' },
  { name: 'watch', short: 'w', type: 'bool' },
]

/** An object as the API returns it: our bookkeeping fields removed. */
export function forOutput(o: KubeObject | ClusterEvent): Record<string, unknown> {
  if (o.kind === 'Event') {
    const { lastSimTimeMs: _internal, ...rest } = o as ClusterEvent
    return { ...rest }
  }
  return { ...o }
}

function listObjects(
  ctx: CommandContext,
  info: KindInfo,
  namespace: string | undefined,
): KubeObject[] {
  if (info.kind === 'Event') {
    const events = ctx.sim.events
      .list()
      .filter((e) => namespace === undefined || e.metadata.namespace === namespace)
    return events.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))
  }
  const out: KubeObject[] = []
  for (const o of ctx.sim.store.list(info.kind)) {
    if (!info.namespaced || namespace === undefined || o.metadata.namespace === namespace)
      out.push(o)
  }
  return out.sort((a, b) => {
    const ns = (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '')
    return ns !== 0
      ? ns
      : a.metadata.name < b.metadata.name
        ? -1
        : a.metadata.name > b.metadata.name
          ? 1
          : 0
  })
}

/**
 * `kubectl get`. Watching (-w) is not simulated: the list is printed once, with a note, since time
 * here only passes when the simulation is stepped.
 */
export function kubectlGet(ctx: CommandContext, words: readonly string[]): CommandResult {
  const { flags } = parseFlags(words, FLAGS, 'kubectl get')
  const once = getOnce(ctx, words)
  if (flags.watch !== true) return once
  const note =
    'error: watching (-w) is not supported here: time only passes when the simulation runs; run the command again after `sim step` or `sim advance`'
  return { ...once, ok: false, error: once.error ? `${once.error}\n${note}` : note }
}

function getOnce(ctx: CommandContext, words: readonly string[]): CommandResult {
  const { flags, args } = parseFlags(words, FLAGS, 'kubectl get')
  const output = (flags.output as string | undefined) ?? ''
  if (!['', 'wide', 'yaml', 'json', 'name'].includes(output)) {
    return fail(
      `error: unable to match a printer suitable for the output format "${output}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`,
    )
  }
  if (args.length === 0) {
    return fail(
      `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples`,
    )
  }
  const requests = parseResourceArgs(args)
  const allNamespaces = flags['all-namespaces'] === true
  const namespace = allNamespaces
    ? undefined
    : ((flags.namespace as string | undefined) ?? 'default')
  let selector
  try {
    selector = flags.selector !== undefined ? parseSelector(flags.selector as string) : undefined
  } catch (e) {
    return fail(`error: ${e instanceof SelectorParseError ? e.message : String(e)}`)
  }
  const now = ctx.sim.simTimeMs
  const errors: string[] = []
  const groups: { info: KindInfo; objects: KubeObject[] }[] = []
  for (const req of requests) {
    let objects: KubeObject[]
    if (req.names.length > 0) {
      objects = []
      for (const name of req.names) {
        const found = listObjects(
          ctx,
          req.info,
          req.info.namespaced ? (namespace ?? 'default') : undefined,
        ).find((o) => o.metadata.name === name)
        if (found) objects.push(found)
        else
          errors.push(`Error from server (NotFound): ${notFoundError(req.info.kind, name).message}`)
      }
    } else {
      objects = listObjects(ctx, req.info, req.info.namespaced ? namespace : undefined)
    }
    if (selector) objects = objects.filter((o) => selectorMatches(selector, o.metadata.labels))
    groups.push({ info: req.info, objects })
  }
  const all = groups.flatMap((g) => g.objects)
  const stderr = errors.join('\n')
  if (output === 'yaml' || output === 'json') {
    const single =
      requests.length === 1 && (requests[0]?.names.length ?? 0) === 1 && all.length === 1
    const body =
      single && all[0]
        ? forOutput(all[0])
        : {
            apiVersion: 'v1',
            items: all.map(forOutput),
            kind: 'List',
            metadata: { resourceVersion: '' },
          }
    const text =
      output === 'json'
        ? JSON.stringify(body, null, 4)
        : stringify(body, { sortMapEntries: true, lineWidth: 0 }).trimEnd()
    return errors.length ? { ok: false, output: all.length ? text : '', error: stderr } : ok(text)
  }
  if (output === 'name') {
    return {
      ok: errors.length === 0,
      output: groups
        .flatMap((g) => g.objects.map((o) => qualifiedName(g.info, o.metadata.name)))
        .join('\n'),
      ...(stderr ? { error: stderr } : {}),
    }
  }
  if (all.length === 0) {
    const where =
      allNamespaces || !requests.some((r) => r.info.namespaced) ? '' : ` in ${namespace} namespace`
    return { ok: errors.length === 0, output: '', error: stderr || `No resources found${where}.` }
  }
  const multi = groups.filter((g) => g.objects.length > 0).length > 1 || requests.length > 1
  const tables: string[] = []
  for (const g of groups) {
    if (g.objects.length === 0) continue
    const printer = PRINTERS[g.info.kind]
    if (!printer) continue
    const wide = output === 'wide'
    const showNs = allNamespaces && g.info.namespaced
    const header = [
      ...(showNs ? ['NAMESPACE'] : []),
      ...printer.headers,
      ...(wide ? printer.wideHeaders : []),
      ...(flags['show-labels'] ? ['LABELS'] : []),
    ]
    const rows = g.objects.map((o) => {
      const row = printer.row(o, now)
      if (multi && g.info.kind !== 'Event') row[0] = qualifiedName(g.info, row[0] ?? '')
      return [
        ...(showNs ? [o.metadata.namespace ?? ''] : []),
        ...row,
        ...(wide ? printer.wideRow(o, now) : []),
        ...(flags['show-labels'] ? [labelsToString(o.metadata.labels)] : []),
      ]
    })
    tables.push(formatTable([header, ...rows]))
  }
  return {
    ok: errors.length === 0,
    output: tables.join('\n\n'),
    ...(stderr ? { error: stderr } : {}),
  }
}
