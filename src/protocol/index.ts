/** The protocol layer's edge: message types and the version. Depends on engine types only. */
export * from './messages'
export * from './session'
