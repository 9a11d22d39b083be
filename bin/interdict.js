#!/usr/bin/env node
// The `interdict` command. Runs the TypeScript sources through tsx (no build step needed).
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
