/**
 * What the API server does per kind: defaulting, the registry's hooks around allocation, validation,
 * which fields bump metadata.generation, the status subresource, and the initial status
 * (each kind's strategy in pkg/registry and its validation in pkg/apis).
 */
import type { Deployment, ReplicaSet } from '../model/apps'
import type { EndpointSlice } from '../model/endpointSlice'
import type { KubeObject } from '../model/meta'
import type { Pod } from '../model/pod'
import type { Service } from '../model/service'
import { deepEqual } from '../kernel/json'
import { defaultDeployment, defaultPod, defaultReplicaSet } from './defaults'
import type { FieldError } from './errors'
import { goMapLiteral } from './errors'
import type { ServiceAllocations } from './service/allocators'
import {
  defaultEndpointSlice,
  defaultService,
  initialServiceStatus,
} from './service/serviceDefaults'
import { beginCreate, beginUpdate } from './service/serviceStorage'
import { validateDeployment, validateReplicaSet } from './validation/apps'
import { validateEndpointSlice } from './validation/endpointSlice'
import { isDNS1123Label, isDNS1123Subdomain } from './validation/names'
import { validateLabels, validateObjectName } from './validation/meta'
import { validatePod } from './validation/pod'
import { validateService } from './validation/service'

/** One kind's rules. */
export interface KindRules {
  defaults: (o: KubeObject) => KubeObject
  /** BeginCreate: registry work between defaulting and validation (Service IP and port allocation). */
  beginCreate?: (o: KubeObject, alloc: ServiceAllocations) => KubeObject
  /** BeginUpdate plus the strategy's PrepareForUpdate. */
  beginUpdate?: (o: KubeObject, old: KubeObject, alloc: ServiceAllocations) => KubeObject
  /** Validation; `old` is the stored object on an update. */
  validate: (o: KubeObject, old?: KubeObject) => FieldError[]
  /** Kinds whose spec changes bump metadata.generation. */
  generation: boolean
  /** What counts as a change for generation when not the spec (EndpointSlices have none). */
  generationOf?: (o: KubeObject) => unknown
  /** Kinds with a status subresource: update() keeps the stored status. */
  statusSubresource: boolean
  /** The status a new object starts with (PrepareForCreate); undefined keeps what the client sent. */
  initialStatus?: (o: KubeObject) => unknown
}

const identity = (o: KubeObject) => o

/** The rules of every kind the API server accepts writes for. */
export const RULES: Record<string, KindRules> = {
  Namespace: {
    defaults: (o) => ({ ...o, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }),
    validate: (o) => [
      ...validateObjectName(o.metadata, isDNS1123Label),
      ...validateLabels(o.metadata.labels, 'metadata.labels'),
    ],
    generation: false,
    statusSubresource: true,
  },
  Node: {
    // Nodes, unlike most kinds, may be created with their status (the kubelet registers that way).
    defaults: identity,
    validate: (o) => [
      ...validateObjectName(o.metadata, isDNS1123Subdomain),
      ...validateLabels(o.metadata.labels, 'metadata.labels'),
    ],
    generation: false,
    statusSubresource: true,
  },
  Pod: {
    defaults: (o) => defaultPod(o as Pod),
    validate: (o) => validatePod(o as Pod),
    generation: false,
    statusSubresource: true,
    initialStatus: (o) => ({ phase: 'Pending', qosClass: (o as Pod).status.qosClass }),
  },
  ReplicaSet: {
    defaults: (o) => defaultReplicaSet(o as ReplicaSet),
    validate: (o) => validateReplicaSet(o as ReplicaSet),
    generation: true,
    statusSubresource: true,
    initialStatus: () => ({ replicas: 0 }),
  },
  Deployment: {
    defaults: (o) => defaultDeployment(o as Deployment),
    validate: (o) => validateDeployment(o as Deployment),
    generation: true,
    statusSubresource: true,
    initialStatus: () => ({}),
  },
  Service: {
    defaults: (o) => defaultService(o as Service),
    beginCreate: (o, alloc) => beginCreate(o as Service, alloc),
    beginUpdate: (o, old, alloc) => beginUpdate(o as Service, old as Service, alloc),
    validate: (o, old) => validateService(o as Service, old as Service | undefined),
    generation: false,
    statusSubresource: true,
    initialStatus: initialServiceStatus,
  },
  EndpointSlice: {
    defaults: (o) => defaultEndpointSlice(o as EndpointSlice),
    validate: (o) => validateEndpointSlice(o as EndpointSlice),
    // The EndpointSlice strategy bumps generation when anything but metadata, or the labels, change.
    generation: true,
    generationOf: (o) => {
      const s = o as EndpointSlice
      return [s.addressType, s.endpoints, s.ports, s.metadata.labels]
    },
    statusSubresource: false,
  },
}

/** Fields an update may not change (ValidateDeploymentUpdate / ValidateReplicaSetUpdate / pods). */
export function validateImmutable(old: KubeObject, next: KubeObject): FieldError[] {
  const errs: FieldError[] = []
  if (old.kind === 'Deployment' || old.kind === 'ReplicaSet') {
    const a = (old as Deployment).spec.selector
    const b = (next as Deployment).spec.selector
    if (!deepEqual(a, b)) {
      errs.push({
        type: 'Invalid value',
        field: 'spec.selector',
        badValue: {
          goLiteral: `v1.LabelSelector{MatchLabels:${goMapLiteral(b?.matchLabels)}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`,
        },
        detail: 'field is immutable',
      })
    }
  }
  if (old.kind === 'Pod') {
    const a = (old as Pod).spec
    const b = (next as Pod).spec
    const mutable = (s: Pod['spec']) => ({
      ...s,
      containers: s.containers.map((c) => ({ ...c, image: '' })),
      activeDeadlineSeconds: undefined,
      tolerations: undefined,
    })
    if (!deepEqual(mutable(a), mutable(b))) {
      errs.push({
        type: 'Forbidden',
        field: 'spec',
        detail:
          'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
      })
    }
  }
  return errs
}
