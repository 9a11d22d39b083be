import type { Command } from 'commander';
import { coreCommands } from './core-commands.js';

/** Every CLI command. A feature adds its command factory here. */
export function allCommands(): Command[] {
  return [...coreCommands()];
}
