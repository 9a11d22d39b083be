import { Command, Option } from 'commander';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { verifyAuditChain } from '../features/audit/audit.service.js';
import { ROLES } from '../features/auth/roles.js';
import { serve } from '../server/main.js';
import { cliActor, UsageError, withContext } from './context.js';

export function coreCommands(): Command[] {
  const serveCmd = new Command('serve').description('Start the HTTP API and web application').action(async () => serve());

  const migrate = new Command('migrate')
    .description('Apply pending database migrations')
    .action(async () => {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const r = await migrateToLatest(database.db);
        process.stdout.write(r.applied.length ? `Applied: ${r.applied.join(', ')}\n` : 'Database is up to date.\n');
      } finally {
        await database.close();
      }
    });

  const user = new Command('user').description('Manage users');
  user
    .command('add')
    .description('Create a user')
    .requiredOption('--username <name>')
    .requiredOption('--agency <ORI>', 'the agency (ORI) the user belongs to; created if new')
    .addOption(new Option('--role <role...>', 'one or more roles').choices([...ROLES]).makeOptionMandatory())
    .option('--password <pw>', 'password (or set INTERDICT_NEW_PASSWORD)')
    .option('--display-name <name>')
    .option('--supervisor <username>')
    .option('--dealer-licence <licence>')
    .action(async (o: { username: string; agency: string; role: string[]; password?: string; displayName?: string; supervisor?: string; dealerLicence?: string }) => {
      const password = o.password ?? process.env.INTERDICT_NEW_PASSWORD;
      if (!password) throw new UsageError('--password or INTERDICT_NEW_PASSWORD is required');
      await withContext(async (ctx) => {
        const id = await ctx.auth.createUser(cliActor(), {
          username: o.username, displayName: o.displayName, password, agencyOri: o.agency, roles: o.role,
          supervisorUsername: o.supervisor, dealerLicence: o.dealerLicence,
        });
        process.stdout.write(`Created user ${o.username} (id ${id}) with roles ${o.role.join(', ')}\n`);
      });
    });

  const token = new Command('token').description('API tokens');
  token
    .command('create')
    .description('Create an API token for a user and print it once')
    .requiredOption('--user <username>')
    .option('--name <name>', 'what the token is for', 'cli')
    .action(async (o: { user: string; name: string }) => {
      await withContext(async (ctx) => {
        const t = await ctx.auth.createApiToken(cliActor(), o.user, o.name);
        process.stdout.write(`${t.token}\n`);
        process.stderr.write(`Token ${t.id} for ${o.user}: use it as "Authorization: Bearer <token>". It is not shown again.\n`);
      });
    });

  const audit = new Command('audit').description('The audit log');
  audit
    .command('verify')
    .description('Check the hash chain of the audit log; names the first broken link')
    .action(async () => {
      await withContext(async (ctx) => {
        const r = await verifyAuditChain(ctx.db, (n) => process.stderr.write(`\rchecked ${n} events`));
        process.stderr.write('\n');
        if (r.ok) {
          process.stdout.write(`Audit log intact: ${r.checked} events verified.\n`);
        } else {
          process.stdout.write(`AUDIT LOG BROKEN at event ${r.firstBroken!.id}: ${r.firstBroken!.problem} (${r.checked} events before it verified)\n`);
          process.exitCode = 1;
        }
      });
    });

  return [serveCmd, migrate, user, token, audit];
}
