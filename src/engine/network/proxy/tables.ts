/**
 * A node's nat and filter tables as `iptables-save` prints them (iptables/iptables-save.c
 * do_output): `*table`, the built-in chains with their policy and counters, the user chains in
 * alphabetical order as libiptc keeps them, every chain's rules chain by chain, then `COMMIT`.
 */

/** A rule's chain and text (an evaluated Rule, or a line of another program such as flanneld). */
export interface Line {
  chain: string
  line: string
}

export type TableName = 'nat' | 'filter'

const BUILTINS: Record<TableName, readonly string[]> = {
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
}

/** One table of a node: its chains (built-in and user) with their rules in order. */
export class Table {
  readonly chains = new Map<string, Line[]>()

  constructor(readonly name: TableName) {
    for (const chain of BUILTINS[name]) this.chains.set(chain, [])
  }

  /** Creates a user chain (EnsureChain); creating it twice changes nothing. */
  declare(chain: string): this {
    if (!this.chains.has(chain)) this.chains.set(chain, [])
    return this
  }

  /** Appends rules to their chains, creating the chains as needed. */
  append(lines: Iterable<Line>): this {
    for (const l of lines) {
      let list = this.chains.get(l.chain)
      if (!list) this.chains.set(l.chain, (list = []))
      list.push(l)
    }
    return this
  }

  /** One chain's rules, as `iptables -S CHAIN` would list them. */
  rules(chain: string): readonly Line[] | undefined {
    return this.chains.get(chain)
  }

  /** Whether a chain is built in (it has a policy) rather than created by a program. */
  isBuiltin(chain: string): boolean {
    return BUILTINS[this.name].includes(chain)
  }

  /** The chains in the kernel's order: built-in ones by hook, then the others by name. */
  chainNames(): string[] {
    const builtins = BUILTINS[this.name]
    return [...builtins, ...[...this.chains.keys()].filter((c) => !builtins.includes(c)).sort()]
  }

  /** The table as iptables-save prints it. */
  save(): string {
    const names = this.chainNames()
    const out = [`*${this.name}`]
    for (const c of names) out.push(this.isBuiltin(c) ? `:${c} ACCEPT [0:0]` : `:${c} - [0:0]`)
    for (const c of names) for (const l of this.chains.get(c) ?? []) out.push(l.line)
    out.push('COMMIT')
    return out.join('\n')
  }
}

/** The chain a rule line appends to (`-A CHAIN …`). */
export function lineOf(text: string): Line {
  return { chain: text.split(' ')[1] ?? '', line: text }
}
