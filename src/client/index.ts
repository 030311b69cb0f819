/** The client layer's edge. Depends on the protocol and engine types only. */
export * from './ClusterClient'
export { workerPort } from './workerPort'
export { createLoopback } from './loopback'
export type { Loopback } from './loopback'
