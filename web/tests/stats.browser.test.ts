import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertWorld, makeWorld, type WorldSpec } from '../../src/features/stats/testing/world.js';
import { eventDay } from '../../src/features/stats/testing/expected.js';
import { SCREENSHOTS, screenshot, signIn, startBrowser, startServer, type TestBrowser, type TestServer } from './harness.js';

describe('statistics, reports and maps in the browser', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let world: WorldSpec;

  beforeAll(async () => {
    server = await startServer();
    world = makeWorld(8, 300);
    // The world creates the tracing center's agency (national scope) before the user joins it.
    await server.ctx.db.transaction().execute((tx) => insertWorld(tx, world));
    await server.addUser('nadia', 'analyst-pass-123', ['analyst'], 'ATFNTC001');
    await server.addUser('rick', 'requester-pass-1', ['requester'], 'AZ0070000');
    browser = await startBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the statistics page with figures for the chosen scope', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, 'nadia', 'analyst-pass-123');
    await page.getByRole('link', { name: 'Statistics' }).click();
    await expect(page.getByTestId('stats-total').textContent()).resolves.toBe(String(world.traces.length));
    await page.getByLabel('Recovered in').selectOption('MX');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByTestId('stats-scope').filter({ hasText: 'Traces recovered in Mexico' }).waitFor();
    const mx = world.traces.filter((t) => t.recovery?.country === 'MX').length;
    await expect(page.getByTestId('stats-total').textContent()).resolves.toBe(String(mx));
    expect(await page.locator('svg.chart').count()).toBeGreaterThanOrEqual(10);
    await expect(page.getByTestId('turnaround').textContent()).resolves.toMatch(/urgent.*routine/s);
    await screenshot(page, 'stats-page-mexico');
  });

  it('an agency user sees only its own agency', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, 'rick', 'requester-pass-1');
    await page.goto(`${server.url}/stats`);
    const own = world.traces.filter((t) => t.agency === 'AZ0070000').length;
    await expect(page.getByTestId('stats-total').textContent()).resolves.toBe(String(own));
    await expect(page.getByTestId('stats-scope').textContent()).resolves.toMatch(/agencies you may see/);
  });

  it('shows an ATF-style report, hides small counts for release, and prints to PDF', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, 'nadia', 'analyst-pass-123');
    await page.goto(`${server.url}/stats/reports?kind=state&place=TX&year=2022`);
    const n = world.traces.filter((t) => t.recovery?.state === 'TX' && eventDay(t).startsWith('2022')).length;
    await page.getByTestId('report').waitFor();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Firearms Trace Data: Texas, 2022');
    await expect(page.locator('.report-headline').textContent()).resolves.toContain(String(n));
    await expect(page.getByTestId('disclaimer').textContent()).resolves.toMatch(/do not constitute a random sample/);
    await page.getByLabel(/For release/).check();
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('Release version: counts below 5 hidden.').waitFor();
    expect(await page.locator('.report-table td', { hasText: '<5' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'stats-report-texas-release');
    const csv = page.getByRole('link', { name: 'Download CSV' });
    await expect(csv.getAttribute('href')).resolves.toBe('/api/v1/reports/state?year=2022&release=true&minCell=5&place=TX&format=csv');
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.sidebar').isVisible()).resolves.toBe(false);
    await expect(page.locator('form[aria-label="Report"]').isVisible()).resolves.toBe(false);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const pdf = path.join(SCREENSHOTS, 'stats-report-texas-release.pdf');
    await page.pdf({ path: pdf, format: 'Letter', printBackground: true });
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('draws the map offline: US and Mexican states, flows, and a time slider', async () => {
    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url)) external.push(r.url());
    });
    await signIn(page, server.url, 'nadia', 'analyst-pass-123');
    await page.goto(`${server.url}/stats/map`);
    await page.locator('.trace-map-region').first().waitFor();
    expect(await page.locator('.trace-map-region.us').count()).toBe(51);
    expect(await page.locator('.trace-map-region.mx').count()).toBe(32);
    expect(await page.locator('.trace-map-flow').count()).toBeGreaterThan(3);
    expect(await page.locator('.trace-map-flow.to-mx').count()).toBeGreaterThan(0);
    expect(await page.locator('.trace-map-marker').count()).toBeGreaterThan(0);
    await expect(page.getByTestId('map-period').textContent()).resolves.toBe('all periods');
    await screenshot(page, 'stats-map-all');
    await page.getByLabel(/Time slider/).fill('1');
    await expect(page.getByTestId('map-period').textContent()).resolves.toBe('2022');
    await screenshot(page, 'stats-map-2022');
    expect(external).toEqual([]);
  });
});
