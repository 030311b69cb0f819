/**
 * Manifests as kubectl reads them (k8s.io/apimachinery/pkg/util/yaml YAMLOrJSONDecoder and
 * YAMLReader, cli-runtime resource.StreamVisitor): a stream that starts with `{` is JSON, anything
 * else YAML split into documents at `---` lines, each converted on its own, so the line in
 * `error converting YAML to JSON: yaml: line N: ...` counts from the start of its own `---` part. YAML is
 * read as go-yaml v2 reads it (YAML 1.1: `yes` is true; a repeated key keeps the last value).
 * `kind: List` documents are flattened into their items.
 */
import type { Document } from 'yaml'
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml'

/** One object of a manifest, with where its document starts so that errors can point at lines. */
export interface ManifestObject {
  value: Record<string, unknown>
  /** The parsed document (YAML), to find the line of a field; undefined for JSON. */
  doc?: Document
  lineCounter?: LineCounter
  /** Absolute 1-based line of the document's first line. */
  firstLine: number
  /** The path of this object inside its document (`items[2]` of a List), for line lookups. */
  basePath: (string | number)[]
}

/** A manifest that could not be read: kubectl's message (without `error: `) and its line. */
export interface ManifestError {
  message: string
  line?: number
}

/** The objects of a manifest, those before a syntax error included (kubectl applies them). */
export interface ParsedManifest {
  objects: ManifestObject[]
  error?: ManifestError
}

/** go-yaml's words for the yaml package's error codes (approximate: the parsers differ). */
function goYamlMessage(code: string, message: string): string {
  switch (code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'mapping values are not allowed in this context'
    case 'TAB_AS_INDENT':
      return 'found character that cannot start any token'
    case 'MISSING_CHAR':
      return /quote/.test(message)
        ? 'found unexpected end of stream'
        : 'did not find expected node content'
    case 'BAD_INDENT':
      return /Flow sequence/.test(message)
        ? "did not find expected ',' or ']'"
        : /Flow map/.test(message)
          ? "did not find expected ',' or '}'"
          : 'did not find expected key'
    default:
      return message.split('\n')[0]?.replace(/^./, (c) => c.toLowerCase()) ?? message
  }
}

/** The line (1-based, within the document) go-yaml would blame. */
function goYamlLine(doc: Document, text: string, lc: LineCounter): number {
  const errors = doc.errors
  const multi = errors.find((e) => e.code === 'MULTILINE_IMPLICIT_KEY')
  const first = errors[0]
  if (!first) return 1
  // go-yaml stops at the ':' that ends a multi-line key; an unclosed quote is blamed where it opened.
  let offset = multi ? multi.pos[1] : first.pos[0]
  if (!multi && first.code === 'MISSING_CHAR' && /quote/.test(first.message)) {
    const quote = /single/.test(first.message) ? "'" : '"'
    const at = text.lastIndexOf(quote, first.pos[0] - 1)
    if (at >= 0) offset = at
  }
  return lc.linePos(offset).line
}

/** YAMLReader: documents separated by lines that start with `---` (and carry at most a comment). */
function splitDocuments(text: string): { text: string; firstLine: number }[] | ManifestError {
  const lines = text.split('\n')
  const docs: { text: string; firstLine: number }[] = []
  let current: string[] = []
  let firstLine = 1
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim()
      if (rest !== '' && !rest.startsWith('#'))
        return { message: `invalid Yaml document separator: ${rest}`, line: i + 1 }
      docs.push({ text: current.join('\n'), firstLine })
      current = []
      firstLine = i + 2
      continue
    }
    current.push(line)
  }
  docs.push({ text: current.join('\n'), firstLine })
  return docs
}

/** Flattens `kind: List` into its items (resource.FlattenListVisitor). */
function flatten(
  value: unknown,
  base: (string | number)[],
): { value: Record<string, unknown>; path: (string | number)[] }[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return []
  const obj = value as Record<string, unknown>
  if (obj.kind === 'List' && Array.isArray(obj.items))
    return obj.items.flatMap((item, i) => flatten(item, [...base, 'items', i]))
  return [{ value: obj, path: base }]
}

function parseJson(text: string, source: string): ParsedManifest {
  try {
    const value: unknown = JSON.parse(text)
    return {
      objects: flatten(value, []).map((o) => ({ value: o.value, firstLine: 1, basePath: o.path })),
    }
  } catch (e) {
    const at = /position (\d+)/.exec(String(e))
    const offset = at ? Number(at[1]) : text.length
    const line = text.slice(0, offset).split('\n').length
    const ch = text[offset]
    const why =
      ch === undefined
        ? 'unexpected EOF'
        : `invalid character '${ch}' looking for beginning of value`
    // JSONSyntaxError counts lines from 0.
    return {
      objects: [],
      error: { message: `error parsing ${source}: json: line ${line - 1}: ${why}`, line },
    }
  }
}

