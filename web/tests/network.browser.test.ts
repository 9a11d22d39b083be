import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { flagInDetection, insertTwoRings } from '../../src/features/network/testing/two-rings.js';
import { screenshot, signIn, startBrowser, startServer, type TestBrowser, type TestServer } from './harness.js';

describe('network analysis in the browser', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let w: Awaited<ReturnType<typeof insertTwoRings>>;

  beforeAll(async () => {
    server = await startServer();
    await server.ctx.db.transaction().execute(async (tx) => {
      await server.ctx.auth.ensureAgency(tx, 'ATFNTC000', 'National Tracing Center', 'atf');
      w = await insertTwoRings(tx);
      await flagInDetection(tx, [
        { record: w.s[2], score: 81, flagged: true },
        { record: w.q[3], score: 77, flagged: true },
      ]);
    });
    await server.addUser('nina', 'network-pass-1', ['analyst'], 'ATFNTC000');
    browser = await startBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws a neighbourhood, shows the records behind a link and writes the reason to the audit log', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, 'nina', 'network-pass-1');
    await page.getByRole('link', { name: 'Network' }).click();
    await page.getByLabel('Reason (case no.)').fill('CASE-NET-7');
    await page.getByLabel('Person').fill('ibarra');
    await page.getByRole('button', { name: 'Find person' }).click();
    await page.getByRole('list', { name: 'Person matches' }).getByRole('button', { name: /Raul Ibarra/ }).click();
    await page.getByTestId('network-svg').waitFor();
    // Raul shares a phone with three straw buyers and a vehicle with three more.
    await expect(page.getByTestId(/^node-person:/).count()).resolves.toBeGreaterThanOrEqual(7);
    await page.getByTestId('edge-shares_phone').first().dispatchEvent('click');
    await expect(page.getByTestId('network-evidence').textContent()).resolves.toMatch(/^uses phone: \d+ record\(s\)/);
    await screenshot(page, 'network-neighbourhood');
    const audited = await server.ctx.db.selectFrom('audit_events').select(['action', 'reason']).where('actor_label', '=', 'nina').where('action', '=', 'network.neighbourhood').execute();
    expect(audited.length).toBeGreaterThan(0);
    expect(audited.every((a) => a.reason === 'CASE-NET-7')).toBe(true);
  });

  it('finds the path between the two rings through the shared address, step by step', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, 'nina', 'network-pass-1');
    await page.getByRole('link', { name: 'Network' }).click();
    await page.getByLabel('Person').fill('straw3');
    await page.getByRole('button', { name: 'Find person' }).click();
    await page.getByRole('list', { name: 'Person matches' }).getByRole('button', { name: /Straw3 Norte/ }).click();
    await page.getByLabel('To').fill('quinto4');
    await page.getByRole('button', { name: 'Find to' }).click();
    await page.getByRole('list', { name: 'To matches' }).getByRole('button', { name: /Quinto4 Sur/ }).click();
    await page.getByRole('button', { name: 'Shortest path' }).click();
    const result = page.getByTestId('path-result');
    await result.waitFor();
    const text = (await result.textContent()) ?? '';
    // Straw3 → Raul (phone) → Straw1 (phone) → Quinto1 (the Yuma address) → Quinto4 (phone or address).
    expect(text).toMatch(/Raul Ibarra/);
    expect(text).toMatch(/Straw1 Norte/);
    expect(text).toMatch(/Quinto1 Sur/);
    expect(text).toMatch(/77 Bridge Ln|BRIDGE/i);
    await screenshot(page, 'network-path');
  });

  it('shows who connects the flagged people', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, 'nina', 'network-pass-1');
    await page.getByRole('link', { name: 'Network' }).click();
    await page.getByRole('button', { name: 'Who connects the flagged' }).click();
    const res = page.getByTestId('connectors-result');
    await res.waitFor();
    await expect(res.textContent()).resolves.toMatch(/2 people searched, 1 pair linked into 1 group/);
    await expect(res.locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    const file = await screenshot(page, 'network-connectors');
    expect(fs.statSync(file).size).toBeGreaterThan(5000);
  });
});
