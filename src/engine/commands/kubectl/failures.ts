/**
 * Errors as kubectl's cmdutil.CheckErr prints them (staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go):
 * one error alone gets `error: ` (API errors print as `Error from server (Reason): ...`, Invalid ones
 * as `The Deployment "web" is invalid: ...`); several print one a line, unprefixed (MultipleErrors).
 */
import type { ApiError } from '../../api/errors'
import type { CommandResult } from '../types'

/** An error as kubectl prints it alone (`single`) and inside a list of several (`listed`). */
export interface Failure {
  single: string
  listed: string
  /** The manifest line it is about, if any. */
  line?: number
}

/** A client-side error message. */
export function plain(message: string, line?: number): Failure {
  return {
    single: message.startsWith('error: ') ? message : `error: ${message}`,
    listed: message,
    ...(line !== undefined ? { line } : {}),
  }
}

/** An error line that is already in its final form (`Error from server (NotFound): ...`). */
export function asIs(message: string): Failure {
  return { single: message, listed: message }
}

/** An API error, with AddSourceToErr's `prefix` (e.g. `error when creating "STDIN"`) when given. */
export function apiFailure(e: ApiError, prefix?: string, line?: number): Failure {
  const listed = `Error from server (${e.reason}): ${prefix ? `${prefix}: ` : ''}${e.message}`
  const single = e.reason === 'Invalid' && e.details.causes?.length ? e.kubectlMessage() : listed
  return { single, listed, ...(line !== undefined ? { line } : {}) }
}

/**
 * The error text of a command: the errors met while reading its input (an aggregate) and those
 * met while acting, as CheckErr prints their aggregate.
 */
export function formatFailures(
  visit: readonly Failure[],
  acted: readonly Failure[] = [],
): { text: string; line?: number } {
  const line = [...visit, ...acted].find((f) => f.line !== undefined)?.line
  const listed = (fs: readonly Failure[]) => fs.map((f) => f.listed)
  let text: string
  if (acted.length === 0)
    text = visit.length === 1 ? (visit[0] as Failure).single : listed(visit).join('\n')
  else if (visit.length === 0)
    text = acted.length === 1 ? (acted[0] as Failure).single : listed(acted).join('\n')
  else
    text = [
      visit.length === 1 ? (visit[0] as Failure).listed : `[${listed(visit).join(', ')}]`,
      ...listed(acted),
    ].join('\n')
  return { text, ...(line !== undefined ? { line } : {}) }
}

/** A command's result: what it printed, warnings first on stderr, then its errors. */
export function result(
  out: readonly string[],
  failures: readonly Failure[],
  warnings: readonly string[] = [],
): CommandResult {
  const errors = failures.length > 0 ? formatFailures(failures) : undefined
  const stderr = [...warnings, ...(errors ? [errors.text] : [])].join('\n')
  return {
    ok: errors === undefined,
    output: out.join('\n'),
    ...(stderr ? { error: stderr } : {}),
    ...(errors?.line !== undefined ? { errorLine: errors.line } : {}),
  }
}
