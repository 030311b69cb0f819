/**
 * Parses a simulator script: the small, shell-like subset that lets the same file be replayed
 * against a real cluster with `sh`. Lines are kubectl (or `sim`) commands, `sleep DURATION`,
 * `echo ...`, `set -e|+e|-x|+x`, `# comments` and blank lines; a trailing `\` continues a line;
 * `a && b || c` lists run as sh runs them; a here-document (`kubectl apply -f - <<'EOF'` ...
 * `EOF`, or `cat <<EOF | kubectl apply -f -`) becomes the command's stdin. Pipes, redirections,
 * `;`, background jobs and substitutions are refused.
 */
import { parseDurationMs } from '../commands/duration'
import { TokenizeError, tokenize } from '../commands/tokenize'

interface StepBase {
  /** 1-based line of the script where the step starts. */
  line: number
  /** The step's text as written (continuations joined, here-document body left out). */
  text: string
}

/** A step that runs one thing. */
export type SimpleStep =
  | (StepBase & { kind: 'command'; command: string; stdin?: string })
  | (StepBase & { kind: 'sleep'; durationMs: number })
  | (StepBase & { kind: 'echo'; output: string })
  | (StepBase & { kind: 'set'; errexit?: boolean; xtrace?: boolean })
  /** A line the runner cannot run; it fails when reached, as a shell fails a bad line. */
  | (StepBase & { kind: 'invalid'; error: string })

/** One command of an AND-OR list and the operator before it (none for the first). */
export interface ListItem {
  op?: '&&' | '||'
  step: SimpleStep
}

/** One step of a script, in the order it runs: a simple step or an AND-OR list (`a || b`). */
export type ScriptStep = SimpleStep | (StepBase & { kind: 'list'; items: ListItem[] })

/** The shell operators the runner does not implement, by the character that starts them. */
const UNSUPPORTED: Record<string, string> = {
  '|': 'pipes',
  ';': 'command lists',
  '&': 'background jobs',
  '>': 'redirections',
  '<': 'redirections',
  '`': 'command substitution',
  $: 'parameter expansion and command substitution',
  '(': 'subshells',
  ')': 'subshells',
}

/** An unquoted operator character on a line, where it stands. */
interface Operator {
  char: string
  index: number
}

/**
 * The unquoted operator characters of a line and where an unquoted `#` comment starts, scanning
 * quotes and backslashes the way sh does; `unterminated` when a quote is left open.
 */
