import { describe, expect, it } from 'vitest'
import { runCommand } from '../../engine/commands/runCommand'
import { SimulationCore } from '../../engine/runtime/Simulation'
import { findScenario } from '../../engine/scenarios/scenarios'
import { YAML_TEMPLATES } from './yamlTemplates'

describe('YAML panel templates', () => {
  it('each is a manifest the API server accepts on the default cluster', () => {
    const core = new SimulationCore(1, 'default')
    findScenario('default')?.build(core)
    for (const t of YAML_TEMPLATES) {
      const r = runCommand(core, 'kubectl apply -f -', t.yaml)
      // kubectl's warning about web's missing last-applied annotation is fine; an error is not.
      expect(r.ok, `${t.name}: ${r.error ?? ''}`).toBe(true)
    }
  })

  it('the Service api reaches the api pods through their port named http', () => {
    const core = new SimulationCore(1, 'default')
    findScenario('default')?.build(core)
    for (const t of YAML_TEMPLATES.filter((t) => t.name.includes(' api ')))
      expect(runCommand(core, 'kubectl apply -f -', t.yaml).ok).toBe(true)
    core.advanceTo(core.simTimeMs + 30_000)
    const out = runCommand(core, 'sim trace client api').output
    expect(out).toContain('RESULT: delivered')
  })
})
