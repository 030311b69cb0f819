/** The simulated registry: what exists, what each image does, and the errors for what does not. */
import { describe, expect, it } from 'vitest'
import type { Container } from '../model/pod'
import {
  imageDigest,
  imageInfo,
  imagePullError,
  normalizeImage,
  processExit,
  registryCatalogue,
} from './images'
import { probeCanFail, probeFailure } from './probes'
import type { Pod } from '../model/pod'

const container = (image: string, extra: Partial<Container> = {}): Container => ({
  name: 'c',
  image,
  ...extra,
})

describe('the simulated registry', () => {
  it('normalises references as containerd does', () => {
    expect(normalizeImage('nginx')).toBe('docker.io/library/nginx:latest')
    expect(normalizeImage('kubeplayground/web:unready')).toBe(
      'docker.io/kubeplayground/web:unready',
    )
    expect(normalizeImage('registry.k8s.io/pause:3.10')).toBe('registry.k8s.io/pause:3.10')
  })

  it('has the versions to roll out to, and none that do not exist', () => {
    for (const image of ['nginx:1.25', 'nginx:1.26', 'nginx:1.27', 'nginx', 'busybox:1.37'])
      expect(imagePullError(image), image).toBeUndefined()
    expect(imagePullError('registry.k8s.io/coredns/coredns:v1.12.1')).toBeUndefined()
    expect(imagePullError(`nginx@${imageDigest('nginx:1.26')}`)).toBeUndefined()
    expect(imagePullError('nginx:1.99')).toBe(
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.99": failed to resolve reference "docker.io/library/nginx:1.99": docker.io/library/nginx:1.99: not found',
    )
    expect(imagePullError('ngnix:1.26')).toMatch(
      /^failed to pull and unpack image "docker\.io\/library\/ngnix:1\.26": failed to resolve reference "docker\.io\/library\/ngnix:1\.26": pull access denied, repository does not exist or may require authorization/,
    )
    expect(imagePullError('registry.k8s.io/pause:9.9')).toMatch(
      /^rpc error: code = NotFound desc = .*registry\.k8s\.io\/pause:9\.9: not found$/,
    )
  })

  it('knows what each teaching image does', () => {
    expect(processExit(container('kubeplayground/web:crashloop'))).toMatchObject({
      exitCode: 1,
      reason: 'Error',
    })
    expect(processExit(container('kubeplayground/web:oomkilled'))).toMatchObject({
      exitCode: 137,
      reason: 'OOMKilled',
    })
    expect(imageInfo('kubeplayground/web:unready').httpAnswer).toBe(503)
    expect(processExit(container('nginx:1.26'))).toBeUndefined()
    // busybox's sh exits at once unless the container gives it something to run.
    expect(processExit(container('busybox:1.37'))?.reason).toBe('Completed')
    expect(processExit(container('busybox:1.37', { args: ['sleep', '3600'] }))).toBeUndefined()
    expect(registryCatalogue().map((e) => e.image)).toEqual(
      expect.arrayContaining([
        'nginx:1.26',
        'kubeplayground/web:crashloop',
        'kubeplayground/web:unready',
      ]),
    )
    expect(registryCatalogue().every((e) => e.note.length > 0)).toBe(true)
  })

  it('answers probes as the image would', () => {
    const pod = { status: { podIP: '10.244.1.7' } } as Pod
    const http = { httpGet: { path: '/', port: 'http' } }
    const named = { ports: [{ name: 'http', containerPort: 8080 }] }
    expect(probeFailure(pod, container('kubeplayground/web:unready', named), http)).toBe(
      'HTTP probe failed with statuscode: 503',
    )
    expect(probeFailure(pod, container('kubeplayground/web:crashloop', named), http)).toBe(
      'Get "http://10.244.1.7:8080/": dial tcp 10.244.1.7:8080: connect: connection refused',
    )
    expect(probeFailure(pod, container('nginx:1.26'), http)).toBeUndefined()
    expect(probeCanFail(container('kubeplayground/web:unready'), { tcpSocket: { port: 80 } })).toBe(
      false,
    )
    expect(probeCanFail(container('kubeplayground/web:unready'), undefined)).toBe(false)
  })
})
