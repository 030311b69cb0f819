/**
 * The words the kubectl console can complete: the verbs this simulator implements and the resource
 * names kubectl accepts. Pure data, shared by the command parser's tests and the console.
 */

export const KUBECTL_VERB_NAMES = [
  'annotate',
  'apply',
  'create',
  'delete',
  'describe',
  'exec',
  'expose',
  'get',
  'label',
  'patch',
  'rollout',
  'scale',
  'set',
] as const

/** Sub-commands of the verbs that have them. */
export const KUBECTL_SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = {
  rollout: ['history', 'pause', 'restart', 'resume', 'status', 'undo'],
  set: ['image'],
  create: ['deployment', 'namespace', 'service'],
}

/** Resource types as a user types them, with the kind each names. */
export const RESOURCE_WORDS: Readonly<Record<string, string>> = {
  pods: 'Pod',
  pod: 'Pod',
  po: 'Pod',
  deployments: 'Deployment',
  deployment: 'Deployment',
  deploy: 'Deployment',
  replicasets: 'ReplicaSet',
  replicaset: 'ReplicaSet',
  rs: 'ReplicaSet',
  nodes: 'Node',
  node: 'Node',
  no: 'Node',
  namespaces: 'Namespace',
  namespace: 'Namespace',
  ns: 'Namespace',
  services: 'Service',
  service: 'Service',
  svc: 'Service',
  endpointslices: 'EndpointSlice',
  endpointslice: 'EndpointSlice',
  events: 'Event',
  event: 'Event',
  ev: 'Event',
}
