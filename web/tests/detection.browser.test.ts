import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { SYSTEM_ACTOR } from '../../src/features/audit/audit.service.js';
import { runDetection } from '../../src/features/detection/detect.service.js';
import { AK, Fixture, GLOCK } from '../../src/features/detection/fixtures.js';
import { complianceFindings } from '../../src/features/sales/compliance.service.js';
import { screenshot, signIn, startBrowser, startServer, type TestBrowser, type TestServer } from './harness.js';

describe('detection pages', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let reportId = 0;
  beforeAll(async () => {
    server = await startServer();
    await server.addUser('ana', 'analyst-pass-1', ['analyst'], 'ATFNTC000');
    const f = new Fixture(server.ctx.db);
    const d1 = await f.dealer({ state: 'AZ', name: 'Desert Arms' });
    const d2 = await f.dealer({ state: 'AZ', name: 'Cactus Guns' });
    const d3 = await f.dealer({ state: 'NM', name: 'Mesa Firearms' });
    const buyer = await f.person({ given: 'Luis', surname: 'Garza', dob: '1991-02-03', street: '9 Palm Rd', postcode: '85001' });
    reportId = (await f.report({ dealer: d1, buyer, date: '2012-02-06', cash: true, guns: [AK, AK, AK] })).id;
    await f.report({ dealer: d1, buyer, date: '2012-02-08', cash: true, connected: true, earlier: '2012-02-06', guns: [AK, AK] });
    await f.report({ dealer: d2, buyer, date: '2012-02-10', cash: true, guns: [AK, AK, AK, AK] });
    await f.report({ dealer: d3, buyer, date: '2012-02-14', cash: true, guns: [AK, AK, AK] });
    await f.trace({ dealer: d1, buyer, saleDate: '2012-02-06', gun: AK, recoveredOn: '2012-04-01', country: 'MX', mxState: 'SON' });
    const other = await f.person({ given: 'Rosa', surname: 'Vega', dob: '1988-08-08' });
    await f.trace({ dealer: d2, buyer: other, saleDate: '2012-03-05', gun: GLOCK, recoveredOn: '2013-01-10', state: 'CA' });
    await f.trace({ dealer: d2, buyer: other, saleDate: '2012-03-07', gun: GLOCK, recoveredOn: '2013-04-10', state: 'AZ' });
    await runDetection(server.ctx.db, { mode: 'full', trigger: 'test', actor: SYSTEM_ACTOR, findings: complianceFindings });
    browser = await startBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('ranks people, opens a person with reasons and evidence, and follows the evidence to a report and its chain', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, 'ana', 'analyst-pass-1');
    await page.getByRole('link', { name: 'Risk ranking' }).click();
    await page.getByTestId('risk-people').waitFor();
    await page.getByRole('link', { name: 'Luis Garza' }).click();
    await page.getByTestId('risk-reasons').waitFor();
    const reasons = await page.getByTestId('risk-reasons').textContent();
    expect(reasons).toMatch(/bought at 3 different dealers within 30 days/);
    expect(reasons).toMatch(/recovered in Mexico \(SON\)/);
    expect(Number(await page.getByTestId('risk-score').textContent())).toBeGreaterThanOrEqual(50);
    expect(fs.statSync(await screenshot(page, 'detection-person')).size).toBeGreaterThan(5000);
    await page.goto(`${server.url}/sales/reports/${reportId}`);
    await page.getByTestId('report-chain').waitFor();
    expect(await page.getByTestId('report-chain').locator('tbody tr').count()).toBe(2);
  });

  it('shows dealers ranked and a dealer profile with an unreported multiple sale', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, 'ana', 'analyst-pass-1');
    await page.goto(`${server.url}/detection?tab=dealers`);
    await page.getByTestId('risk-dealers').waitFor();
    await page.getByRole('link', { name: 'Cactus Guns' }).click();
    await page.getByTestId('dealer-score').waitFor();
    await expect(page.getByText(/sold 2 handguns \(F 3310\.4\) to Rosa Vega within five business days/).isVisible()).resolves.toBe(true);
    expect(fs.statSync(await screenshot(page, 'detection-dealer')).size).toBeGreaterThan(5000);
  });
});
