/** The resource types the simulated API server serves, with the names kubectl accepts for them. */

export interface KindInfo {
  kind: string
  apiVersion: string
  group: string
  /** Plural resource name, as in URLs and `kubectl get deployments`. */
  resource: string
  singular: string
  shortNames: string[]
  namespaced: boolean
}

export const KINDS: readonly KindInfo[] = [
  {
    kind: 'Namespace',
    apiVersion: 'v1',
    group: '',
    resource: 'namespaces',
    singular: 'namespace',
    shortNames: ['ns'],
    namespaced: false,
  },
  {
    kind: 'Node',
    apiVersion: 'v1',
    group: '',
    resource: 'nodes',
    singular: 'node',
    shortNames: ['no'],
    namespaced: false,
  },
  {
    kind: 'Pod',
    apiVersion: 'v1',
    group: '',
    resource: 'pods',
    singular: 'pod',
    shortNames: ['po'],
    namespaced: true,
  },
  {
    kind: 'Service',
    apiVersion: 'v1',
    group: '',
    resource: 'services',
    singular: 'service',
    shortNames: ['svc'],
    namespaced: true,
  },
  {
    kind: 'Event',
    apiVersion: 'v1',
    group: '',
    resource: 'events',
    singular: 'event',
    shortNames: ['ev'],
    namespaced: true,
  },
  {
    kind: 'ReplicaSet',
    apiVersion: 'apps/v1',
    group: 'apps',
    resource: 'replicasets',
    singular: 'replicaset',
    shortNames: ['rs'],
    namespaced: true,
  },
  {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    group: 'apps',
    resource: 'deployments',
    singular: 'deployment',
    shortNames: ['deploy'],
    namespaced: true,
  },
  {
    kind: 'EndpointSlice',
    apiVersion: 'discovery.k8s.io/v1',
    group: 'discovery.k8s.io',
    resource: 'endpointslices',
    singular: 'endpointslice',
    shortNames: [],
    namespaced: true,
  },
]

const byKind = new Map(KINDS.map((k) => [k.kind, k]))

/** The KindInfo for a kind name such as "Deployment". */
export function kindInfo(kind: string): KindInfo | undefined {
  return byKind.get(kind)
}

/** `deployments.apps` / `pods`: how API errors name a resource (GroupResource.String()). */
export function qualifiedResource(info: KindInfo): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource
}

/** Resolves what a user typed (`deploy`, `deployments`, `deployment.apps`, `Pod`) to a kind. */
export function resolveResource(name: string): KindInfo | undefined {
  const lower = name.toLowerCase()
  const [base = '', ...groupParts] = lower.split('.')
  const group = groupParts.join('.')
  return KINDS.find(
    (k) =>
      (group === '' || group === k.group || (group === 'apps' && k.group === 'apps')) &&
      (base === k.resource ||
        base === k.singular ||
        k.shortNames.includes(base) ||
        base === k.kind.toLowerCase()),
  )
}
