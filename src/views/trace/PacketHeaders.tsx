/**
 * The headers of the packet at the current hop, layer by layer: Ethernet, IP (with TTL), TCP/UDP or
 * ICMP, and on tunnel hops the outer Ethernet/IP/UDP/VXLAN beside the inner packet. Fields that the
 * hop changed (against the hop before it on the same leg) are highlighted.
 */
import type { Headers, Hop } from '../../engine'
import { useT } from '../AppContext'

type Field = { path: string; label: string; value: string | number | undefined }

function innerFields(h: Headers): { layer: string; fields: Field[] }[] {
  const l4 = h.l4
  const proto = l4.proto.toUpperCase()
  return [
    ...(h.eth
      ? [
          {
            layer: 'Ethernet',
            fields: [
              { path: 'eth.src', label: 'src', value: h.eth.src },
              { path: 'eth.dst', label: 'dst', value: h.eth.dst },
            ],
          },
        ]
      : []),
    {
      layer: 'IPv4',
      fields: [
        { path: 'ip.src', label: 'src', value: h.ip.src },
        { path: 'ip.dst', label: 'dst', value: h.ip.dst },
        { path: 'ip.ttl', label: 'TTL', value: h.ip.ttl },
      ],
    },
    ...(h.app ? [{ layer: 'App', fields: [{ path: 'app', label: 'data', value: h.app }] }] : []),
    {
      layer: proto,
      fields:
        l4.proto === 'icmp'
          ? [{ path: 'l4.flags', label: 'type', value: l4.flags }]
          : [
              { path: 'l4.srcPort', label: 'sport', value: l4.srcPort },
              { path: 'l4.dstPort', label: 'dport', value: l4.dstPort },
              ...(l4.flags ? [{ path: 'l4.flags', label: 'flags', value: l4.flags }] : []),
            ],
    },
  ]
}

function outerFields(h: Headers): { layer: string; fields: Field[] }[] {
  const o = h.outer
  if (!o) return []
  return [
    ...(o.eth
      ? [
          {
            layer: 'Ethernet',
            fields: [
              { path: 'outer.eth.src', label: 'src', value: o.eth.src },
              { path: 'outer.eth.dst', label: 'dst', value: o.eth.dst },
            ],
          },
        ]
      : []),
    {
      layer: 'IPv4',
      fields: [
        { path: 'outer.ip.src', label: 'src', value: o.ip.src },
        { path: 'outer.ip.dst', label: 'dst', value: o.ip.dst },
        { path: 'outer.ip.ttl', label: 'TTL', value: o.ip.ttl },
      ],
    },
    {
      layer: 'UDP',
      fields: [
        { path: 'outer.udp.srcPort', label: 'sport', value: o.udp.srcPort },
        { path: 'outer.udp.dstPort', label: 'dport', value: o.udp.dstPort },
      ],
    },
    { layer: 'VXLAN', fields: [{ path: 'outer.vxlan.vni', label: 'VNI', value: o.vxlan.vni }] },
  ]
}

function valueAt(h: Headers | undefined, path: string): unknown {
  let v: unknown = h
  for (const part of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[part]
  return v
}

function Column({
  title,
  layers,
  previous,
}: {
  title: string
  layers: { layer: string; fields: Field[] }[]
  previous: Headers | undefined
}) {
  const t = useT()
  return (
    <div className="min-w-0 flex-1">
      <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h4>
      <table className="w-full border-collapse font-mono text-xs">
        <tbody>
          {layers.map(({ layer, fields }) =>
            fields.map((f, i) => {
              const changed = !!previous && valueAt(previous, f.path) !== f.value
              return (
                <tr key={f.path} className="border-t border-slate-200">
                  <th
                    scope="row"
                    className="w-16 whitespace-nowrap py-0.5 pr-2 text-left font-sans font-semibold text-slate-600"
                  >
                    {i === 0 ? layer : ''}
                  </th>
                  <td className="w-12 whitespace-nowrap py-0.5 pr-2 font-sans text-slate-500">
                    {f.label}
                  </td>
                  <td
                    data-field={f.path}
                    data-changed={changed}
                    className={`py-0.5 ${changed ? 'bg-amber-200 font-semibold' : ''}`}
                    title={changed ? t('traceChanged') : undefined}
                  >
                    {String(f.value ?? '–')}
                  </td>
                </tr>
              )
            }),
          )}
        </tbody>
      </table>
    </div>
  )
}

export function PacketHeaders({ hop, previous }: { hop: Hop; previous: Hop | undefined }) {
  const t = useT()
  const outer = outerFields(hop.headers)
  return (
    <div data-testid="packet-headers" className="flex gap-4">
      {outer.length > 0 && (
        <Column title={t('traceOuter')} layers={outer} previous={previous?.headers} />
      )}
      <Column
        title={outer.length > 0 ? t('traceInner') : t('tracePacket')}
        layers={innerFields(hop.headers)}
        previous={previous?.headers}
      />
    </div>
  )
}
