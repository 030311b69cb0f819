/** Go-style durations as the sim verbs and `sleep` take them: 500ms, 30s, 2m, 1h30m, or plain seconds. */
export function parseDurationMs(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000)
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy
  let total = 0
  let matched = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(text))) {
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h']
    total += Number(m[1]) * unit
    matched = re.lastIndex
  }
  return matched === text.length && text.length > 0 ? Math.round(total) : undefined
}
