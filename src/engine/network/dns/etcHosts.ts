/**
 * The kubelet-managed /etc/hosts of a pod (pkg/kubelet/kubelet_pods.go managedHostsFileContent)
 * and the hostname it gets (GeneratePodHostNameAndDomain).
 */
import type { Pod } from '../../model/pod'
import { CLUSTER_DOMAIN } from './resolvConf'

/** utilvalidation.DNS1123LabelMaxLength: a longer hostname is cut (truncatePodHostnameIfNeeded). */
const MAX_HOSTNAME = 63

/** spec.hostname, else the pod's name; at most 63 characters, not ending in `-` or `.`. */
export function podHostname(pod: Pod): string {
  const name = pod.spec.hostname || pod.metadata.name
  return name.length <= MAX_HOSTNAME ? name : name.slice(0, MAX_HOSTNAME).replace(/[-.]+$/, '')
}

/** `<subdomain>.<ns>.svc.cluster.local` when the pod has a subdomain, else empty. */
export function podHostDomain(pod: Pod): string {
  const sub = pod.spec.subdomain
  return sub ? `${sub}.${pod.metadata.namespace ?? 'default'}.svc.${CLUSTER_DOMAIN}` : ''
}

/**
 * The managed hosts file: localhost lines, then the pod's IPs with its hostname (fully qualified
 * first when it has a subdomain). Not for host-network pods, which get the node's file.
 */
export function podEtcHosts(pod: Pod): string {
  const hostname = podHostname(pod)
  const domain = podHostDomain(pod)
  const ips = pod.status.podIPs?.map((p) => p.ip) ?? (pod.status.podIP ? [pod.status.podIP] : [])
  return [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
    ...ips.map((ip) =>
      domain ? `${ip}\t${hostname}.${domain}\t${hostname}` : `${ip}\t${hostname}`,
    ),
  ].join('\n')
}
