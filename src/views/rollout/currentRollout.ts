/** Which decisions belong to the rollout in progress (or the last one, if it finished). */
import type { RolloutDecision } from '../../engine'

/** The decisions after the previous completed rollout: the steps the stepper numbers 1, 2, 3 ... */
export function currentRollout(decisions: readonly RolloutDecision[]): readonly RolloutDecision[] {
  let start = 0
  for (let i = decisions.length - 2; i >= 0; i--) {
    if (decisions[i]?.rule === 'RolloutComplete') {
      start = i + 1
      break
    }
  }
  return decisions.slice(start)
}
