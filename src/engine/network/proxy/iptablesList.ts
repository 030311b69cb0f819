/**
 * `iptables -L` lines from iptables-save lines, as iptables.c print_firewall lays them out: target,
 * protocol, options, source and destination in columns, then each match's and the target's own
 * words (libxt_comment `/* … *\/`, libxt_tcp `tcp dpt:80`, libxt_addrtype, libxt_mark, …).
 */

/** Splits a rule line into words, keeping a quoted comment whole. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '')
}

const pad = (s: string, n: number) => s.padEnd(n)

/** What one `-m NAME options…` prints in a listing (each extension's print function). */
function matchText(name: string, opts: string[]): string {
  const not = opts[0] === '!'
  const rest = not ? opts.slice(1) : opts
  const bang = not ? '! ' : ''
  const value = (flag: string) => rest[rest.indexOf(flag) + 1] ?? ''
  switch (name) {
    case 'comment':
      return `/* ${value('--comment')} */`
    case 'tcp':
    case 'udp':
    case 'sctp':
      return rest.includes('--dport') ? `${name} dpt:${value('--dport')}` : name
    case 'addrtype':
      return `ADDRTYPE match ${(rest[0] ?? '').slice(2)} ${not ? '!' : ''}${rest[1] ?? ''}`
    case 'mark':
      return `mark match ${bang}${value('--mark')}`
    case 'conntrack':
      return `${bang}ctstate ${value('--ctstate')}`
    case 'statistic':
      return `statistic mode random probability ${value('--probability')}`
    case 'recent': {
      const what = rest.includes('--set') ? 'SET' : `CHECK seconds: ${value('--seconds')} reap`
      return `recent: ${what} name: ${value('--name')} side: source mask: 255.255.255.255`
    }
    case 'set':
      return `${bang}match-set ${value('--match-set')} ${rest[2] ?? ''}`
    case 'physdev':
      return `PHYSDEV match ${bang}--physdev-is-in`
    default:
      return name
  }
}

function targetText(target: string, opts: string[]): string {
  switch (target) {
    case 'DNAT':
      return `to:${opts[1] ?? ''}`
    case 'MARK':
      return `MARK ${(opts[0] ?? '').slice(2, -5)} ${opts[1] ?? ''}`
    case 'MASQUERADE':
      return opts.includes('--random-fully') ? 'random-fully' : ''
    case 'REJECT':
      return 'reject-with icmp-port-unreachable'
    default:
      return ''
  }
}

/** One rule as `iptables -L` prints it (`numeric`: -n; without it 0.0.0.0/0 reads "anywhere"). */
export function listRule(line: string, numeric: boolean): string {
  const w = words(line).slice(2)
  const addr = { s: '0.0.0.0/0', d: '0.0.0.0/0' }
  const inv = { s: ' ', d: ' ' }
  let proto = 'all'
  let target = ''
  const extras: string[] = []
  for (let i = 0; i < w.length; i++) {
    const not = w[i] === '!' && (w[i + 1] === '-s' || w[i + 1] === '-d')
    const flag = not ? (w[++i] as string) : (w[i] as string)
    if (flag === '-s' || flag === '-d') {
      const side = flag === '-s' ? 's' : 'd'
      addr[side] = (w[++i] ?? '').replace(/\/32$/, '')
      inv[side] = not ? '!' : ' '
    } else if (flag === '-p') proto = w[++i] ?? ''
    else if (flag === '-m' || flag === '-j') {
      const name = w[++i] ?? ''
      const opts: string[] = []
      while (i + 1 < w.length && w[i + 1] !== '-m' && w[i + 1] !== '-j') opts.push(w[++i] as string)
      if (flag === '-j') target = name
      extras.push(flag === '-j' ? targetText(name, opts) : matchText(name, opts))
    }
  }
  const show = (a: string) => (!numeric && a === '0.0.0.0/0' ? 'anywhere' : a)
  const columns =
    `${pad(target, 9)}  ${pad(proto, 5)}-- ` +
    `${inv.s}${pad(show(addr.s), 19)} ${inv.d}${pad(show(addr.d), 19)} `
  return (
    columns +
    extras
      .filter((e) => e)
      .map((e) => ` ${e}`)
      .join('')
  )
}