/** Reads a manifest stream into objects, stopping at the first document that cannot be read. */
export function parseManifest(text: string, source: string): ParsedManifest {
  if (text.trimStart().startsWith('{')) return parseJson(text, source)
  const docs = splitDocuments(text)
  if (!Array.isArray(docs))
    return { objects: [], error: { ...docs, message: `error parsing ${source}: ${docs.message}` } }
  const objects: ManifestObject[] = []
  for (const d of docs) {
    const lineCounter = new LineCounter()
    const doc = parseDocument(d.text, {
      version: '1.1',
      uniqueKeys: false,
      lineCounter,
      prettyErrors: false,
      // go-yaml v2 leaves timestamps and 1:20-style numbers as strings when decoding into JSON.
      customTags: (tags) =>
        tags.filter((t) =>
          typeof t === 'string'
            ? !['timestamp', 'intTime', 'floatTime'].includes(t)
            : t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME',
        ),
    })
    if (doc.errors.length > 0) {
      const line = goYamlLine(doc, d.text, lineCounter)
      const first = doc.errors[0]
      const why = first ? goYamlMessage(first.code, first.message) : 'invalid YAML'
      return {
        objects,
        error: {
          message: `error parsing ${source}: error converting YAML to JSON: yaml: line ${line}: ${why}`,
          line: d.firstLine + line - 1,
        },
      }
    }
    let value: unknown
    try {
      value = doc.toJS({ maxAliasCount: 100 })
    } catch (e) {
      // An alias bomb or a bad merge key: go-yaml refuses those too.
      const why = e instanceof Error ? e.message : String(e)
      return {
        objects,
        error: {
          message: `error parsing ${source}: error converting YAML to JSON: yaml: ${why}`,
          line: d.firstLine,
        },
      }
    }
    if (value === null || value === undefined) continue
    if (typeof value !== 'object' || Array.isArray(value)) {
      return {
        objects,
        error: {
          message: `unable to decode ${JSON.stringify(source)}: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type map[string]interface {}`,
          line: d.firstLine,
        },
      }
    }
    for (const o of flatten(value, []))
      objects.push({ value: o.value, doc, lineCounter, firstLine: d.firstLine, basePath: o.path })
  }
  return { objects }
}

/**
 * The absolute line of a field of a manifest object (`spec.replicas`, `spec.template.spec.containers[0].image`),
 * or of the nearest enclosing field that exists.
 */
export function lineOf(m: ManifestObject, path: readonly (string | number)[]): number | undefined {
  if (!m.doc || !m.lineCounter) return m.firstLine
  let node: unknown = m.doc.contents
  let offset: number | undefined = (node as { range?: number[] } | null)?.range?.[0]
  for (const key of [...m.basePath, ...path]) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key),
      )
      if (!pair) break
      offset = (pair.key as { range?: number[] } | null)?.range?.[0] ?? offset
      node = pair.value
    } else if (isSeq(node) && typeof key === 'number') {
      const item: unknown = node.items[key]
      if (!item) break
      offset = (item as { range?: number[] }).range?.[0] ?? offset
      node = item
    } else break
  }
  return offset === undefined ? m.firstLine : m.firstLine + m.lineCounter.linePos(offset).line - 1
}

/** Parses `spec.template.spec.containers[0].image` into ['spec', 'template', 'spec', 'containers', 0, 'image']. */
export function parseFieldPath(field: string): (string | number)[] {
  const out: (string | number)[] = []
  for (const part of field.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part)
    if (!m) {
      out.push(part)
      continue
    }
    if (m[1]) out.push(m[1])
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]))
  }
  return out
}

/** A manifest source: its name as kubectl quotes it in messages (`STDIN`, `web.yaml`) and its text. */
export interface ManifestSource {
  name: string
  text: string
}

/**
 * The sources `-f` names. `-` is the command's stdin; there is no filesystem here, so any path is
 * kubectl's `the path "x" does not exist`.
 */
export function readFilenames(
  stdin: string | undefined,
  filenames: readonly string[],
): ManifestSource[] | string {
  const out: ManifestSource[] = []
  for (const f of filenames) {
    if (f === '-') out.push({ name: 'STDIN', text: stdin ?? '' })
    else return `error: the path ${JSON.stringify(f)} does not exist`
  }
  return out
}

/** A manifest value as text: strings as they are, other values as JSON. */
const text = (v: unknown): string =>
  v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v)

/**
 * The mapper's error for a kind the API server does not serve (resource.Mapper.infoForData with a
 * meta.NoKindMatchError), as kubectl v1.34 prints it.
 */
export function mappingError(m: ManifestObject, source: string): string {
  const meta = (
    typeof m.value.metadata === 'object' && m.value.metadata !== null ? m.value.metadata : {}
  ) as Record<string, unknown>
  return `resource mapping not found for name: ${JSON.stringify(text(meta.name))} namespace: ${JSON.stringify(text(meta.namespace))} from ${JSON.stringify(source)}: no matches for kind ${JSON.stringify(text(m.value.kind))} in version ${JSON.stringify(text(m.value.apiVersion))}\nensure CRDs are installed first`
}
