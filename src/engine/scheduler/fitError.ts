/** The FailedScheduling message (pkg/scheduler/framework/types.go FitError.Error) and its preemption note. */

/** Reasons counted across nodes, each formatted "<count> <reason>", sorted as strings, joined. */
function histogram(reasons: Iterable<string>): string {
  const counts = new Map<string, number>()
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1)
  return [...counts.entries()]
    .map(([reason, count]) => `${count} ${reason}`)
    .sort()
    .join(', ')
}

/**
 * `0/3 nodes are available: 1 node(s) had untolerated taint {...}, 2 Insufficient cpu. preemption:
 * 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims
 * found for incoming pod.` Every pod here has the same priority, so preemption never finds victims.
 */
export function fitErrorMessage(
  numAllNodes: number,
  nodeReasons: ReadonlyMap<string, { reasons: string[]; unresolvable: boolean }>,
): string {
  // schedulePod returns ErrNoNodesAvailable before any filter or PostFilter runs.
  if (numAllNodes === 0) return 'no nodes available to schedule pods'
  const all: string[] = []
  const preemption: string[] = []
  for (const { reasons, unresolvable } of nodeReasons.values()) {
    all.push(...reasons)
    preemption.push(
      unresolvable
        ? 'Preemption is not helpful for scheduling'
        : 'No preemption victims found for incoming pod',
    )
  }
  return (
    `0/${numAllNodes} nodes are available: ${histogram(all)}.` +
    ` preemption: 0/${numAllNodes} nodes are available: ${histogram(preemption)}.`
  )
}
