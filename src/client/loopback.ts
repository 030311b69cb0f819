/**
 * An in-process pair of ports for tests: messages are copied through JSON, as structured clone
 * would copy them between threads, and delivered in order without re-entering the sender.
 */
import type { ClientMessage, ClientPort, HostPort, WorkerMessage } from '../protocol'

export interface Loopback {
  client: ClientPort
  host: HostPort
  /** Every message that crossed, in order, for assertions. */
  log: { from: 'client' | 'host'; message: ClientMessage | WorkerMessage }[]
}

export function createLoopback(): Loopback {
  const clientHandlers = new Set<(m: WorkerMessage) => void>()
  const hostHandlers = new Set<(m: ClientMessage) => void>()
  const queue: (() => void)[] = []
  let draining = false
  const log: Loopback['log'] = []

  function deliver(fn: () => void): void {
    queue.push(fn)
    if (draining) return
    draining = true
    try {
      while (queue.length > 0) queue.shift()?.()
    } finally {
      draining = false
    }
  }

  return {
    log,
    client: {
      post(message) {
        const copy = JSON.parse(JSON.stringify(message)) as ClientMessage
        log.push({ from: 'client', message: copy })
        deliver(() => hostHandlers.forEach((h) => h(copy)))
      },
      listen(handler) {
        clientHandlers.add(handler)
        return () => clientHandlers.delete(handler)
      },
    },
    host: {
      post(message) {
        const copy = JSON.parse(JSON.stringify(message)) as WorkerMessage
        log.push({ from: 'host', message: copy })
        deliver(() => clientHandlers.forEach((h) => h(copy)))
      },
      listen(handler) {
        hostHandlers.add(handler)
        return () => hostHandlers.delete(handler)
      },
    },
  }
}
