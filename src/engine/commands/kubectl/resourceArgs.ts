/** Resource arguments as kubectl reads them: `pods`, `pod web-1`, `deploy/web`, `deployments,pods`. */
import type { KindInfo } from '../../api/kinds'
import { resolveResource } from '../../api/kinds'

export interface ResourceRequest {
  info: KindInfo
  /** Names asked for; empty means all. */
  names: string[]
}

export class ResourceArgError extends Error {}

export function resolveOrThrow(type: string): KindInfo {
  const info = resolveResource(type)
  if (!info) throw new ResourceArgError(`the server doesn't have a resource type "${type}"`)
  return info
}

/** Turns positional arguments into resource requests, in the order given. */
export function parseResourceArgs(args: readonly string[]): ResourceRequest[] {
  if (args.length === 0) return []
  const slashForm = args.filter((a) => a.includes('/'))
  if (slashForm.length > 0) {
    if (slashForm.length !== args.length) {
      throw new ResourceArgError(
        "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
      )
    }
    const out: ResourceRequest[] = []
    for (const a of args) {
      const [type = '', name = ''] = a.split('/', 2)
      if (!name)
        throw new ResourceArgError(
          `arguments in resource/name form must have a single resource and name`,
        )
      const info = resolveOrThrow(type)
      const existing = out.find((r) => r.info === info)
      if (existing) existing.names.push(name)
      else out.push({ info, names: [name] })
    }
    return out
  }
  const [types = '', ...names] = args
  const infos = types
    .split(',')
    .filter((t) => t !== '')
    .map(resolveOrThrow)
  if (names.length > 0 && infos.length > 1)
    throw new ResourceArgError(`you may only specify a single resource type`)
  return infos.map((info) => ({ info, names: [...names] }))
}

/** `deployment.apps/web`, `pod/web-1`: how kubectl names an object in messages and `-o name`. */
export function qualifiedName(info: KindInfo, name: string): string {
  return `${info.group ? `${info.singular}.${info.group}` : info.singular}/${name}`
}
