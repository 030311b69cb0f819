/**
 * kubectl's table layout: text/tabwriter as printers.GetNewTabWriter sets it up (minwidth 6,
 * padding 3, padchar ' '), the last column left as is.
 */
import { describe, expect, it } from 'vitest'
import { formatTable } from './tabwriter'

describe('formatTable', () => {
  it('pads every column but the last to max(cell + 3, 6)', () => {
    expect(
      formatTable([
        ['A', 'B'],
        ['x', 'y'],
      ]),
    ).toBe('A     B\nx     y')
    expect(formatTable([['abc', 'z']])).toBe('abc   z')
    expect(formatTable([['abcd', 'z']])).toBe('abcd   z')
    expect(
      formatTable([
        ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
        ['web-5d59f46565-gqk5r', '1/1', 'Running', '0', '30s'],
        ['web-5d59f46565-x', '0/1', 'ContainerCreating', '0', '2s'],
      ]),
    ).toBe(
      [
        'NAME                   READY   STATUS              RESTARTS   AGE',
        'web-5d59f46565-gqk5r   1/1     Running             0          30s',
        'web-5d59f46565-x       0/1     ContainerCreating   0          2s',
      ].join('\n'),
    )
  })

  it('does not pad the last column, whatever its width', () => {
    expect(
      formatTable([
        ['a', 'a long last column'],
        ['b', 'x'],
      ]),
    ).toBe('a     a long last column\nb     x')
  })

  it('gives an empty string for no rows', () => {
    expect(formatTable([])).toBe('')
  })
})
