/** Splits a command line into words the way a POSIX shell does for simple commands (quotes, escapes). */

export class TokenizeError extends Error {}

/** `kubectl scale "deployment/web" --replicas=3` → ['kubectl', 'scale', 'deployment/web', '--replicas=3']. */
export function tokenize(line: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  let i = 0
  while (i < line.length) {
    const ch = line[i] as string
    if (ch === "'") {
      const end = line.indexOf("'", i + 1)
      if (end === -1) throw new TokenizeError("unexpected EOF while looking for matching `''")
      word += line.slice(i + 1, end)
      inWord = true
      i = end + 1
    } else if (ch === '"') {
      i++
      inWord = true
      for (;;) {
        if (i >= line.length)
          throw new TokenizeError('unexpected EOF while looking for matching `"\'')
        const c = line[i] as string
        if (c === '"') break
        if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1] as string)) {
          word += line[i + 1]
          i += 2
          continue
        }
        word += c
        i++
      }
      i++
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[i + 1]
      inWord = true
      i += 2
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word)
      word = ''
      inWord = false
      i++
    } else if (ch === '#' && !inWord) {
      break
    } else {
      word += ch
      inWord = true
      i++
    }
  }
  if (inWord) words.push(word)
  return words
}
