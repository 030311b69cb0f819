import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'

const hops = (page: Page, leg: 'trace-dns' | 'trace-request' | 'trace-reply-hops') =>
  page.getByTestId(leg).getByTestId('trace-hop')

async function kubectl(page: Page, line: string, expected: string | RegExp) {
  await page.getByTestId('kubectl-input').fill(line)
  await page.getByTestId('kubectl-input').press('Enter')
  await expect(page.getByTestId('kubectl-output')).toContainText(expected)
}

async function ready(page: Page) {
  await page.goto('/')
  await expect(page.locator('[data-testid=pod][data-pod^="web-"][data-ready=true]')).toHaveCount(3)
  await expect(page.locator('[data-testid=service-node][data-service=web]')).toHaveAttribute(
    'data-ready-endpoints',
    '3',
  )
}

test('trace client → web by name: DNS, the DNAT by a KUBE-SEP chain, VXLAN, un-DNAT on the reply; then IPVS', async ({
  page,
}) => {
  await ready(page)
  const clusterIp =
    (await page
      .locator('[data-testid=service-node][data-service=web]')
      .getAttribute('data-cluster-ip')) ?? ''
  expect(clusterIp).toMatch(/^10\.(9[6-9]|1[01][0-9])\./)
  await page.getByRole('tab', { name: 'Trace' }).click()
  await page.getByTestId('trace-from').selectOption({ label: 'client' })
  await page.getByTestId('trace-to').selectOption({ label: 'web (by name: DNS first)' })
  await page.getByTestId('trace-run').click()
  await expect(page.getByTestId('trace-result')).toHaveAttribute('data-result', 'delivered')

  // The DNS query to 10.96.0.10 is DNATed to a CoreDNS pod, which answers with web's ClusterIP.
  const dns = hops(page, 'trace-dns')
  await expect(dns.and(page.locator('[data-hop-kind=dns-lookup]'))).toHaveAttribute(
    'data-ip-dst',
    '10.96.0.10',
  )
  await expect(dns.and(page.locator('[data-hop-kind=dns]'))).toHaveCount(1)
  await expect(
    dns.and(page.locator('[data-phase=dns][data-decided-by*="KUBE-SVC-TCOU7JCQXEZGVUNU"]')),
  ).toHaveCount(1)
  await expect(dns.last()).toHaveAttribute('data-ip-src', '10.96.0.10')
  const request = hops(page, 'trace-request')
  // The request to the ClusterIP meets KUBE-SERVICES → KUBE-SVC → KUBE-SEP and is DNATed to a pod.
  const dnat = request.and(page.locator('[data-phase=request][data-decided-by*="KUBE-SEP-"]'))
  await expect(dnat).toHaveCount(1)
  await expect(dnat).toHaveAttribute('data-where', 'node1 IP stack')
  await expect(dnat).toHaveAttribute('data-ip-dst', /^10\.244\.[12]\.\d+$/)
  await dnat.click()
  await expect(page.getByTestId('node-tables').locator('[data-used=true]').first()).toBeVisible()
  await expect(page.getByTestId('node-tables')).toContainText('KUBE-SVC-')
  await expect(request.and(page.locator('[data-hop-kind=vxlan-encap]'))).toHaveCount(1)
  // On the reply node1's conntrack un-DNATs: the client hears from the ClusterIP.
  await expect(hops(page, 'trace-reply-hops').last()).toHaveAttribute('data-ip-src', clusterIp)

  // IPVS: the ClusterIP is on kube-ipvs0 and the virtual server picks round-robin.
  await expect(page.getByTestId('network-canvas')).toBeVisible()
  await page.getByTestId('proxy-mode-ipvs').click()
  await expect(page.getByTestId('proxy-mode-ipvs')).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByTestId('trace-result')).toHaveCount(0)
  await page.getByTestId('trace-run').click()
  await expect(page.getByTestId('trace-result')).toHaveAttribute('data-result', 'delivered')
  const ipvs = hops(page, 'trace-request').and(
    page.locator('[data-phase=request][data-where="node1 IP stack"]'),
  )
  await expect(ipvs).toHaveAttribute(
    'data-decided-by',
    new RegExp(`TCP\\s+${clusterIp.replaceAll('.', '\\.')}:80 rr`),
  )
  await expect(hops(page, 'trace-reply-hops').last()).toHaveAttribute('data-ip-src', clusterIp)
})

