/** JSON as Go's encoding/json writes it for kubectl: map keys sorted, `<`, `>` and `&` escaped. */
import { canonicalJson } from '../../kernel/names'

/** json.Marshal of a JSON value (what kubectl stores in last-applied-configuration, minus the newline). */
export function goJson(value: unknown): string {
  return canonicalJson(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}
