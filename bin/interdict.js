#!/usr/bin/env -S node --max-semi-space-size=64
// A young generation of 64 MB rather than 16: detection allocates millions of short-lived rows and events, and
// with the default, garbage collection was 16 of 118 s of CPU in a benchmark run (docs/adr/0014).
// The `interdict` command. Runs the TypeScript sources through tsx (no build step needed).
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