test('traffic to web during a rolling update with maxUnavailable 0: no request fails, both versions answer', async ({
  page,
}) => {
  await ready(page)
  await kubectl(
    page,
    `kubectl patch deployment web -p '{"spec":{"strategy":{"rollingUpdate":{"maxUnavailable":0,"maxSurge":1}}}}'`,
    'deployment.apps/web patched',
  )
  await page.getByRole('tab', { name: 'Trace' }).click()
  await page.getByTestId('trace-from').selectOption({ label: 'client' })
  await page.getByTestId('trace-to').selectOption({ label: 'web (by name: DNS first)' })
  await page.getByTestId('traffic-rate').selectOption('20')
  await page.getByTestId('traffic-start').click()
  const flow = page.getByTestId('traffic-flow')
  await expect(flow.locator('[data-testid=traffic-version][data-version="1.25"]')).toBeVisible()
  // Dots travel along the paths on the canvas while requests flow.
  await expect(page.getByTestId('traffic-dot').first()).toBeAttached()

  await page.getByTestId('speed').selectOption('8')
  await kubectl(page, 'kubectl set image deployment/web nginx=nginx:1.26', 'image updated')
  await kubectl(page, 'kubectl rollout status deployment/web', 'successfully rolled out')
  // Every old pod is gone and the new version answers.
  await expect(page.locator('[data-testid=pod][data-pod^="web-"][data-revision="1"]')).toHaveCount(
    0,
  )
  await expect(flow.locator('[data-testid=traffic-version][data-version="1.26"]')).toBeVisible()
  await expect(flow).toHaveAttribute('data-failed', '0')
  expect(Number(await flow.getAttribute('data-ok'))).toBeGreaterThan(100)
  expect(
    Number(
      await flow
        .locator('[data-testid=traffic-version][data-version="1.25"]')
        .getAttribute('data-count'),
    ),
  ).toBeGreaterThan(0)
  await page.getByTestId('traffic-stop').click()
  await expect(flow).toHaveCount(0)
})

test('an external client reaches web through a NodePort; with Local policy a node without web drops it', async ({
  page,
}) => {
  await ready(page)
  await page.getByRole('tab', { name: 'Trace' }).click()
  await page.getByTestId('trace-from').selectOption({ label: 'ext-client 192.168.1.100' })
  await page.getByTestId('trace-to').selectOption({ label: 'node1 (host network)' })
  const nodePort = await page
    .locator('[data-testid=service-node][data-service=web]')
    .getAttribute('data-node-port')
  expect(Number(nodePort)).toBeGreaterThanOrEqual(30000)
  expect(Number(nodePort)).toBeLessThanOrEqual(32767)
  await page.getByTestId('trace-port').fill(nodePort ?? '')
  await page.getByTestId('trace-run').click()
  await expect(page.getByTestId('trace-result')).toHaveAttribute('data-result', 'delivered')
  await expect(
    hops(page, 'trace-request').and(page.locator('[data-decided-by*="KUBE-NODEPORTS"]')),
  ).toHaveCount(1)

  await kubectl(
    page,
    `kubectl patch svc web -p '{"spec":{"externalTrafficPolicy":"Local"}}'`,
    'service/web patched',
  )
  await page.getByTestId('trace-run').click()
  await expect(page.getByTestId('trace-result')).toHaveAttribute('data-result', 'dropped')
  await expect(page.getByTestId('trace-result')).toContainText('has no local endpoints')
})
