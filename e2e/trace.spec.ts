import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'

/** The hops of the request, as the trace panel lists them. */
const requestHops = (page: Page) => page.getByTestId('trace-request').getByTestId('trace-hop')

test('trace client → a web pod on another node: VXLAN, then host-gw, stepping back and forth', async ({
  page,
}) => {
  await page.goto('/')
  await expect(page.locator('[data-testid=pod][data-pod^="web-"][data-ready=true]')).toHaveCount(3)
  await page.getByTestId('play-pause').click()
  await expect(page.getByTestId('play-pause')).toContainText('Play')

  // Click the pod client, then a web pod on another node, on the canvas, with the Trace tab open.
  await page.getByRole('tab', { name: 'Trace' }).click()
  const client = page.locator('[data-testid=pod][data-pod=client]')
  await expect(client).toHaveAttribute('data-node', 'node1')
  await client.click()
  const web = page.locator('[data-testid=pod][data-pod^="web-"][data-node=node2]').first()
  const webIp = await web.getAttribute('data-ip')
  await web.click()
  await page.getByTestId('trace-run').click()

  await expect(page.getByTestId('trace-result')).toHaveAttribute('data-result', 'delivered')
  await expect(page.getByTestId('network-canvas')).toBeVisible()
  // A hop on the wire carries the VXLAN outer headers: node1 → node2, UDP 8472, VNI 1.
  const onWire = requestHops(page).and(page.locator('[data-hop-kind=lan]'))
  await expect(onWire).toHaveAttribute('data-outer-dport', '8472')
  await expect(onWire).toHaveAttribute('data-outer-src', '192.168.1.11')
  await expect(onWire).toHaveAttribute('data-outer-dst', '192.168.1.12')
  await expect(onWire).toHaveAttribute('data-vni', '1')
  await expect(onWire).toHaveAttribute('data-ip-dst', webIp ?? '')
  await expect(requestHops(page).and(page.locator('[data-hop-kind=vxlan-encap]'))).toHaveCount(1)

  // Step through the packet: the headers panel follows; Back restores the previous hop's headers.
  await page.getByTestId('trace-play').click() // pause the player
  const headers = page.getByTestId('packet-headers')
  const hopIndex = async (kind: string) =>
    requestHops(page).evaluateAll(
      (els, k) => els.findIndex((e) => e.getAttribute('data-hop-kind') === k),
      kind,
    )
  const encap = await hopIndex('vxlan-encap')
  await requestHops(page)
    .nth(encap - 1)
    .click()
  await expect(headers.locator('[data-field="ip.ttl"]')).toHaveText('63')
  await expect(headers.locator('[data-field="outer.udp.dstPort"]')).toHaveCount(0)
  await page.getByTestId('trace-next').click()
  await expect(requestHops(page).nth(encap)).toHaveAttribute('aria-current', 'step')
  await expect(headers.locator('[data-field="outer.udp.dstPort"]')).toHaveText('8472')
  await expect(headers.locator('[data-field="outer.ip.dst"]')).toHaveText('192.168.1.12')
  await expect(headers.locator('[data-field="eth.dst"]')).toHaveAttribute('data-changed', 'true')
  await page.getByTestId('trace-back').click()
  await expect(requestHops(page).nth(encap - 1)).toHaveAttribute('aria-current', 'step')
  await expect(headers.locator('[data-field="outer.udp.dstPort"]')).toHaveCount(0)
  await expect(headers.locator('[data-field="ip.ttl"]')).toHaveText('63')
  // The routing table of node1 marks the route that sent it into flannel.1.
  await expect(page.getByTestId('node-tables').locator('[data-used=true]').first()).toContainText(
    'dev flannel.1 onlink',
  )

  // The reply path is one click away: it comes back from node2 to node1.
  await page.getByTestId('trace-reply').click()
  await expect(
    page.getByTestId('trace-reply-hops').getByTestId('trace-hop').first(),
  ).toHaveAttribute('aria-current', 'step')
  await expect(
    page.getByTestId('trace-reply-hops').locator('[data-testid=trace-hop][data-hop-kind=lan]'),
  ).toHaveAttribute('data-outer-src', '192.168.1.12')

  // Switch flannel to host-gw and trace again: no flannel.1, the pod IPs on the wire.
  await page.getByTestId('flannel-backend-host-gw').click()
  await expect(page.getByTestId('flannel-backend-host-gw')).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByTestId('trace-result')).toHaveCount(0)
  await page.getByTestId('trace-run').click()
  await expect(page.getByTestId('trace-result')).toHaveAttribute('data-result', 'delivered')
  await expect(page.getByTestId('trace-hop').filter({ hasText: 'flannel.1' })).toHaveCount(0)
  await expect(page.locator('[data-testid=trace-hop][data-hop-kind^=vxlan]')).toHaveCount(0)
  const wire = requestHops(page).and(page.locator('[data-hop-kind=lan]'))
  await expect(wire).toHaveAttribute('data-ip-src', '10.244.0.4')
  await expect(wire).toHaveAttribute('data-ip-dst', webIp ?? '')
  await expect(wire).not.toHaveAttribute('data-outer-dport', /.*/)
})

test('a bad port gets a clear error; an address nobody holds ends unreachable at the bridge', async ({
  page,
}) => {
  await page.goto('/')
  await expect(page.locator('[data-testid=pod][data-pod=client][data-ready=true]')).toHaveCount(1)
  await page.getByRole('tab', { name: 'Trace' }).click()
  await page.getByTestId('trace-from').selectOption({ label: 'client' })
  await page.getByTestId('trace-to').selectOption({ label: 'IP address…' })
  await page.getByTestId('trace-to-ip').fill('10.244.1.250')
  await page.getByTestId('trace-port').fill('70000')
  await page.getByTestId('trace-run').click()
  await expect(page.getByTestId('trace-error')).toContainText('invalid port "70000"')
  await page.getByTestId('trace-port').fill('80')
  await page.getByTestId('trace-run').click()
  // Nobody holds that address on node2's bridge: ARP gets no answer.
  await expect(page.getByTestId('trace-result')).toHaveAttribute('data-result', 'unreachable')
  await expect(requestHops(page).last()).toHaveAttribute('data-hop-kind', 'bridge')
})
