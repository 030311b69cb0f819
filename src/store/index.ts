/** The store layer's edge. Depends on the protocol, engine types and zustand. */
export * from './clusterStore'
export { podBucket } from './podIndex'
export type { RolloutSample } from './rollouts'
export * from './traceState'
export * from './sessionSlice'
