import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../../src/features/audit/audit.service.js';
import { agencyId, insertBackground, insertRecords } from '../../src/features/resolution/fixtures.js';
import { runResolution } from '../../src/features/resolution/resolve.service.js';
import { screenshot, signIn, startBrowser, startServer, type TestBrowser, type TestServer } from './harness.js';

describe('entity resolution in the browser', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let ana: number[];

  beforeAll(async () => {
    server = await startServer();
    const db = server.ctx.db;
    await agencyId(db, 'ATF000001', 'atf');
    await insertBackground(db, 1200, 21);
    ana = await insertRecords(db, [
      { role: 'msr_buyer', source_kind: 'multiple_sale', given_name: 'Ana', surname: 'Quintero', maternal_surname: 'Salas', dob: '1990-03-12', sex: 'F', id_number: 'D1234567', street: '2215 North 67th Avenue', city: 'Phoenix', state: 'AZ', postcode: '85033' },
      { role: 'trace_buyer', source_kind: 'trace_result', given_name: 'ANA', surname: 'QUINTERO', dob: '1990-12-03', sex: 'F', street: '2215 N 67th Ave', city: 'PHOENIX', state: 'AZ', postcode: '85033' },
    ]);
    await runResolution(db, { mode: 'full', trigger: 'test', actor: SYSTEM_ACTOR });
    await server.addUser('nadia', 'analyst-pass-1', ['analyst'], 'ATF000001');
    browser = await startBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('finds a person, shows the records from two sources and why they were joined', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, 'nadia', 'analyst-pass-1');
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByLabel('Name, birth date or ID').fill('quintero 1990-03-12');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Ana Quintero Salas' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ana Quintero Salas' }).waitFor();
    await expect(page.getByTestId('record-count').textContent()).resolves.toBe('2');
    const link = page.getByTestId(`link-${ana[1]}`);
    await expect(link.textContent()).resolves.toMatch(new RegExp(`Record #${ana[1]} .*joined to record #${ana[0]}`));
    await expect(link.textContent()).resolves.toMatch(/birth dates with day and month swapped/);
    await expect(link.textContent()).resolves.toMatch(/maternal surname dropped/);
    const file = await screenshot(page, 'resolution-person');
    expect(fs.statSync(file).size).toBeGreaterThan(5000);
  });

  it('answers a review item: the pair leaves the queue and the answer is kept', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, 'nadia', 'analyst-pass-1');
    await page.getByRole('link', { name: 'Identity review' }).click();
    const total = page.getByTestId('review-total');
    await total.waitFor();
    const before = Number((await total.textContent())!.split(' ')[0]);
    expect(before).toBeGreaterThan(0);
    const card = page.locator('article.er-review').first();
    const id = Number((await card.getAttribute('data-testid'))!.replace('review-', ''));
    await expect(card.locator('table.er-compare').isVisible()).resolves.toBe(true);
    await expect(card.locator('table.er-fields').isVisible()).resolves.toBe(true);
    await screenshot(page, 'resolution-review');
    await card.getByLabel('Note (why)').fill('different people: the IDs name different mothers');
    await card.getByRole('button', { name: 'Different people' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(new RegExp(`Pair ${id}: two people`));
    await expect(total.textContent()).resolves.toBe(`${before - 1} pending pair${before - 1 === 1 ? '' : 's'}`);
    const item = await server.ctx.db.selectFrom('resolution_review_items').select(['status', 'note']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(item).toEqual({ status: 'rejected', note: 'different people: the IDs name different mothers' });

    // The answer binds the next run: the two records are two people and the pair is not asked again.
    const db = server.ctx.db;
    const pair = await db.selectFrom('resolution_review_items').select(['record_a_id', 'record_b_id']).where('id', '=', id).executeTakeFirstOrThrow();
    await runResolution(db, { mode: 'full', trigger: 'test', actor: SYSTEM_ACTOR });
    const owners = await sql<{ a: string; b: string }>`SELECT person_of(${pair.record_a_id}) AS a, person_of(${pair.record_b_id}) AS b`.execute(db);
    expect(owners.rows[0].a).not.toBe(owners.rows[0].b);
    await page.reload();
    await total.waitFor();
    await expect(page.getByTestId(`review-${id}`).count()).resolves.toBe(0);
    const pending = await db.selectFrom('resolution_review_items').select('status').where('record_a_id', '=', pair.record_a_id).where('record_b_id', '=', pair.record_b_id).execute();
    expect(pending.map((r) => r.status)).toEqual(['rejected']);
  });
});
