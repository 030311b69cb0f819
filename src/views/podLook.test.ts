/** The look of one container of a pod chip, from its status. */
import { describe, expect, it } from 'vitest'
import type { ContainerStatus } from '../engine/model/pod'
import { containerLook } from './podLook'

const status = (state: ContainerStatus['state'], ready = false): ContainerStatus => ({
  name: 'c',
  image: 'nginx:1.25',
  imageID: '',
  ready,
  restartCount: 0,
  state,
  lastState: {},
})

describe('containerLook', () => {
  it('running ready, running, waiting, failing, completed', () => {
    expect(containerLook(status({ running: {} }, true))).toBe('ready')
    expect(containerLook(status({ running: {} }))).toBe('running')
    expect(containerLook(undefined)).toBe('waiting')
    expect(containerLook(status({ waiting: { reason: 'ContainerCreating' } }))).toBe('waiting')
    expect(containerLook(status({ waiting: { reason: 'CrashLoopBackOff' } }))).toBe('failed')
    expect(containerLook(status({ terminated: { exitCode: 1, reason: 'Error' } }))).toBe('failed')
    expect(containerLook(status({ terminated: { exitCode: 0, reason: 'Completed' } }))).toBe('done')
  })
})
