/**
 * `kubectl create deployment NAME --image=IMAGE [--replicas=N] [--port=N]`, `kubectl create namespace
 * NAME` and `kubectl create service TYPE NAME` (createService.ts).
 */
import { ApiError } from '../../api/errors'
import type { Deployment } from '../../model/apps'
import type { CommandContext, CommandResult } from '../types'
import { fail, ok } from '../types'
import type { FlagSpec } from '../parseFlags'
import { parseFlags } from '../parseFlags'
import { kubectlCreateService } from './createService'

const DEPLOYMENT_FLAGS: FlagSpec[] = [
  { name: 'image', type: 'stringArray' },
  { name: 'replicas', short: 'r', type: 'int', default: 1 },
  { name: 'port', type: 'int', default: -1 },
  { name: 'dry-run', type: 'string' },
]

/** The container name kubectl derives from an image: its last path part without tag or digest. */
function containerNameFor(image: string): string {
  const base = image.split('@')[0] ?? image
  const last = base.slice(base.lastIndexOf('/') + 1)
  const name = last.split(':')[0] ?? last
  return name.toLowerCase().replace(/[^a-z0-9-]/g, '-')
}

function serverError(e: unknown): string {
  return e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e)
}

function createDeployment(ctx: CommandContext, words: readonly string[]): CommandResult {
  const { flags, args } = parseFlags(words, DEPLOYMENT_FLAGS, 'kubectl create deployment')
  const [name] = args
  if (!name || args.length > 1)
    return fail('error: exactly one NAME is required, got ' + String(args.length))
  const images = (flags.image as string[] | undefined) ?? []
  if (images.length === 0) return fail(`error: required flag(s) "image" not set`)
  const port = flags.port as number
  const labels = { app: name }
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: (flags.namespace as string | undefined) ?? 'default', labels },
    spec: {
      replicas: flags.replicas as number,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: images.map((image, i) => ({
            name: containerNameFor(image),
            image,
            ...(i === 0 && port >= 0 ? { ports: [{ containerPort: port }] } : {}),
            resources: {},
          })),
        },
      },
    },
    status: {},
  }
  try {
    ctx.sim.api.create<Deployment>(deployment)
  } catch (e) {
    return fail(`error: failed to create deployment: ${serverError(e)}`)
  }
  return ok(`deployment.apps/${name} created`)
}

function createNamespace(ctx: CommandContext, words: readonly string[]): CommandResult {
  const { args } = parseFlags(words, [], 'kubectl create namespace')
  const [name] = args
  if (!name || args.length > 1)
    return fail('error: exactly one NAME is required, got ' + String(args.length))
  try {
    ctx.sim.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
  } catch (e) {
    return fail(e instanceof ApiError ? e.kubectlMessage() : `error: ${String(e)}`)
  }
  return ok(`namespace/${name} created`)
}

export function kubectlCreate(ctx: CommandContext, words: readonly string[]): CommandResult {
  const [sub, ...rest] = words
  if (sub === 'deployment' || sub === 'deploy') return createDeployment(ctx, rest)
  if (sub === 'namespace' || sub === 'ns') return createNamespace(ctx, rest)
  if (sub === 'service' || sub === 'svc') return kubectlCreateService(ctx, rest)
  return fail(
    sub
      ? `error: unknown command "${sub}" for "kubectl create"`
      : 'error: must specify one of -f and -k',
  )
}