function scanLine(line: string): { operators: Operator[]; unterminated: boolean; end: number } {
  const operators: Operator[] = []
  let i = 0
  let wordStart = true
  while (i < line.length) {
    const ch = line[i] as string
    if (ch === "'") {
      const close = line.indexOf("'", i + 1)
      if (close === -1) return { operators, unterminated: true, end: line.length }
      i = close + 1
      wordStart = false
    } else if (ch === '"') {
      i++
      while (i < line.length && line[i] !== '"') i += line[i] === '\\' ? 2 : 1
      if (i >= line.length) return { operators, unterminated: true, end: line.length }
      i++
      wordStart = false
    } else if (ch === '\\') {
      i += 2
      wordStart = false
    } else if (/\s/.test(ch)) {
      i++
      wordStart = true
    } else if (ch === '#' && wordStart) {
      return { operators, unterminated: false, end: i }
    } else {
      // `$` only expands before a name, `{` or `(`; a lone `$` is an ordinary character.
      if (ch in UNSUPPORTED && (ch !== '$' || /[A-Za-z_{(0-9?#@*!-]/.test(line[i + 1] ?? '')))
        operators.push({ char: ch, index: i })
      i++
      wordStart = '|&;<>()'.includes(ch)
    }
  }
  return { operators, unterminated: false, end: line.length }
}

/** A here-document operator: `<<WORD`, `<<'WORD'`, `<<"WORD"` or `<<-WORD` (tabs stripped). */
interface HereDoc {
  start: number
  end: number
  delimiter: string
  stripTabs: boolean
}

function findHereDoc(line: string, operators: readonly Operator[]): HereDoc | undefined {
  const first = operators.find((op) => op.char === '<')
  if (!first || line[first.index + 1] !== '<' || line[first.index + 2] === '<') return undefined
  const match = /^<<(-?)[ \t]*(?:'([^']+)'|"([^"]+)"|\\?([A-Za-z0-9_.-]+))/.exec(
    line.slice(first.index),
  )
  if (!match) return undefined
  return {
    start: first.index,
    end: first.index + match[0].length,
    delimiter: match[2] ?? match[3] ?? match[4] ?? '',
    stripTabs: match[1] === '-',
  }
}

/** The lines of a script with continuations joined: each logical line and the line it starts on. */
function joinContinuations(
  lines: readonly string[],
  from: number,
): { text: string; next: number } | undefined {
  if (from >= lines.length) return undefined
  let text = lines[from] as string
  let next = from + 1
  while (/(^|[^\\])(\\\\)*\\$/.test(text) && next < lines.length) {
    text = text.slice(0, -1) + (lines[next] as string)
    next++
  }
  return { text, next }
}

function invalid(line: number, text: string, error: string): SimpleStep {
  return { kind: 'invalid', line, text, error }
}

/** sleep's arguments: GNU sleep adds them up; each is seconds or a Go-style duration. */
function parseSleep(line: number, text: string, args: readonly string[]): SimpleStep {
  if (args.length === 0) return invalid(line, text, 'sleep: missing operand')
  let total = 0
  for (const arg of args) {
    const ms = parseDurationMs(arg)
    if (ms === undefined) return invalid(line, text, `sleep: invalid time interval '${arg}'`)
    total += ms
  }
  return { kind: 'sleep', line, text, durationMs: total }
}

function parseSet(line: number, text: string, args: readonly string[]): SimpleStep {
  const step: SimpleStep = { kind: 'set', line, text }
  for (const arg of args) {
    const on = arg.startsWith('-')
    if (!/^[-+][ex]+$/.test(arg))
      return invalid(line, text, `set: ${arg}: only set -e, +e, -x and +x are supported`)
    for (const flag of arg.slice(1)) {
      if (flag === 'e') step.errexit = on
      else step.xtrace = on
    }
  }
  return step
}

/** One simple command (no operators left) as a step. */
function parseSimple(line: number, text: string, stdin: string | undefined): SimpleStep {
  let words: string[]
  try {
    words = tokenize(text)
  } catch (e) {
    return invalid(line, text, e instanceof TokenizeError ? e.message : String(e))
  }
  const [program, ...args] = words
  if (program === 'sleep') return parseSleep(line, text, args)
  if (program === 'echo') return { kind: 'echo', line, text, output: args.join(' ') }
  if (program === 'set') return parseSet(line, text, args)
  return { kind: 'command', line, text, command: text, ...(stdin !== undefined ? { stdin } : {}) }
}

/**
 * Turns one logical line (here-document already cut out; `stdinAt` is where its operator stood)
 * into a step: a simple command, or an AND-OR list of them (`a && b || c`).
 */
function parseLine(
  line: number,
  lineText: string,
  stdin: string | undefined,
  stdinAt = 0,
): ScriptStep {
  let text = lineText
  let ops = scanLine(text).operators
  // `cat <<EOF | kubectl apply -f -`, the form the Kubernetes docs use, is the same as `<<EOF`.
  const pipe = ops.length === 1 && ops[0]?.char === '|' ? ops[0] : undefined
  if (pipe && stdin !== undefined && text.slice(0, pipe.index).trim() === 'cat') {
    text = text.slice(pipe.index + 1).trim()
    ops = []
  }
  // `&&` and `||` separate the commands of a list; any other operator is refused.
  const separators: { index: number; op: '&&' | '||' }[] = []
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k] as Operator
    const next = ops[k + 1]
    const isPair =
      (op.char === '&' || op.char === '|') &&
      next?.char === op.char &&
      next.index === op.index + 1 &&
      ops[k + 2]?.index !== op.index + 2
    if (!isPair) {
      const what = UNSUPPORTED[op.char] ?? 'this syntax'
      return invalid(
        line,
        text,
        `unsupported shell syntax near '${op.char}': the script runner has no ${what}`,
      )
    }
    separators.push({ index: op.index, op: op.char === '&' ? '&&' : '||' })
    k++
  }
  if (separators.length === 0) return parseSimple(line, text, stdin)
  const items: ListItem[] = []
  let from = 0
  for (let k = 0; k <= separators.length; k++) {
    const sep = separators[k]
    const to = sep ? sep.index : text.length
    const segment = text.slice(from, to).trim()
    if (segment === '')
      return invalid(
        line,
        text,
        `syntax error near unexpected token '${sep?.op ?? separators[k - 1]?.op ?? ''}'`,
      )
    // A here-document belongs to the command whose line held its `<<`.
    const mine = stdin !== undefined && stdinAt >= from && stdinAt <= to ? stdin : undefined
    const step = parseSimple(line, segment, mine)
    if (step.kind === 'invalid') return { ...step, text }
    const previous = separators[k - 1]
    items.push(previous ? { op: previous.op, step } : { step })
    from = to + 2
  }
  return { kind: 'list', line, text, items }
}

/** Splits a script into the steps it runs; lines it cannot run become `invalid` steps. */
export function parseScript(script: string): ScriptStep[] {
  const lines = script.replace(/\r\n?/g, '\n').split('\n')
  if (lines.at(-1) === '') lines.pop()
  const steps: ScriptStep[] = []
  let index = 0
  for (;;) {
    const logical = joinContinuations(lines, index)
    if (!logical) break
    const lineNo = index + 1
    index = logical.next
    const scan = scanLine(logical.text)
    const text = logical.text.slice(0, scan.end).trim()
    if (scan.unterminated) {
      steps.push(invalid(lineNo, text, 'unexpected EOF while looking for matching quote'))
      continue
    }
    if (text === '') continue
    const hereDoc = findHereDoc(logical.text, scan.operators)
    if (!hereDoc) {
      steps.push(parseLine(lineNo, text, undefined))
      continue
    }
    // The here-document body: every line up to the delimiter, each with its newline.
    const body: string[] = []
    let closed = false
    while (index < lines.length) {
      let bodyLine = lines[index++] as string
      if (hereDoc.stripTabs) bodyLine = bodyLine.replace(/^\t+/, '')
      if (bodyLine === hereDoc.delimiter) {
        closed = true
        break
      }
      body.push(bodyLine + '\n')
    }
    const rest = logical.text.slice(0, hereDoc.start) + logical.text.slice(hereDoc.end)
    const restScan = scanLine(rest)
    const restText = rest.slice(0, restScan.end).trim()
    const stdinAt = hereDoc.start - (rest.length - rest.trimStart().length)
    if (!closed) {
      steps.push(
        invalid(
          lineNo,
          restText,
          `here-document at line ${lineNo} delimited by end-of-file (wanted '${hereDoc.delimiter}')`,
        ),
      )
      continue
    }
    steps.push(parseLine(lineNo, restText, body.join(''), stdinAt))
  }
  return steps
}
