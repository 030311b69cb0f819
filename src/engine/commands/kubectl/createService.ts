/**
 * `kubectl create service clusterip|nodeport|loadbalancer|externalname NAME [--tcp=port[:target]]`
 * (staging/src/k8s.io/kubectl/pkg/cmd/create/create_service.go: parsePorts, Validate, createService):
 * labels and selector app=NAME, ports named `port-target`.
 */
import { ApiError } from '../../api/errors'
import { isDNS1123Subdomain } from '../../api/validation/names'
import { isValidPortName, isValidPortNum } from '../../api/validation/service'
import type { ServicePort, ServiceType } from '../../model/service'
import type { FlagSpec } from '../parseFlags'
import { parseFlags } from '../parseFlags'
import type { CommandContext, CommandResult } from '../types'
import { fail, ok } from '../types'

const TYPES: Record<string, ServiceType> = {
  clusterip: 'ClusterIP',
  nodeport: 'NodePort',
  loadbalancer: 'LoadBalancer',
  externalname: 'ExternalName',
}

const FLAGS: Record<ServiceType, FlagSpec[]> = {
  ClusterIP: [
    { name: 'tcp', type: 'stringArray' },
    { name: 'clusterip', type: 'string' },
  ],
  NodePort: [
    { name: 'tcp', type: 'stringArray' },
    { name: 'node-port', type: 'int', default: 0 },
  ],
  LoadBalancer: [{ name: 'tcp', type: 'stringArray' }],
  ExternalName: [
    { name: 'tcp', type: 'stringArray' },
    { name: 'external-name', type: 'string' },
  ],
}

/** parsePorts: `80` (target 80) or `80:8080` / `80:http`. */
function parsePorts(spec: string): { port: number; targetPort: number | string } | Error {
  const [portText = '', target = ''] = spec.split(/:(.*)/s)
  // utilsnet.ParsePort: strconv.ParseUint(port, 10, 16).
  if (!/^\d+$/.test(portText))
    return new Error(`strconv.ParseUint: parsing ${JSON.stringify(portText)}: invalid syntax`)
  const port = Number(portText)
  if (port > 65535)
    return new Error(`strconv.ParseUint: parsing ${JSON.stringify(portText)}: value out of range`)
  if (target === '') return { port, targetPort: port }
  if (/^[-+]?\d+$/.test(target)) {
    const errs = isValidPortNum(Number(target))
    return errs.length > 0 ? new Error(errs.join(',')) : { port, targetPort: Number(target) }
  }
  const errs = isValidPortName(target)
  return errs.length > 0 ? new Error(errs.join(',')) : { port, targetPort: target }
}

/** `kubectl create service <type> NAME`. */
export function kubectlCreateService(ctx: CommandContext, words: readonly string[]): CommandResult {
  const [sub, ...rest] = words
  const type = TYPES[sub ?? '']
  if (!type)
    return fail(
      sub
        ? `error: unknown command "${sub}" for "kubectl create service"`
        : 'error: must specify one of clusterip, externalname, loadbalancer, nodeport',
    )
  const { flags, args } = parseFlags(rest, FLAGS[type], `kubectl create service ${sub}`)
  const [name] = args
  if (!name || args.length > 1)
    return fail(`error: exactly one NAME is required, got ${args.length}`)
  const externalName = (flags['external-name'] as string | undefined) ?? ''
  if (type === 'ExternalName' && flags['external-name'] === undefined)
    return fail('error: required flag(s) "external-name" not set')
  const clusterIP = (flags.clusterip as string | undefined) ?? ''
  const tcp = ((flags.tcp as string[] | undefined) ?? []).flatMap((t) => t.split(','))
  if (clusterIP === 'None' && type !== 'ClusterIP')
    return fail('error: ClusterIP=None can only be used with ClusterIP service type')
  if (clusterIP !== 'None' && tcp.length === 0 && type !== 'ExternalName')
    return fail('error: at least one tcp port specifier must be provided')
  if (type === 'ExternalName' && isDNS1123Subdomain(externalName).length > 0)
    return fail(`error: invalid service external name ${externalName}`)
  const ports: ServicePort[] = []
  for (const spec of tcp) {
    const parsed = parsePorts(spec)
    if (parsed instanceof Error) return fail(`error: ${parsed.message}`)
    const nodePort = (flags['node-port'] as number | undefined) ?? 0
    ports.push({
      name: spec.replaceAll(':', '-'),
      port: parsed.port,
      targetPort: parsed.targetPort,
      protocol: 'TCP',
      ...(nodePort ? { nodePort } : {}),
    })
  }
  const labels = { app: name }
  try {
    ctx.sim.api.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: (flags.namespace as string | undefined) ?? 'default', labels },
      spec: {
        type,
        selector: labels,
        ports,
        ...(externalName ? { externalName } : {}),
        ...(clusterIP ? { clusterIP } : {}),
      },
    })
  } catch (e) {
    if (!(e instanceof ApiError)) throw e
    return fail(`error: failed to create ${type} service: ${e.message}`)
  }
  return ok(`service/${name} created`)
}
