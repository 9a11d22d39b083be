/**
 * `interdict traces ...`, `interdict suspects ...`, `interdict alerts ...`. Reads act as a named user (--user,
 * default admin) so that the same permissions, agency scope and audit apply as on the web; the clock check runs
 * with the machine's authority, like the server's timer.
 */
import { Command } from 'commander';
import type { AppContext } from '../../server/context.js';
import { AppError } from '../../server/errors.js';
import { cliActor, UsageError, withContext } from '../../cli/context.js';
import { TRACE_STATUSES } from '../../domain/codes.js';
import type { Principal } from '../auth/principal.js';
import { APPROVAL_VERDICTS, DECISION_ACTIONS, type ApprovalVerdict, type DecisionAction } from '../alerts/decision-rules.js';
import { listAlerts, recordDecision, reviewDecision } from '../alerts/decisions.service.js';
import { reviewLateResult } from './late-results.js';
import { deliverWebhooks } from '../alerts/webhook.js';
import { gunsAtLarge, listRegister } from '../suspects/suspects.service.js';
import { checkClocks } from './clocks.service.js';
import { getTrace, listTraces } from './query.service.js';

type Row = Record<string, unknown>;

function table(rows: Row[], cols: string[]): string {
  if (rows.length === 0) return '(none)\n';
  const cell = (v: unknown) => (v == null ? '' : v instanceof Date ? v.toISOString().slice(0, 16).replace('T', ' ') : Array.isArray(v) ? v.join(',') : String(v));
  const widths = cols.map((c) => Math.min(40, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))));
  const line = (vals: string[]) => vals.map((v, i) => v.slice(0, widths[i]).padEnd(widths[i])).join('  ').trimEnd();
  return `${[line(cols), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join('\n')}\n`;
}

function out(json: boolean, data: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : text());
}

async function asUser(ctx: AppContext, username: string): Promise<Principal> {
  const p = await ctx.auth.principalFor(username);
  if (!p) throw new UsageError(`no user named ${username}`);
  return { ...p, requestId: `cli:${process.pid}` };
}

