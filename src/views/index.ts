/** The views layer's edge. Depends on the store, the client interface and protocol/engine types. */
export { App } from './App'
export { ClientContext, StoreContext } from './AppContext'
export { SessionContext } from './SessionContext'
export { preferredLanguage } from './i18n/translate'
