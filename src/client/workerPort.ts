/** A ClientPort over a real Web Worker. */
import type { ClientMessage, ClientPort, WorkerMessage } from '../protocol'

export function workerPort(worker: Worker, onCrash: (message: string) => void): ClientPort {
  worker.addEventListener('error', (e) => onCrash(e.message || 'the simulation worker crashed'))
  worker.addEventListener('messageerror', () =>
    onCrash('a message from the simulation worker could not be read'),
  )
  return {
    post: (message: ClientMessage) => worker.postMessage(message),
    listen(handler) {
      const listener = (e: MessageEvent<WorkerMessage>) => handler(e.data)
      worker.addEventListener('message', listener)
      return () => worker.removeEventListener('message', listener)
    },
  }
}
