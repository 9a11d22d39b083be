import type { Command } from 'commander';
import { coreCommands } from './core-commands.js';
import { retentionCommand } from '../features/retention/retention.cli.js';
import { statsCommands } from '../features/stats/stats.command.js';
import { detectionCommands } from '../features/detection/detection.cli.js';
import { resolutionCommands } from '../features/resolution/resolution.cli.js';
import { importCommand } from '../features/ingest/ingest.cli.js';
import { networkCommands } from '../features/network/network.cli.js';
import { tracingCommands } from '../features/tracing/tracing.cli.js';
import { simulateCommand } from '../simulate/cli.js';
import { linkCommand } from '../features/resolution/link.command.js';

/** Every CLI command. A feature adds its command factory here. */
export function allCommands(): Command[] {
  return [
    ...coreCommands(),
    ...networkCommands(),
    ...statsCommands(),
    retentionCommand(),
    ...detectionCommands(),
    ...resolutionCommands(),
    importCommand(),
    ...tracingCommands(),
    simulateCommand(),
    linkCommand(),
  ];
}
