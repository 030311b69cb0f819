/**
 * Pod volumes and volume mounts through the simulated API server: defaulting (SetDefaults_Volume
 * and the sources' defaults) and validation (ValidateVolumes, ValidateVolumeMounts) with
 * upstream's messages, for pods and for the templates of Deployments.
 */
import { describe, expect, it } from 'vitest'
import type { Container, Pod, Volume } from '../../model/pod'
import { SimulationCore } from '../../runtime/Simulation'
import { findScenario } from '../../scenarios/scenarios'
import type { ObjectInput } from '../ApiServer'
import { ApiError } from '../errors'
import { validateVolumes } from './volumes'

function defaultCore(): SimulationCore {
  const core = new SimulationCore(1, 'default', { freezeObjects: true })
  findScenario('default')?.build(core)
  return core
}

const nginx = (volumeMounts: Container['volumeMounts']): Container => ({
  name: 'nginx',
  image: 'nginx:1.25',
  volumeMounts,
})

const podInput = (volumes: Volume[], containers: Container[]): ObjectInput => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'shared', namespace: 'default' },
  spec: { volumes, containers },
})

/** What kubectl prints when the API server refuses the object; checks that nothing changed. */
function refusal(core: SimulationCore, input: ObjectInput): string {
  const before = JSON.stringify(core.snapshot())
  let error: unknown
  try {
    core.api.create(input)
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(ApiError)
  expect(JSON.stringify(core.snapshot())).toBe(before)
  return (error as ApiError).kubectlMessage()
}

const data = (extra: Partial<Volume> = { emptyDir: {} }): Volume => ({ name: 'data', ...extra })

describe('pod volume validation', () => {
  it('a duplicate volume name', () => {
    const core = defaultCore()
    expect(refusal(core, podInput([data(), data()], [nginx([])]))).toBe(
      'The Pod "shared" is invalid: spec.volumes[1].name: Duplicate value: "data"',
    )
  })

  it('more than one source: the second in upstream order is refused', () => {
    const core = defaultCore()
    const both = data({ configMap: { name: 'site' }, emptyDir: {} })
    expect(refusal(core, podInput([both], [nginx([])]))).toBe(
      'The Pod "shared" is invalid: spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type',
    )
  })

  it('a mount of a volume the pod does not have', () => {
    const core = defaultCore()
    expect(refusal(core, podInput([], [nginx([{ name: 'data', mountPath: '/data' }])]))).toBe(
      'The Pod "shared" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "data"',
    )
  })

  it('a mount without a mountPath, and the same mountPath twice in one container', () => {
    const core = defaultCore()
    const volumes = [data(), { name: 'logs', emptyDir: {} }]
    expect(refusal(core, podInput(volumes, [nginx([{ name: 'data', mountPath: '' }])]))).toBe(
      'The Pod "shared" is invalid: spec.containers[0].volumeMounts[0].mountPath: Required value',
    )
    const twice = [
      { name: 'data', mountPath: '/data' },
      { name: 'logs', mountPath: '/data' },
    ]
    expect(refusal(core, podInput(volumes, [nginx(twice)]))).toBe(
      'The Pod "shared" is invalid: spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique',
    )
  })

  it("a volume with an error is not there to mount; a source's own fields are checked", () => {
    const core = defaultCore()
    const noClaim = data({ persistentVolumeClaim: { claimName: '' } })
    expect(
      refusal(core, podInput([noClaim], [nginx([{ name: 'data', mountPath: '/data' }])])),
    ).toBe(
      'The Pod "shared" is invalid: \n* spec.volumes[0].persistentVolumeClaim.claimName: Required value\n* spec.containers[0].volumeMounts[0].name: Not found: "data"',
    )
    const badType = data({ hostPath: { path: '/var/log', type: 'Dir' } })
    expect(refusal(core, podInput([badType], [nginx([])]))).toBe(
      'The Pod "shared" is invalid: spec.volumes[0].hostPath.type: Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
    )
    const badMode = data({ secret: { secretName: 'tls', defaultMode: 1000 } })
    expect(refusal(core, podInput([badMode], [nginx([])]))).toBe(
      'The Pod "shared" is invalid: spec.volumes[0].secret.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive',
    )
  })

  it("in a Deployment's template the paths start at spec.template.spec", () => {
    const core = defaultCore()
    const input: ObjectInput = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'site', namespace: 'default' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'site' } },
        template: {
          metadata: { labels: { app: 'site' } },
          spec: {
            volumes: [data(), data()],
            containers: [nginx([{ name: 'html', mountPath: '/x' }])],
          },
        },
      },
    }
    expect(refusal(core, input)).toBe(
      'The Deployment "site" is invalid: \n* spec.template.spec.volumes[1].name: Duplicate value: "data"\n* spec.template.spec.containers[0].volumeMounts[0].name: Not found: "html"',
    )
  })

  it('a volume with no source at all is required to have one (before defaulting)', () => {
    expect(validateVolumes([{ name: 'data' }], 'spec.volumes').errs).toEqual([
      { type: 'Required value', field: 'spec.volumes[0]', detail: 'must specify a volume type' },
    ])
  })
})

describe('pod volume defaulting', () => {
  it('no source means an emptyDir; configMap and secret files get mode 0644; hostPath type ""', () => {
    const core = defaultCore()
    const pod = core.api.create<Pod>(
      podInput(
        [
          { name: 'scratch' },
          { name: 'site', configMap: { name: 'site' } },
          { name: 'tls', secret: { secretName: 'tls' } },
          { name: 'logs', hostPath: { path: '/var/log' } },
        ],
        [nginx([{ name: 'scratch', mountPath: '/scratch' }])],
      ),
    )
    expect(pod.spec.volumes).toEqual([
      { name: 'scratch', emptyDir: {} },
      { name: 'site', configMap: { name: 'site', defaultMode: 420 } },
      { name: 'tls', secret: { secretName: 'tls', defaultMode: 420 } },
      { name: 'logs', hostPath: { path: '/var/log', type: '' } },
    ])
  })
})
