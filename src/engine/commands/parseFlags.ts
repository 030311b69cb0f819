/**
 * Flag parsing as cobra/pflag does it for kubectl: `--name=value`, `--name value`, `-n value`,
 * `-nvalue`, boolean flags, `--` ending flags, and cobra's messages for unknown flags.
 */

export interface FlagSpec {
  name: string
  short?: string
  type: 'string' | 'int' | 'bool' | 'stringArray'
  default?: string | number | boolean
}

export interface ParsedFlags {
  flags: Record<string, string | number | boolean | string[]>
  args: string[]
  /** Words after a bare `--`. */
  rest: string[]
}

export class FlagError extends Error {}

const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'help', short: 'h', type: 'bool' },
]

export function parseFlags(
  words: readonly string[],
  specs: readonly FlagSpec[],
  commandPath: string,
): ParsedFlags {
  const all = [...specs, ...GLOBAL_FLAGS]
  const byName = new Map(all.map((s) => [s.name, s]))
  const byShort = new Map(all.filter((s) => s.short).map((s) => [s.short as string, s]))
  const flags: ParsedFlags['flags'] = {}
  for (const s of all) if (s.default !== undefined) flags[s.name] = s.default
  const args: string[] = []
  const rest: string[] = []
  const usage = `\nSee '${commandPath} --help' for usage.`

  const set = (spec: FlagSpec, raw: string, shown: string) => {
    if (spec.type === 'int') {
      if (!/^[-+]?\d+$/.test(raw))
        throw new FlagError(
          `invalid argument ${JSON.stringify(raw)} for "${shown}" flag: strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax${usage}`,
        )
      flags[spec.name] = Number(raw)
    } else if (spec.type === 'bool') {
      if (!['true', 'false', '1', '0', 't', 'f', 'TRUE', 'FALSE', 'True', 'False'].includes(raw)) {
        throw new FlagError(
          `invalid argument ${JSON.stringify(raw)} for "${shown}" flag: strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax${usage}`,
        )
      }
      flags[spec.name] = ['true', '1', 't', 'TRUE', 'True'].includes(raw)
    } else if (spec.type === 'stringArray') {
      flags[spec.name] = [...((flags[spec.name] as string[] | undefined) ?? []), raw]
    } else {
      flags[spec.name] = raw
    }
  }

  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string
    if (w === '--') {
      rest.push(...words.slice(i + 1))
      break
    }
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=')
      const name = eq === -1 ? w.slice(2) : w.slice(2, eq)
      const spec = byName.get(name)
      if (!spec) throw new FlagError(`unknown flag: --${name}${usage}`)
      const shown = `${spec.short ? `-${spec.short}, ` : ''}--${spec.name}`
      if (eq !== -1) set(spec, w.slice(eq + 1), shown)
      else if (spec.type === 'bool') flags[spec.name] = true
      else if (i + 1 < words.length) set(spec, words[++i] as string, shown)
      else throw new FlagError(`flag needs an argument: --${name}${usage}`)
    } else if (w.startsWith('-') && w.length > 1 && !/^-\d/.test(w)) {
      const short = w[1] as string
      const spec = byShort.get(short)
      if (!spec) throw new FlagError(`unknown shorthand flag: '${short}' in ${w}${usage}`)
      const shown = `-${spec.short}, --${spec.name}`
      const inline = w.slice(2).replace(/^=/, '')
      if (spec.type === 'bool')
        flags[spec.name] =
          inline === '' ? true : (set(spec, inline, shown), flags[spec.name] as boolean)
      else if (inline !== '') set(spec, inline, shown)
      else if (i + 1 < words.length) set(spec, words[++i] as string, shown)
      else throw new FlagError(`flag needs an argument: '${short}' in -${short}${usage}`)
    } else {
      args.push(w)
    }
  }
  return { flags, args, rest }
}
