import { describe, expect, it } from 'vitest'
import { resolveResource } from '../../api/kinds'
import {
  KUBECTL_SUBCOMMANDS,
  KUBECTL_VERB_NAMES,
  RESOURCE_WORDS,
} from '../../model/kubectlVocabulary'
import { KUBECTL_RESOURCE_NAMES, KUBECTL_VERBS } from './kubectl'
import { ROLLOUT_SUBCOMMANDS } from './rollout'

// The console completes from model/kubectlVocabulary.ts (the views may not import the commands);
// these tests keep that list equal to what the commands implement.
describe('the console completion vocabulary', () => {
  it('names exactly the kubectl verbs the simulator implements', () => {
    expect([...KUBECTL_VERB_NAMES].sort()).toEqual([...KUBECTL_VERBS].sort())
  })

  it('names exactly the resource words kubectl accepts here, each for its kind', () => {
    expect(Object.keys(RESOURCE_WORDS).sort()).toEqual([...KUBECTL_RESOURCE_NAMES].sort())
    for (const [word, kind] of Object.entries(RESOURCE_WORDS))
      expect(resolveResource(word)?.kind).toBe(kind)
  })

  it('names the rollout sub-commands', () => {
    expect([...(KUBECTL_SUBCOMMANDS.rollout ?? [])].sort()).toEqual([...ROLLOUT_SUBCOMMANDS].sort())
  })
})
