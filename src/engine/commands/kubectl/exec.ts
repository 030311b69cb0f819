/**
 * `kubectl exec [-n NS] [-c CONTAINER] POD -- COMMAND [ARGS...]`, with the checks and messages of
 * each party on the way: kubectl (staging/src/k8s.io/kubectl/pkg/cmd/exec/exec.go, podcmd.go), the
 * API server (pkg/registry/core/pod/strategy.go streamLocation), the kubelet (GetExec: "container
 * not found"), and containerd/runc when the program is not in the image.
 */
import type { Container, Pod } from '../../model/pod'
import { notFoundError } from '../../api/errors'
import { imageInfo } from '../../kubelet/images'
import { POD_PROGRAMS, runInPod } from '../../network/shell/podShell'
import type { FlagSpec } from '../parseFlags'
import { parseFlags } from '../parseFlags'
import type { CommandContext, CommandResult } from '../types'
import { fail, toCommandResult } from '../types'
import { resolveOrThrow } from './resourceArgs'

const FLAGS: FlagSpec[] = [
  { name: 'container', short: 'c', type: 'string' },
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'tty', short: 't', type: 'bool' },
  { name: 'quiet', short: 'q', type: 'bool' },
]

/** cobra lets boolean shorthands share a dash: `-it` is `-i -t`. */
function splitShorthands(words: readonly string[]): string[] {
  const dash = words.indexOf('--')
  const head = dash === -1 ? words : words.slice(0, dash)
  const tail = dash === -1 ? [] : words.slice(dash)
  return [
    ...head.flatMap((w) => (/^-[itq]{2,3}$/.test(w) ? [...w.slice(1)].map((c) => `-${c}`) : [w])),
    ...tail,
  ]
}

function allContainerNames(pod: Pod): string {
  return [
    ...pod.spec.containers.map((c) => c.name),
    ...(pod.spec.initContainers ?? []).map((c) => `${c.name} (init)`),
  ].join(', ')
}

/**
 * The container to run in: -c's (the API server refuses a name the pod does not have), else the
 * annotated default, else the first, with podcmd.FindOrDefaultContainerByName's notice.
 */
function chooseContainer(
  pod: Pod,
  asked: string | undefined,
  quiet: boolean,
): { container?: Container; notice?: string; error?: string } {
  const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]
  if (asked !== undefined) {
    const container = all.find((c) => c.name === asked)
    return container
      ? { container }
      : {
          error: `Error from server (BadRequest): container ${asked} is not valid for pod ${pod.metadata.name}`,
        }
  }
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container']
  const byAnnotation = pod.spec.containers.find((c) => c.name === annotated)
  if (byAnnotation) return { container: byAnnotation }
  const first = pod.spec.containers[0] as Container
  if (all.length === 1 || quiet) return { container: first }
  return {
    container: first,
    notice: `Defaulted container "${first.name}" out of: ${allContainerNames(pod)}`,
  }
}

/** What runc answers when the program is not in the image: exec fails, and kubectl reports 126. */
function notInImage(program: string): CommandResult {
  const why = program.includes('/')
    ? `stat ${program}: no such file or directory`
    : 'executable file not found in $PATH'
  return {
    ok: false,
    output: '',
    error: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": ${why}: unknown\ncommand terminated with exit code 126`,
    exitCode: 126,
  }
}

/** kubectl's pod argument: NAME or pod/NAME (exec into a workload's pod is not simulated). */
function podName(resource: string): string | CommandResult {
  if (!resource.includes('/')) return resource
  const [type = '', name = ''] = resource.split('/', 2)
  if (resolveOrThrow(type).kind === 'Pod') return name
  return fail(`error: kubectl exec ${type}/NAME is simulated for pods only: name the pod`)
}

export function kubectlExec(ctx: CommandContext, words: readonly string[]): CommandResult {
  const { flags, args, rest } = parseFlags(splitShorthands(words), FLAGS, 'kubectl exec')
  const namespace = (flags.namespace as string | undefined) ?? 'default'
  const quiet = flags.quiet === true
  const dashed = words.includes('--')
  const notices: string[] = []
  const withNotices = (r: CommandResult): CommandResult =>
    notices.length === 0 ? r : { ...r, error: [...notices, r.error].filter(Boolean).join('\n') }
  if (!dashed && args.length > 1 && !quiet)
    notices.push(
      'kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.',
    )
  const command = dashed ? rest : args.slice(1)
  if (args[0] === undefined) return fail('error: pod, type/name or --filename must be specified')
  if (command.length === 0)
    return fail('error: you must specify at least one command for the container')
  const name = podName(args[0])
  if (typeof name !== 'string') return withNotices(name)
  const pod = ctx.sim.store.get<Pod>(`Pod/${namespace}/${name}`)
  if (!pod) return withNotices(fail(notFoundError('Pod', name).kubectlMessage()))
  const phase = pod.status.phase
  if (phase === 'Succeeded' || phase === 'Failed')
    return withNotices(
      fail(`error: cannot exec into a container in a completed pod; current phase is ${phase}`),
    )
  const chosen = chooseContainer(pod, flags.container as string | undefined, quiet)
  if (chosen.notice) notices.push(chosen.notice)
  const container = chosen.container
  if (!container) return withNotices(fail(chosen.error ?? ''))
  if (!pod.spec.nodeName)
    return withNotices(
      fail(`Error from server (BadRequest): pod ${name} does not have a host assigned`),
    )
  const status = pod.status.containerStatuses?.find((s) => s.name === container.name)
  if (!status?.state.running)
    return withNotices(
      fail(`error: unable to upgrade connection: container not found ("${container.name}")`),
    )
  const program = command[0] as string
  const base = program.slice(program.lastIndexOf('/') + 1)
  if (!imageInfo(container.image).tools.includes(base)) return withNotices(notInImage(program))
  const sim = ctx.sim
  const result = runInPod(sim.network, sim.store, pod, [base, ...command.slice(1)], {
    proxy: sim.proxy,
    // A request is a real one: kube-proxy's draw advances the simulation's RNG, as traffic does,
    // so that repeated requests spread over the endpoints (the command is logged and replays).
    draw: (n) => sim.ctx.rng.int(n),
    nowMs: sim.simTimeMs,
    tty: flags.tty === true,
    image: container.image,
  })
  if (!result)
    return withNotices(
      fail(
        `error: the simulator does not run "${base}" in containers yet; it runs ${POD_PROGRAMS.join(', ')}`,
      ),
    )
  const shown = toCommandResult(result)
  // kubectl makes the remote exit status its own and says so (exec.go, via cmdutil.CheckErr).
  if (result.code !== 0)
    shown.error = [shown.error, `command terminated with exit code ${result.code}`]
      .filter(Boolean)
      .join('\n')
  return withNotices(shown)
}
