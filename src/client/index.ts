/** The client layer's edge. Depends on the protocol and engine types only. */
export * from './ClusterClient'
export { workerPort } from './workerPort'
export { createLoopback } from './loopback'
export type { Loopback } from './loopback'
export { SessionManager } from './SessionManager'
export type {
  Launch,
  SessionControls,
  SessionManagerOptions,
  SessionSink,
  SpawnWorker,
  ViewBinding,
  WorkerHandle,
} from './sessionPorts'
export { browserSessionStorage, memorySessionStorage } from './sessionStorage'
export type { SessionStorage } from './sessionStorage'
export {
  decodeShareFragment,
  encodeShareFragment,
  hasShareFragment,
  sessionFromJson,
  sessionToJson,
} from './sessionCodec'