/** Refusals and missing records print their message and exit 1, never a stack trace. */
async function run(fn: (ctx: AppContext) => Promise<void>): Promise<void> {
  try {
    await withContext(fn);
  } catch (e) {
    if (e instanceof AppError) {
      process.stderr.write(`interdict: ${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${v} is not a positive whole number`);
  return n;
};

function tracesCommand(): Command {
  const traces = new Command('traces').description('Trace requests: list, show, clocks');
  traces
    .command('list')
    .description('List trace requests the user may see')
    .option('--user <name>', 'act as this user (scope and audit)', 'admin')
    .option('--status <status>', `one of ${TRACE_STATUSES.join(', ')}`)
    .option('--overdue', 'only open traces past their target')
    .option('--serial <serial>', 'a serial (confusables and separators ignored; ? for unknown positions)')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'JSON output')
    .action(async (o: { user: string; status?: string; overdue?: boolean; serial?: string; limit: string; json?: boolean }) => {
      if (o.status && !(TRACE_STATUSES as readonly string[]).includes(o.status)) throw new UsageError(`--status must be one of ${TRACE_STATUSES.join(', ')}`);
      const limit = positiveInt(o.limit);
      await run(async (ctx) => {
        const p = await asUser(ctx, o.user);
        const rows = await ctx.db.transaction().execute((tx) => listTraces(tx, p, { status: o.status, overdue: o.overdue, serial: o.serial, limit }));
        out(Boolean(o.json), rows, () =>
          table(rows as unknown as Row[], ['id', 'trace_number', 'status', 'priority', 'serial_raw', 'maker', 'recovered_on', 'answered_by_source', 'ttc_days', 'result_flags', 'overdue_hours']),
        );
      });
    });
  traces
    .command('show <id>')
    .description('One trace with its chain of distribution (reading people is audited)')
    .option('--user <name>', 'act as this user (scope and audit)', 'admin')
    .option('--json', 'JSON output')
    .action(async (id: string, o: { user: string; json?: boolean }) => {
      const traceId = positiveInt(id);
      await run(async (ctx) => {
        const p = await asUser(ctx, o.user);
        const d = await ctx.db.transaction().execute((tx) => getTrace(tx, p, traceId));
        out(Boolean(o.json), d, () => {
          const t = d.trace;
          const lines = [
            `${t.trace_number}  ${t.status}${t.not_completed_label ? ` (${t.not_completed_label})` : ''}  ${t.priority}, due ${new Date(t.due_at).toISOString()}`,
            `gun: ${[d.firearm.maker, d.firearm.model, d.firearm.caliber].filter(Boolean).join(' ')} serial ${d.firearm.serial_raw ?? '(none)'}`,
            `recovered ${d.recovery?.recovered_on ?? '?'} in ${[d.recovery?.city, d.recovery?.state ?? d.recovery?.mx_state, d.recovery?.country].filter(Boolean).join(', ')}`,
            t.answered_by_source ? `answered by ${t.answered_by_source}${t.answered_by_ref ? ` (${t.answered_by_ref})` : ''}` : 'not answered yet',
            t.ttc_days != null ? `time-to-crime ${t.ttc_days} days (${t.ttc_bracket_label})` : '',
            t.flag_labels.length ? `flags: ${t.flag_labels.join('; ')}` : '',
            'chain:',
            ...d.chain.map((h) => `  ${h.seq}. ${h.role.padEnd(12)} ${h.name ?? ''} ${h.licence_number ?? ''} ${h.received_on ?? ''}..${h.disposed_on ?? ''} [${h.source_kind}]`),
            d.lateResults.length ? 'further results:' : '',
            ...d.lateResults.map((l) => `  #${l.id} ${l.kind === 'hop' ? `hop ${l.hop_seq} ${l.role} ${l.name ?? ''} ${l.licence_number ?? ''}` : `not completed: ${l.not_completed_label}`} [${l.source_ref}] ${l.review_status === 'open' ? 'TO REVIEW' : l.review_status}${l.conflicts.map((c) => `\n      ${c}`).join('')}`),
          ];
          return `${lines.filter(Boolean).join('\n')}\n`;
        });
      });
    });
  traces
    .command('review-result <traceId> <lateResultId>')
    .description('Record that you reviewed a further result that disagrees with the trace (closes its review alert)')
    .requiredOption('--note <text>', 'what you found')
    .option('--user <name>', 'act as this user (a tracer)', 'admin')
    .action(async (traceId: string, lateId: string, o: { note: string; user: string }) => {
      const [t, l] = [positiveInt(traceId), positiveInt(lateId)];
      await run(async (ctx) => {
        const p = await asUser(ctx, o.user);
        await ctx.db.transaction().execute((tx) => reviewLateResult(tx, p, t, l, o.note));
        process.stdout.write(`further result ${l} of trace ${t} reviewed\n`);
      });
    });
  traces
    .command('check-clocks')
    .description('Escalate traces past their target (urgent 24 h, routine 7 days) and dealers past their 24 hours')
    .action(async () => {
      await run(async (ctx) => {
        const r = await ctx.db.transaction().execute((tx) => checkClocks(tx, cliActor()));
        const hooks = await deliverWebhooks(ctx.db, ctx.config.webhookUrl);
        process.stdout.write(`${r.overdueTraces} overdue trace(s), ${r.overdueDealers} overdue dealer request(s); ${r.alertsRaised} new escalation(s); webhook: ${hooks.sent} sent, ${hooks.retrying} to retry\n`);
      });
    });
  return traces;
}

function suspectsCommand(): Command {
  const suspects = new Command('suspects').description('The suspect-gun register and the guns at large');
  suspects
    .command('list')
    .description('Register entries the user may see')
    .option('--user <name>', 'act as this user', 'admin')
    .option('--status <status>', 'pending, approved, rejected, recovered or closed')
    .option('--review-due', 'only approved entries past their review date')
    .option('--json', 'JSON output')
    .action(async (o: { user: string; status?: string; reviewDue?: boolean; json?: boolean }) => {
      await run(async (ctx) => {
        const p = await asUser(ctx, o.user);
        let rows = await ctx.db.transaction().execute((tx) => listRegister(tx, p, { status: o.reviewDue ? 'approved' : o.status }));
        if (o.reviewDue) rows = rows.filter((r) => r.review_due);
        out(Boolean(o.json), rows, () => table(rows as unknown as Row[], ['id', 'status', 'case_number', 'serial_raw', 'maker', 'model', 'reason', 'review_on', 'matches']));
      });
    });
  suspects
    .command('at-large')
    .description('Approved suspect guns not yet recovered, with their decisions')
    .option('--user <name>', 'act as this user', 'admin')
    .option('--json', 'JSON output')
    .action(async (o: { user: string; json?: boolean }) => {
      await run(async (ctx) => {
        const p = await asUser(ctx, o.user);
        const rows = await ctx.db.transaction().execute((tx) => gunsAtLarge(tx, p));
        out(Boolean(o.json), rows, () =>
          table(
            rows.map((r) => ({ ...r, last_decision: r.decisions.at(-1)?.action ?? '(none)' })) as unknown as Row[],
            ['id', 'case_number', 'serial_raw', 'maker', 'model', 'age', 'monitored', 'open_alerts', 'last_decision', 'review_on'],
          ),
        );
      });
    });
  return suspects;
}

function alertsCommand(): Command {
  const alerts = new Command('alerts').description('The alert inbox');
  alerts
    .command('list')
    .description('Alerts the user was told of (or, with --all, all they may see); each with its age')
    .option('--user <name>', 'act as this user', 'admin')
    .option('--all', 'all alerts the user may see, not only their inbox')
    .option('--status <list>', 'comma-separated statuses', 'open,awaiting_approval')
    .option('--json', 'JSON output')
    .action(async (o: { user: string; all?: boolean; status: string; json?: boolean }) => {
      await run(async (ctx) => {
        const p = await asUser(ctx, o.user);
        const rows = await ctx.db.transaction().execute((tx) => listAlerts(tx, p, { mine: !o.all, statuses: o.status.split(',').filter(Boolean) }));
        out(Boolean(o.json), rows, () => table(rows as unknown as Row[], ['id', 'kind', 'status', 'severity', 'case_number', 'age', 'title']));
      });
    });
  alerts
    .command('decide <alertId>')
    .description(`Record the decision on an alert: ${DECISION_ACTIONS.join(', ')} (continue_monitoring needs --justification and a supervisor's approval)`)
    .requiredOption('--action <action>', DECISION_ACTIONS.join(' | '))
    .option('--justification <text>', 'why (required for continue_monitoring)')
    .option('--user <name>', 'act as this user', 'admin')
    .action(async (alertId: string, o: { action: string; justification?: string; user: string }) => {
      const id = positiveInt(alertId);
      if (!(DECISION_ACTIONS as readonly string[]).includes(o.action)) throw new UsageError(`--action must be one of ${DECISION_ACTIONS.join(', ')}`);
      await run(async (ctx) => {
        const p = await asUser(ctx, o.user);
        const r = await ctx.db.transaction().execute((tx) => recordDecision(tx, p, id, { action: o.action as DecisionAction, justification: o.justification }));
        process.stdout.write(`${JSON.stringify(r)}\n`);
      });
    });
  alerts
    .command('review-decision <decisionId>')
    .description("A supervisor approves or rejects a decision to keep watching a flagged gun")
    .requiredOption('--verdict <verdict>', APPROVAL_VERDICTS.join(' | '))
    .option('--note <text>', 'why')
    .option('--user <name>', 'act as this user (a supervisor)', 'admin')
    .action(async (decisionId: string, o: { verdict: string; note?: string; user: string }) => {
      const id = positiveInt(decisionId);
      if (!(APPROVAL_VERDICTS as readonly string[]).includes(o.verdict)) throw new UsageError(`--verdict must be one of ${APPROVAL_VERDICTS.join(', ')}`);
      await run(async (ctx) => {
        const p = await asUser(ctx, o.user);
        const r = await ctx.db.transaction().execute((tx) => reviewDecision(tx, p, id, o.verdict as ApprovalVerdict, o.note ?? null));
        process.stdout.write(`${JSON.stringify(r)}\n`);
      });
    });
  return alerts;
}

export function tracingCommands(): Command[] {
  return [tracesCommand(), suspectsCommand(), alertsCommand()];
}
