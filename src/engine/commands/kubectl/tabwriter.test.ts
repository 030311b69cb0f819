/**
 * kubectl's table layout: text/tabwriter as printers.GetNewTabWriter sets it up (minwidth 6,
 * padding 3, padchar ' '), the last column left as is.
 */
import { describe, expect, it } from 'vitest'
import { formatTable, tabwriterFormat } from './tabwriter'

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

describe('tabwriterFormat (Go text/tabwriter as describe.go sets it up)', () => {
  it('aligns a column over the consecutive lines that have a cell in it, padding 2', () => {
    expect(tabwriterFormat('Name:\tweb\nNamespace:\tdefault\n')).toBe(
      'Name:       web\nNamespace:  default\n',
    )
  })

  it('a line without a tab ends the block; the next block is sized on its own', () => {
    expect(tabwriterFormat('A:\t1\nPod Template:\n  Labels:\tapp=web\n')).toBe(
      'A:  1\nPod Template:\n  Labels:  app=web\n',
    )
  })

  it('a line with fewer cells ends the inner column but not the outer one', () => {
    expect(tabwriterFormat('a\tb\tc\nlong-a\tx\nq\tbb\tcc\n')).toBe(
      'a       b  c\nlong-a  x\nq       bb  cc\n',
    )
  })

  it('empty cells take the column width; the last cell is never padded', () => {
    expect(tabwriterFormat('x\t\ty\nxx\t\tyy \n')).toBe('x     y\nxx    yy \n')
  })
})
