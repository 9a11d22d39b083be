import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/server/app.js';
import { closeContext, createContext } from '../../src/server/boot.js';
import type { AppContext } from '../../src/server/context.js';
import { SYSTEM_ACTOR } from '../../src/features/audit/audit.service.js';
import { createTestDatabase } from '../../src/testing/db.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');

export interface TestServer {
  url: string;
  ctx: AppContext;
  app: FastifyInstance;
  /** Creates a user with a password (for signing in through the login form). */
  addUser(username: string, password: string, roles: string[], agencyOri?: string, supervisor?: string): Promise<void>;
  close(): Promise<void>;
}

/** The real application with the built web pages, on its own test database, listening on a free local port. */
export async function startServer(): Promise<TestServer> {
  const database = await createTestDatabase();
  const config = loadConfig({ INTERDICT_DATA: '/nonexistent', LOG_LEVEL: 'silent', INTERDICT_DEMO: '0', PORT: '0' });
  const ctx = await createContext(config, database);
  const app = await buildApp(ctx, { logger: false });
  ctx.jobs.start();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    ctx,
    app,
    async addUser(username, password, roles, agencyOri = 'AZ0070000', supervisor) {
      await ctx.auth.createUser(SYSTEM_ACTOR, { username, password, roles, agencyOri, supervisorUsername: supervisor });
    },
    async close() {
      await app.close();
      await closeContext(ctx);
    },
  };
}

export interface TestBrowser {
  browser: Browser;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function startBrowser(): Promise<TestBrowser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'interdict-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
  return {
    browser,
    newPage: async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      return context.newPage();
    },
    close: async () => {
      await browser.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the login form, as a person would. */
export async function signIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('whoami').waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
