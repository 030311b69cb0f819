/**
 * API errors shaped like metav1.Status (apimachinery/pkg/api/errors) and field errors like
 * apimachinery/pkg/util/validation/field, with the messages kubectl prints for them.
 */
import { kindInfo, qualifiedResource } from './kinds'

export type FieldErrorType =
  | 'Invalid value'
  | 'Required value'
  | 'Unsupported value'
  | 'Forbidden'
  | 'Duplicate value'
  | 'Too long'
  | 'Too many'
  | 'Not found'

/** One field.Error: which field, what is wrong, and the offending value. */
export interface FieldError {
  type: FieldErrorType
  field: string
  badValue?: unknown
  detail?: string
  supported?: string[]
}

/** Go's `%#v` of a map[string]string, as field errors print label maps. */
export function goMapLiteral(map: Record<string, string> | undefined): string {
  const entries = Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `map[string]string{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(', ')}}`
}

/** A value printed the way field.Error.ErrorBody prints it. */
function formatBadValue(value: unknown): string {
  if (value === undefined || value === null) return 'null'
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (typeof value === 'object' && value !== null && 'goLiteral' in value)
    return String((value as { goLiteral: string }).goLiteral)
  return JSON.stringify(value)
}

/** field.Error.Error(): `spec.replicas: Invalid value: -1: must be greater than or equal to 0`. */
export function formatFieldError(e: FieldError): string {
  let body: string
  switch (e.type) {
    case 'Required value':
    case 'Forbidden':
    case 'Too long':
      body = e.type
      break
    case 'Unsupported value':
      body = `${e.type}: ${formatBadValue(e.badValue)}`
      if (e.supported)
        e = {
          ...e,
          detail: `supported values: ${e.supported.map((s) => JSON.stringify(s)).join(', ')}`,
        }
      break
    default:
      body = `${e.type}: ${formatBadValue(e.badValue)}`
  }
  if (e.detail) body += `: ${e.detail}`
  return `${e.field}: ${body}`
}

export type StatusReason =
  | 'Invalid'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'BadRequest'
  | 'Forbidden'
  | 'InternalError'

/** An API server refusal: a metav1.Status with a reason, details and causes. */
export class ApiError extends Error {
  constructor(
    readonly reason: StatusReason,
    message: string,
    readonly details: { kind?: string; group?: string; name?: string; causes?: FieldError[] } = {},
  ) {
    super(message)
    this.name = 'ApiError'
  }

  /** What kubectl prints for this error (cmdutil.CheckErr / StandardErrorMessage). */
  kubectlMessage(): string {
    if (this.reason === 'Invalid' && this.details.causes && this.details.causes.length > 0) {
      const prefix = `The ${this.details.kind ?? 'request'} ${JSON.stringify(this.details.name ?? '')} is invalid: `
      const causes = this.details.causes.map(formatFieldError)
      return causes.length === 1
        ? `${prefix}${causes[0]}`
        : `${prefix}\n${causes.map((c) => `* ${c}`).join('\n')}`
    }
    return `Error from server (${this.reason}): ${this.message}`
  }
}

/** errors.NewInvalid: `Deployment.apps "web" is invalid: <causes>`. */
export function invalidError(kind: string, name: string, causes: FieldError[]): ApiError {
  const info = kindInfo(kind)
  const qualifiedKind = info?.group ? `${kind}.${info.group}` : kind
  const joined = causes.map(formatFieldError)
  const aggregate = joined.length === 1 ? joined[0] : `[${joined.join(', ')}]`
  return new ApiError(
    'Invalid',
    `${qualifiedKind} ${JSON.stringify(name)} is invalid: ${aggregate}`,
    {
      kind,
      group: info?.group ?? '',
      name,
      causes,
    },
  )
}

/** Go's `%#v` of a []string, as field errors print clusterIPs: `[]string{"10.96.0.10"}`. */
export function goStringSlice(list: readonly string[] | undefined): { goLiteral: string } {
  return {
    goLiteral: list
      ? `[]string{${list.map((s) => JSON.stringify(s)).join(', ')}}`
      : '[]string(nil)',
  }
}

/** errors.NewInternalError: `Internal error occurred: <err>`. */
export function internalError(err: string): ApiError {
  return new ApiError('InternalError', `Internal error occurred: ${err}`)
}

/** errors.NewNotFound: `deployments.apps "web" not found`. */
export function notFoundError(kind: string, name: string): ApiError {
  const info = kindInfo(kind)
  const resource = info ? qualifiedResource(info) : kind.toLowerCase()
  return new ApiError('NotFound', `${resource} ${JSON.stringify(name)} not found`, { kind, name })
}

/** errors.NewAlreadyExists: `deployments.apps "web" already exists`. */
export function alreadyExistsError(kind: string, name: string): ApiError {
  const info = kindInfo(kind)
  const resource = info ? qualifiedResource(info) : kind.toLowerCase()
  return new ApiError('AlreadyExists', `${resource} ${JSON.stringify(name)} already exists`, {
    kind,
    name,
  })
}

/** errors.NewConflict for a stale resourceVersion. */
export function conflictError(kind: string, name: string): ApiError {
  const info = kindInfo(kind)
  const resource = info ? qualifiedResource(info) : kind.toLowerCase()
  return new ApiError(
    'Conflict',
    `Operation cannot be fulfilled on ${resource} ${JSON.stringify(name)}: the object has been modified; please apply your changes to the latest version and try again`,
    { kind, name },
  )
}
