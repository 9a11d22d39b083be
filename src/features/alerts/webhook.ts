/**
 * Delivery of the optional alert webhook (INTERDICT_ALERT_WEBHOOK). Events are queued in the alert's own
 * transaction (alert_webhook_outbox) and posted after commit: at least once, retried, never lost because a
 * receiver was down. The payload names the alert, never a person: whoever receives it opens the alert in Interdict,
 * where reading is authorised and audited.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export const MAX_WEBHOOK_ATTEMPTS = 5;

export interface WebhookPayload {
  event: string;
  deliveryId: number;
  alert: { id: number; kind: string; severity: string; status: string; title: string; caseNumber: string | null; createdAt: string };
  link: string;
}

export interface DeliveryResult {
  sent: number;
  failed: number;
  skipped: number;
  retrying: number;
}

export async function deliverWebhooks(
  db: Kysely<DB>,
  url: string | undefined,
  opts: { limit?: number; timeoutMs?: number; fetchImpl?: typeof fetch } = {},
): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, failed: 0, skipped: 0, retrying: 0 };
  const rows = await db
    .selectFrom('alert_webhook_outbox as o')
    .innerJoin('alerts', 'alerts.id', 'o.alert_id')
    .leftJoin('cases', 'cases.id', 'alerts.case_id')
    .select([
      'o.id', 'o.event', 'o.attempts', 'alerts.id as alert_id', 'alerts.kind', 'alerts.severity', 'alerts.status',
      'alerts.title', 'alerts.created_at', 'cases.case_number',
    ])
    .where('o.status', '=', 'pending')
    .orderBy('o.id')
    .limit(opts.limit ?? 100)
    .execute();
  if (rows.length === 0) return result;
  if (!url) {
    // No receiver configured: the inbox is the channel. Marked so that configuring one later does not replay history.
    await db.updateTable('alert_webhook_outbox').set({ status: 'skipped' }).where('id', 'in', rows.map((r) => r.id)).where('status', '=', 'pending').execute();
    result.skipped = rows.length;
    return result;
  }
  const doFetch = opts.fetchImpl ?? fetch;
  for (const r of rows) {
    const payload: WebhookPayload = {
      event: r.event,
      deliveryId: r.id,
      alert: {
        id: r.alert_id, kind: r.kind, severity: r.severity, status: r.status, title: r.title, caseNumber: r.case_number,
        createdAt: new Date(r.created_at).toISOString(),
      },
      link: `/alerts/${r.alert_id}`,
    };
    let error: string | null = null;
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-interdict-delivery': String(r.id) },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
      });
      if (!res.ok) error = `HTTP ${res.status}`;
      await res.body?.cancel();
    } catch (e) {
      error = (e as Error).message;
    }
    if (error === null) {
      await db.updateTable('alert_webhook_outbox').set({ status: 'sent', sent_at: new Date(), attempts: r.attempts + 1 }).where('id', '=', r.id).execute();
      result.sent++;
    } else {
      const attempts = r.attempts + 1;
      const status = attempts >= MAX_WEBHOOK_ATTEMPTS ? 'failed' : 'pending';
      await db.updateTable('alert_webhook_outbox').set({ status, attempts, last_error: error.slice(0, 500) }).where('id', '=', r.id).execute();
      if (status === 'failed') result.failed++;
      else result.retrying++;
    }
  }
  return result;
}
