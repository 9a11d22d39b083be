import { Command, CommanderError } from 'commander';
import { allCommands } from './commands.js';
import { UsageError } from './context.js';
import { reportFatal } from '../server/main.js';

/** Commander would call process.exit itself on usage errors in nested commands; we map exits ourselves. */
function overrideExits(cmd: Command): void {
  cmd.exitOverride();
  for (const sub of cmd.commands) overrideExits(sub);
}

/** Exit codes: 0 ok, 1 error, 2 bad usage. */
export async function runCli(argv: string[]): Promise<void> {
  const program = new Command('interdict')
    .description('Interdict: crime-gun tracing and firearms-trafficking intelligence')
    .showHelpAfterError()
    .exitOverride();
  for (const c of allCommands()) program.addCommand(c);
  overrideExits(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exit(err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0 ? 0 : 2);
    }
    if (err instanceof UsageError) {
      process.stderr.write(`interdict: ${err.message}\n`);
      process.exit(2);
    }
    reportFatal(err);
  }
}

await runCli(process.argv);
