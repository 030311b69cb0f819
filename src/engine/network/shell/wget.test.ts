/**
 * BusyBox `wget` in the fixture's busybox client: the body with -qO-, the chatter without -q, the
 * server's status with -S, and the fatal errors, all exit status 1.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { SimulationCore } from '../../runtime/Simulation'
import { runCommand } from '../../commands/runCommand'
import type { CommandResult } from '../../commands/types'
import type { Service } from '../../model/service'
import { advance, buildCore, run } from '../testClusters'

const clusterIp = (core: SimulationCore, name: string): string =>
  core.store.get<Service>(`Service/default/${name}`)?.spec.clusterIP ?? ''

describe('wget in the fixture client (BusyBox 1.36)', () => {
  let core: SimulationCore
  let emptyIp: string
  const exec = (line: string): CommandResult => runCommand(core, `kubectl exec client -- ${line}`)
  beforeAll(() => {
    core = buildCore('fixture')
    run(core, 'kubectl create service clusterip empty --tcp=80:8080')
    advance(core, 1000)
    emptyIp = clusterIp(core, 'empty')
  })

  it('-qO- prints the body only; the answer came from a web pod', () => {
    const r = exec('wget -qO- web/hostname')
    expect(r.exitCode).toBe(0)
    expect(r.error).toBeUndefined()
    expect(['web-1', 'web-2']).toContain(r.output)
    expect(r.backend).toMatchObject({ kind: 'pod', name: r.output })
  })

  it('without -q: where it connects, where it writes, the bar', () => {
    expect(exec('wget -O- http://10.244.1.2:8080/hostname')).toMatchObject({
      output: 'web-1',
      error: [
        'Connecting to 10.244.1.2:8080 (10.244.1.2:8080)',
        'writing to stdout',
        `-                    100% |${'*'.repeat(32)}|     5  0:00:00 ETA`,
        'written to stdout',
      ].join('\n'),
    })
    expect(exec('wget web').error?.split('\n')).toEqual([
      'Connecting to web (10.104.62.15:80)',
      "saving to 'index.html'",
      `index.html           100% |${'*'.repeat(32)}|    50  0:00:00 ETA`,
      "'index.html' saved",
    ])
  })

  it('errors: bad address, refused, no answer with -T, not HTTP; all exit 1', () => {
    expect(exec('wget -qO- nosuch')).toMatchObject({
      exitCode: 1,
      error: "wget: bad address 'nosuch'\ncommand terminated with exit code 1",
    })
    expect(exec('wget -qO- empty').error?.split('\n')[0]).toBe(
      `wget: can't connect to remote host (${emptyIp}): Connection refused`,
    )
    expect(exec('wget -T 5 -qO- 1.1.1.1').error?.split('\n')[0]).toBe('wget: download timed out')
    expect(exec('wget -qO- 1.1.1.1').error?.split('\n')[0]).toBe(
      "wget: can't connect to remote host (1.1.1.1): Connection timed out",
    )
    expect(exec('wget -qO- 10.244.0.5:6379').error?.split('\n')[0]).toBe(
      'wget: error getting response',
    )
    expect(exec('wget --foo web').error?.split('\n')[0]).toBe("wget: unrecognized option '--foo'")
  })

  it('-S: the status line, and the headers only when the status is a success', () => {
    const ok = exec('wget -S -qO- web/hostname').error?.split('\n') ?? []
    expect(ok[0]).toBe('  HTTP/1.1 200 OK')
    expect(ok).toContain('  Content-Length: 5')
    const api = exec('wget -S -qO- kubernetes:443')
    expect(api.error).toBe(
      [
        '  HTTP/1.0 400 Bad Request',
        'wget: server returned error: HTTP/1.0 400 Bad Request',
        'command terminated with exit code 1',
      ].join('\n'),
    )
  })
})
