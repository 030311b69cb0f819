/**
 * Where things sit in the network view: machine cards (pods' netns rows on top, then cni0, the IP
 * stack, flannel.1 and eth0 at the bottom, bottoms aligned per row), the LAN under each row of
 * machines, and the anchor a packet sits at for each hop. Pure geometry; the UI decides all x/y.
 */
import type { Hop } from '../../engine'

export const NET_CARD_WIDTH = 460
export const NET_HEADER = 34
export const NET_ROW = 26
export const NET_POD_ROW = 22
export const NET_PAD = 8
/** More pods than this are summed up in one "+N more" row. */
export const NET_MAX_POD_ROWS = 10
export const NET_GAP_X = 90
/** Between a row of cards and its LAN bar: room for tunnel arcs and the eth0 drops. */
export const NET_LANE = 70
export const NET_GAP_Y = 70

export interface CardInput {
  name: string
  /** How many pods on it have a network namespace. */
  podCount: number
}

export interface CardBox {
  name: string
  x: number
  y: number
  width: number
  height: number
  row: number
  col: number
  podCount: number
  /** Pod rows the card leaves room for: the most any card in its row needs. */
  slots: number
  vxlan: boolean
}

export interface NetLayout {
  cards: CardBox[]
  byName: ReadonlyMap<string, CardBox>
  /** One LAN bar per row of machines: y and x span. */
  lanBars: { y: number; x1: number; x2: number }[]
  /** The spine joining the bars, on the left, where the router and outside hosts hang. */
  spineX: number
  routerAt: { x: number; y: number }
  extHostAt: { x: number; y: number }
  width: number
  height: number
}

function podRows(pods: number): number {
  return pods > NET_MAX_POD_ROWS ? NET_MAX_POD_ROWS : Math.max(1, pods)
}

export function cardHeight(slots: number, vxlan: boolean): number {
  return NET_HEADER + NET_PAD + slots * NET_POD_ROW + NET_PAD + (vxlan ? 4 : 3) * NET_ROW + NET_PAD
}

/** Left of the first machine: room for the LAN's spine, the router and the outside client. */
const LEFT = 200
const SPINE_X = 60

export function layoutNetwork(machines: readonly CardInput[], vxlan: boolean): NetLayout {
  const perRow =
    machines.length <= 6
      ? Math.max(1, machines.length)
      : Math.ceil(Math.sqrt(machines.length * 1.6))
  const rows: CardInput[][] = []
  machines.forEach((m, i) => (rows[Math.floor(i / perRow)] ??= []).push(m))
  const cards: CardBox[] = []
  const lanBars: NetLayout['lanBars'] = []
  let top = 0
  rows.forEach((row, r) => {
    // Every card of a row is as tall as the fullest one, so its device rows line up.
    const slots = Math.max(...row.map((m) => podRows(m.podCount)))
    const height = cardHeight(slots, vxlan)
    row.forEach((m, c) => {
      cards.push({
        name: m.name,
        x: LEFT + c * (NET_CARD_WIDTH + NET_GAP_X),
        y: top,
        width: NET_CARD_WIDTH,
        height,
        row: r,
        col: c,
        podCount: m.podCount,
        slots,
        vxlan,
      })
    })
    const y = top + height + NET_LANE
    lanBars.push({
      y,
      x1: SPINE_X,
      x2: LEFT + row.length * (NET_CARD_WIDTH + NET_GAP_X) - NET_GAP_X,
    })
    top = y + NET_GAP_Y
  })
  const firstBar = lanBars[0] ?? { y: 0, x1: SPINE_X, x2: LEFT }
  const lastBar = lanBars[lanBars.length - 1] ?? firstBar
  return {
    cards,
    byName: new Map(cards.map((c) => [c.name, c])),
    lanBars,
    spineX: SPINE_X,
    routerAt: { x: SPINE_X, y: firstBar.y - 70 },
    extHostAt: { x: SPINE_X, y: lastBar.y + 60 },
    width: Math.max(...lanBars.map((b) => b.x2), LEFT),
    height: lastBar.y + 80,
  }
}

/** The y of each device row inside a card, from the card's top. */
export function rowOffsets(card: Pick<CardBox, 'slots' | 'vxlan'>): {
  pod(i: number): number
  cni0: number
  stack: number
  flannel: number
  eth0: number
} {
  const podsTop = NET_HEADER + NET_PAD
  const cni0 = podsTop + card.slots * NET_POD_ROW + NET_PAD + NET_ROW / 2
  const stack = cni0 + NET_ROW
  const flannel = card.vxlan ? stack + NET_ROW : stack
  const eth0 = flannel + NET_ROW
  return {
    pod: (i) => podsTop + Math.min(i, NET_MAX_POD_ROWS - 1) * NET_POD_ROW + NET_POD_ROW / 2,
    cni0,
    stack,
    flannel,
    eth0,
  }
}

/** Where the packet sits for a hop; `towards` is the next hop's machine (for the LAN). */
export function hopAnchor(
  layout: NetLayout,
  hop: Hop,
  neighbours: { prev?: Hop; next?: Hop },
  /** A pod's row on its machine (namespace/name), or -1 when it is not drawn. */
  podIndex: (node: string, pod: string) => number,
): { x: number; y: number } | undefined {
  const { at } = hop
  if (at.node) {
    const card = layout.byName.get(at.node)
    if (!card) return undefined
    const rows = rowOffsets(card)
    const row = at.pod ? podIndex(at.node, at.pod) : -1
    if (at.pod && row >= 0) {
      const x = hop.kind === 'veth' ? 70 : 250
      return { x: card.x + x, y: card.y + rows.pod(row) }
    }
    let y = rows.stack
    if (hop.kind === 'bridge') y = rows.cni0
    else if (
      hop.kind === 'vxlan-encap' ||
      (hop.kind === 'vxlan-decap' && at.device === 'flannel.1')
    )
      y = rows.flannel
    else if (hop.kind === 'nic-egress') y = rows.eth0
    return { x: card.x + card.width / 2, y: card.y + y }
  }
  if (hop.kind === 'lan') {
    const a = neighbours.prev?.at.node ? layout.byName.get(neighbours.prev.at.node) : undefined
    const b = neighbours.next?.at.node ? layout.byName.get(neighbours.next.at.node) : undefined
    const bar = layout.lanBars[(a ?? b)?.row ?? 0]
    if (!bar) return undefined
    const ax = a ? a.x + a.width / 2 : layout.spineX
    const bx = b ? b.x + b.width / 2 : layout.spineX
    return { x: (ax + bx) / 2, y: bar.y }
  }
  if (hop.kind === 'router') return layout.routerAt
  return hop.where === 'router' || hop.where.startsWith('router')
    ? layout.routerAt
    : layout.extHostAt
}
