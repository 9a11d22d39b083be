import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvOf, dealerRow } from '../../src/features/ingest/fixtures.js';
import { screenshot, signIn, startBrowser, startServer, type TestBrowser, type TestServer } from './harness.js';

describe('uploading a file on the Imports page', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let dir: string;

  beforeAll(async () => {
    server = await startServer();
    await server.addUser('tina', 'tracer-pass-123', ['tracer'], 'AZ0070000');
    browser = await startBrowser();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interdict-upload-'));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uploads a file with one bad row: progress runs to the end, the good rows are in, the bad one is shown with its line and reason', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => dealerRow(900 + i));
    // Line 4 of the file (the header is line 1).
    rows[2] = { ...rows[2], licence_number: '12345' };
    const file = path.join(dir, 'dealers-upload.csv');
    fs.writeFileSync(file, csvOf('dealers', rows));

    const page = await browser.newPage();
    await signIn(page, server.url, 'tina', 'tracer-pass-123');
    await page.getByRole('link', { name: 'Imports' }).click();
    await page.getByLabel('File', { exact: true }).setInputFiles(file);
    await page.getByRole('button', { name: 'Upload and import' }).click();

    const job = page.getByTestId('import-job');
    await job.filter({ hasText: 'completed' }).waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('import-progress').getAttribute('value')).resolves.toBe('100');
    await expect(page.getByTestId('import-progress-text').textContent()).resolves.toMatch(/^100% · 5 imported · 1 rejected · 0 duplicate/);
    await expect(job.textContent()).resolves.toContain('dealers-upload.csv: 5 imported, 1 rejected, 0 duplicate');

    const rejects = page.getByTestId('import-rejects');
    await rejects.waitFor();
    const cells = await rejects.locator('tbody tr').first().locator('td').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['4', 'licence_number', '12345 is not an ATF licence number (like 9-86-013-01-2A-12345)']);
    expect(cells[3]).toContain('12345');
    expect(await rejects.locator('tbody tr').count()).toBe(1);
    // The list of imports names the file with its counts.
    const listed = page.getByRole('row').filter({ hasText: 'dealers-upload.csv' });
    await expect(listed.textContent()).resolves.toMatch(/completed/);
    await screenshot(page, 'imports-upload-with-reject');

    // And the database agrees with the page.
    const held = await server.ctx.db.selectFrom('dealers').select('licence_number').where('source_ref', 'like', 'dealers-upload.csv:%').execute();
    expect(held).toHaveLength(5);
  });
});
