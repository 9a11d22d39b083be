import { execFileSync } from 'node:child_process';

/** Builds the web application once before the browser tests, so they test what users get. */
export default function setup(): void {
  if (process.env.INTERDICT_SKIP_WEB_BUILD === '1') return;
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
}
