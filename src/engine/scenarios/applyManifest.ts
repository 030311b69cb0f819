/** Creates the objects of a multi-document YAML manifest (what the scenarios use to build a cluster). */
import { parseAllDocuments } from 'yaml'
import type { ObjectInput } from '../api/ApiServer'
import type { KubeObject } from '../model/meta'
import type { SimulationCore } from '../runtime/Simulation'

export function applyManifest(core: SimulationCore, yamlText: string): KubeObject[] {
  const created: KubeObject[] = []
  for (const doc of parseAllDocuments(yamlText)) {
    if (doc.errors.length > 0) throw new Error(doc.errors[0]?.message ?? 'invalid YAML')
    const value = doc.toJS() as ObjectInput | null
    if (value) created.push(core.api.create(value))
  }
  return created
}
