import { describe, expect, it } from 'vitest'
import type { ScriptStep } from './parseScript'
import { parseScript } from './parseScript'

const kinds = (steps: ScriptStep[]) => steps.map((s) => s.kind)

describe('parseScript', () => {
  it('skips comments, blank lines and a shebang; keeps commands with their line numbers', () => {
    const steps = parseScript(
      '#!/bin/sh\n\n# scale web\nkubectl scale deployment/web --replicas=5  # five\n  \nkubectl get pods\n',
    )
    expect(steps).toEqual([
      {
        kind: 'command',
        line: 4,
        text: 'kubectl scale deployment/web --replicas=5',
        command: 'kubectl scale deployment/web --replicas=5',
      },
      { kind: 'command', line: 6, text: 'kubectl get pods', command: 'kubectl get pods' },
    ])
  })

  it('sleep takes seconds and Go-style durations, adding several up as GNU sleep does', () => {
    const steps = parseScript(
      'sleep 5\nsleep 0.5\nsleep 500ms\nsleep 2m\nsleep 1m 30s\nsleep 1h30m',
    )
    expect(steps.map((s) => (s.kind === 'sleep' ? s.durationMs : s.kind))).toEqual([
      5_000, 500, 500, 120_000, 90_000, 5_400_000,
    ])
  })

  it('a bad sleep is an invalid step with sleep’s message', () => {
    expect(parseScript('sleep soon\nsleep')).toMatchObject([
      { kind: 'invalid', line: 1, error: "sleep: invalid time interval 'soon'" },
      { kind: 'invalid', line: 2, error: 'sleep: missing operand' },
    ])
  })

  it('a here-document becomes the stdin of its command (quoted, unquoted, <<- with tabs)', () => {
    const script = [
      "kubectl apply -f - <<'EOF'",
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      '  name: demo',
      'EOF',
      'kubectl apply -f - <<-END',
      '\tkind: Namespace',
      '\tEND',
      'kubectl get ns',
    ].join('\n')
    expect(parseScript(script)).toEqual([
      {
        kind: 'command',
        line: 1,
        text: 'kubectl apply -f -',
        command: 'kubectl apply -f -',
        stdin: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n',
      },
      {
        kind: 'command',
        line: 7,
        text: 'kubectl apply -f -',
        command: 'kubectl apply -f -',
        stdin: 'kind: Namespace\n',
      },
      { kind: 'command', line: 10, text: 'kubectl get ns', command: 'kubectl get ns' },
    ])
  })

  it('`cat <<EOF | kubectl apply -f -`, as the Kubernetes docs write it, is the same thing', () => {
    expect(parseScript('cat <<EOF | kubectl apply -f -\nkind: Namespace\nEOF\n')).toEqual([
      {
        kind: 'command',
        line: 1,
        text: 'kubectl apply -f -',
        command: 'kubectl apply -f -',
        stdin: 'kind: Namespace\n',
      },
    ])
  })

  it('an unterminated here-document takes the rest of the script and is invalid', () => {
    const steps = parseScript('kubectl apply -f - <<EOF\nkind: Namespace\nkubectl get ns\n')
    expect(steps).toMatchObject([
      {
        kind: 'invalid',
        line: 1,
        error: "here-document at line 1 delimited by end-of-file (wanted 'EOF')",
      },
    ])
  })

  it('joins lines ending in a backslash', () => {
    expect(
      parseScript('kubectl set image \\\n  deployment/web \\\n  nginx=nginx:1.26\nsleep 1'),
    ).toMatchObject([
      {
        kind: 'command',
        line: 1,
        command: 'kubectl set image   deployment/web   nginx=nginx:1.26',
      },
      { kind: 'sleep', line: 4 },
    ])
  })

  it('refuses pipes, command lists, background jobs, redirections and substitutions, but not quoted ones', () => {
    const steps = parseScript(
      [
        'kubectl get pods | grep web',
        'kubectl get pods & kubectl get rs',
        'kubectl get pods > out.txt',
        'kubectl get pods -l app=$APP',
        'kubectl get pods; kubectl get rs',
        `kubectl get pods -o jsonpath='{.items[*].metadata.name}' -l 'app in (web)'`,
        'kubectl annotate deploy/web note="a|b;c>d $(x) && y"',
      ].join('\n'),
    )
    expect(kinds(steps)).toEqual([
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'command',
      'command',
    ])
    expect(steps[0]).toMatchObject({
      error: "unsupported shell syntax near '|': the script runner has no pipes",
    })
  })

  it('`a && b || c` is an AND-OR list of simple steps', () => {
    expect(
      parseScript(
        'kubectl rollout status deployment/web --timeout=1m || kubectl rollout undo deployment/web',
      ),
    ).toEqual([
      {
        kind: 'list',
        line: 1,
        text: 'kubectl rollout status deployment/web --timeout=1m || kubectl rollout undo deployment/web',
        items: [
          {
            step: {
              kind: 'command',
              line: 1,
              text: 'kubectl rollout status deployment/web --timeout=1m',
              command: 'kubectl rollout status deployment/web --timeout=1m',
            },
          },
          {
            op: '||',
            step: {
              kind: 'command',
              line: 1,
              text: 'kubectl rollout undo deployment/web',
              command: 'kubectl rollout undo deployment/web',
            },
          },
        ],
      },
    ])
    expect(parseScript('sleep 1 && echo ok || echo no')).toMatchObject([
      {
        kind: 'list',
        items: [
          { step: { kind: 'sleep', durationMs: 1000 } },
          { op: '&&', step: { kind: 'echo', output: 'ok' } },
          { op: '||', step: { kind: 'echo', output: 'no' } },
        ],
      },
    ])
    expect(parseScript('|| echo no\necho a &&')).toMatchObject([
      { kind: 'invalid', error: "syntax error near unexpected token '||'" },
      { kind: 'invalid', error: "syntax error near unexpected token '&&'" },
    ])
  })

  it('a here-document in a list feeds the command that holds the <<', () => {
    const [step] = parseScript(
      'kubectl get ns && kubectl apply -f - <<EOF && kubectl get ns\nkind: Namespace\nEOF\n',
    )
    expect(step).toMatchObject({
      kind: 'list',
      items: [
        { step: { command: 'kubectl get ns' } },
        { op: '&&', step: { command: 'kubectl apply -f -', stdin: 'kind: Namespace\n' } },
        { op: '&&', step: { command: 'kubectl get ns' } },
      ],
    })
    const items = step?.kind === 'list' ? step.items : []
    expect(items[0]?.step).not.toHaveProperty('stdin')
    expect(items[2]?.step).not.toHaveProperty('stdin')
  })

  it('an unterminated quote is invalid, as sh finds it', () => {
    expect(parseScript(`kubectl get pods -l 'app=web`)).toMatchObject([
      { kind: 'invalid', error: 'unexpected EOF while looking for matching quote' },
    ])
  })

  it('echo prints its words; set -e / -x / +e / +x switch options', () => {
    expect(parseScript('echo "rolling out"  web\nset -ex\nset +e\nset -o pipefail')).toMatchObject([
      { kind: 'echo', output: 'rolling out web' },
      { kind: 'set', errexit: true, xtrace: true },
      { kind: 'set', errexit: false },
      { kind: 'invalid' },
    ])
  })

  it('reads CRLF scripts', () => {
    expect(parseScript('kubectl get pods\r\nsleep 1\r\n')).toMatchObject([
      { kind: 'command', command: 'kubectl get pods' },
      { kind: 'sleep', durationMs: 1000 },
    ])
  })
})
