import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referByPrincipal, reviewEntry } from '../../src/features/suspects/suspects.service.js';
import { createCase } from '../../src/features/cases/cases.service.js';
import { screenshot, signIn, startBrowser, startServer, type TestBrowser, type TestServer } from './harness.js';

describe('tracing: a misread flagged serial raises an alert that gets a decision', () => {
  let server: TestServer;
  let browser: TestBrowser;
  beforeAll(async () => {
    server = await startServer();
    await server.addUser('sup', 'supervisor-pass-1', ['supervisor'], 'AZ0070000');
    await server.addUser('inv', 'investigator-pass-1', ['investigator'], 'AZ0070000', 'sup');
    await server.addUser('req', 'requester-pass-1', ['requester'], 'AZ0070000');
    const { ctx } = server;
    const inv = (await ctx.auth.principalFor('inv'))!;
    const sup = (await ctx.auth.principalFor('sup'))!;
    await ctx.db.transaction().execute((tx) => createCase(tx, inv, { caseNumber: 'AZ-2024-0777', title: 'AK rifles to Sonora' }));
    const entry = await ctx.db.transaction().execute((tx) =>
      referByPrincipal(tx, inv, {
        entry_id: 'SG-1', case_number: 'AZ-2024-0777', agency_ori: 'AZ0070000', investigator: 'inv', reason: 'trafficking',
        manufacturer: 'Romarm', importer: 'Century Arms', serial: 'RO1234-5678', model: 'WASR-10', caliber: '7.62x39', type: 'rifle',
        referred_on: '2024-02-01',
      } as never),
    );
    await ctx.db.transaction().execute((tx) => reviewEntry(tx, sup, entry.id, 'approved', null));
    browser = await startBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a requester submits "R01234 S678"; the investigator sees the alert and records a decision', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, 'req', 'requester-pass-1');
    await page.goto(`${server.url}/traces/new`);
    await page.locator('input[name=serial]').fill('R01234 S678');
    await page.locator('input[name=manufacturer]').fill('Cugir');
    await page.locator('input[name=country_of_origin]').fill('RO');
    await page.locator('input[name=importer]').fill('Century Arms');
    await page.locator('input[name=model]').fill('WASR-10');
    await page.locator('input[name=caliber]').fill('7.62x39');
    await page.locator('input[name=recovery_state]').fill('AZ');
    await page.locator('input[name=recovery_city]').fill('Nogales');
    // The entry check explains that confusable characters are matched either way.
    await page.getByTestId('check-serial').first().waitFor();
    await page.getByRole('button', { name: 'Submit trace request' }).click();
    await page.getByRole('heading', { name: /Trace T\d{4}-/ }).waitFor();
    await screenshot(page, 'tracing-submitted');

    const inv = await browser.newPage();
    await signIn(inv, server.url, 'inv', 'investigator-pass-1');
    await inv.goto(`${server.url}/alerts`);
    const link = inv.getByTestId('alert-inbox').getByRole('link', { name: /RO1234-5678/ });
    await link.waitFor();
    await link.click();
    await inv.getByTestId('alert-reasons').waitFor();
    await expect(inv.getByTestId('alert-reasons').textContent()).resolves.toMatch(/confusable/);
    await inv.getByRole('radio', { name: /seize/ }).check();
    await inv.locator('textarea[name=justification]').fill('Seize at the border crossing before it moves south.');
    await inv.getByRole('button', { name: 'Record decision' }).click();
    await inv.getByTestId('decision-trail').getByText('seize', { exact: true }).waitFor();
    await expect(inv.getByTestId('alert-status').textContent()).resolves.toMatch(/decided/);
    await screenshot(inv, 'tracing-alert-decided');
  });
});
