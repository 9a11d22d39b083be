/**
 * The clocks: a trace past its target (urgent 24 h, routine 7 days) and a dealer past its 24 hours raise an
 * escalation. Run by a timer in the server and by `interdict traces check-clocks`; idempotent (one alert per
 * overdue trace or dealer query), so running it often is safe. The escalation closes itself when the trace ends or
 * the dealer answers.
 */
import type { Tx } from '../../db/types.js';
import type { Actor } from '../audit/audit.service.js';
import { raiseAlert, type AlertRecipient } from '../alerts/alerts.service.js';
import { hoursOverdue } from './lifecycle.js';

export interface ClockCheckResult {
  overdueTraces: number;
  overdueDealers: number;
  alertsRaised: number;
}

/** Supervisors of the national tracing center: they own traces nobody has taken yet. */
export async function tracingSupervisors(tx: Tx): Promise<AlertRecipient[]> {
  const rows = await tx
    .selectFrom('users')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .select('users.id')
    .where('agencies.kind', '=', 'atf')
    .where('users.active', '=', true)
    .where((eb) => eb(eb.val('supervisor'), '=', eb.fn.any('users.roles')))
    .execute();
  return rows.map((r) => ({ userId: r.id, reason: 'tracing_supervisor' }));
}

export async function checkClocks(tx: Tx, actor: Actor, now: Date = new Date(), limit = 5000): Promise<ClockCheckResult> {
  const result: ClockCheckResult = { overdueTraces: 0, overdueDealers: 0, alertsRaised: 0 };
  const traces = await tx
    .selectFrom('trace_requests as t')
    .leftJoin('users as u', 'u.id', 't.assigned_to')
    .select(['t.id', 't.trace_number', 't.priority', 't.due_at', 't.agency_id', 't.assigned_to', 'u.supervisor_id'])
    .where('t.status', 'in', ['submitted', 'in_progress'])
    .where('t.due_at', '<', now)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('alerts').select('id').whereRef('alerts.trace_id', '=', 't.id').where('alerts.kind', '=', 'trace_overdue'))))
    .orderBy('t.due_at')
    .limit(limit)
    .execute();
  let ntc: AlertRecipient[] | null = null;
  for (const t of traces) {
    result.overdueTraces++;
    const notify: AlertRecipient[] = [];
    if (t.assigned_to == null) notify.push(...(ntc ??= await tracingSupervisors(tx)));
    const late = hoursOverdue(new Date(t.due_at), now);
    const a = await raiseAlert(tx, actor, {
      kind: 'trace_overdue',
      title: `${t.priority === 'urgent' ? 'Urgent' : 'Routine'} trace ${t.trace_number} is past its ${t.priority === 'urgent' ? '24-hour' : '7-day'} target`,
      severity: t.priority === 'urgent' ? 'high' : 'normal',
      traceId: t.id,
      agencyId: t.agency_id,
      assignedTo: t.assigned_to,
      reasons: [{ code: 'clock_expired', text: `due ${new Date(t.due_at).toISOString()}, ${late} hour(s) late`, evidence: [{ type: 'trace', id: t.id }] }],
      dedupeKey: `trace_overdue:${t.id}`,
      notify,
    });
    if (a.created) result.alertsRaised++;
  }
  const dealers = await tx
    .selectFrom('trace_dealer_queries as q')
    .innerJoin('trace_requests as t', 't.id', 'q.trace_id')
    .select(['q.id', 'q.dealer_licence', 'q.due_at', 'q.asked_by', 't.id as trace_id', 't.trace_number', 't.agency_id'])
    .where('q.answered_at', 'is', null)
    .where('q.due_at', '<', now)
    .where('t.status', 'in', ['submitted', 'in_progress'])
    .orderBy('q.due_at')
    .limit(limit)
    .execute();
  for (const q of dealers) {
    result.overdueDealers++;
    const a = await raiseAlert(tx, actor, {
      kind: 'dealer_overdue',
      title: `Dealer ${q.dealer_licence} has not answered the records request for trace ${q.trace_number} within 24 hours`,
      severity: 'high',
      traceId: q.trace_id,
      agencyId: q.agency_id,
      assignedTo: q.asked_by,
      reasons: [{ code: 'dealer_24h', text: `asked, due ${new Date(q.due_at).toISOString()}; 18 U.S.C. 923(g)(7) requires an answer within 24 hours`, evidence: [{ type: 'trace', id: q.trace_id }] }],
      dedupeKey: `dealer_overdue:${q.id}`,
    });
    if (a.created) result.alertsRaised++;
  }
  return result;
}
