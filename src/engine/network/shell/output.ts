/** What a program run on a simulated machine gives back: its stdout, its stderr and its exit code. */
import type { HttpBackend } from './httpMessages'

export interface ToolResult {
  stdout: string
  stderr: string
  code: number
  /**
   * For an HTTP client (curl, wget): who answered, a pod's container (with its image) or a node's
   * daemon. A web page cannot say which replica served it; this does, for the UI and for tests.
   */
  backend?: HttpBackend
}

/**
 * iproute2 and BusyBox end most fields with a space (`printf("dev %s ", …)`), so their lines carry
 * trailing blanks; they are invisible, and trimming them lets a listing equal the spec's text.
 */
export function lines(text: readonly string[]): string {
  return text.map((l) => l.trimEnd()).join('\n')
}

export function stdout(text: string, code = 0): ToolResult {
  return { stdout: text, stderr: '', code }
}

export function stderr(text: string, code = 1): ToolResult {
  return { stdout: '', stderr: text, code }
}

/** iproute2's `matches(cmd, word)`: a command may be abbreviated to any prefix of its name. */
export function matches(typed: string, word: string): boolean {
  return typed.length > 0 && word.startsWith(typed)
}
