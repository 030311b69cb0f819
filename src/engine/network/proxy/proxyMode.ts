/** Switching kube-proxy's mode: it restarts on every node and programs the other mode's state. */
import type { NetworkFacts, ProxyMode } from '../../model/network/facts'

/** Sets --proxy-mode for every node; returns false when it already was. */
export function setProxyMode(facts: NetworkFacts, mode: ProxyMode): boolean {
  if (facts.proxyMode === mode) return false
  facts.proxyMode = mode
  facts.rev++
  return true
}
