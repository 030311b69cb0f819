/** Which source a volume has, and which volumes a pod's containers share (what the views draw). */
import { describe, expect, it } from 'vitest'
import type { PodSpec } from './pod'
import { sharedVolumes, volumeSourcesOf } from './volumes'

describe('pod volumes', () => {
  it('lists the sources a volume sets in upstream order; null is unset', () => {
    const volume = { name: 'x', configMap: { name: 'c' }, emptyDir: {}, nfs: null }
    expect(volumeSourcesOf(volume as never)).toEqual(['emptyDir', 'configMap'])
  })

  it('a volume is shared when two or more containers, init containers included, mount it', () => {
    const spec: PodSpec = {
      volumes: [
        { name: 'html', emptyDir: {} },
        { name: 'conf', configMap: { name: 'site' } },
      ],
      initContainers: [
        { name: 'fetch', image: 'busybox:1.36', volumeMounts: [{ name: 'conf', mountPath: '/c' }] },
      ],
      containers: [
        {
          name: 'nginx',
          image: 'nginx:1.25',
          volumeMounts: [
            { name: 'html', mountPath: '/usr/share/nginx/html' },
            { name: 'conf', mountPath: '/etc/nginx/conf.d' },
          ],
        },
        {
          name: 'writer',
          image: 'busybox:1.36',
          volumeMounts: [{ name: 'html', mountPath: '/h' }],
        },
      ],
    }
    expect(sharedVolumes(spec)).toEqual([
      { name: 'html', source: 'emptyDir', containers: ['nginx', 'writer'] },
      { name: 'conf', source: 'configMap', containers: ['fetch', 'nginx'] },
    ])
    expect(sharedVolumes({ ...spec, containers: spec.containers.slice(0, 1) })).toEqual([
      { name: 'conf', source: 'configMap', containers: ['fetch', 'nginx'] },
    ])
  })
})
