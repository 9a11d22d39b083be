import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { screenshot, signIn, startBrowser, startServer, type TestBrowser, type TestServer } from './harness.js';

describe('web shell', () => {
  let server: TestServer;
  let browser: TestBrowser;
  beforeAll(async () => {
    server = await startServer();
    await server.addUser('ivy', 'investigator-pass-1', ['investigator'], 'AZ0070000');
    browser = await startBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses a wrong password on the login form', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByLabel('Username').fill('ivy');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/Wrong username or password/);
  });

  it('signs in, shows the navigation for the role, and takes a screenshot', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, 'ivy', 'investigator-pass-1');
    await expect(page.getByTestId('whoami').textContent()).resolves.toContain('AZ0070000');
    await expect(page.getByRole('heading', { name: 'Dashboard' }).isVisible()).resolves.toBe(true);
    const file = await screenshot(page, 'shell-dashboard');
    expect(fs.statSync(file).size).toBeGreaterThan(5000);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });
});
