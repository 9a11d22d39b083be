/**
 * The tracing, register and alert answers the pages read, taken from the server's own functions (type-only imports,
 * erased by the bundler) so the pages and the API cannot drift apart. Json<T> is what the wire makes of a server
 * value: dates arrive as ISO strings.
 */
import type { AlertReason } from '../../../../src/features/alerts/alerts.service';
import type { getAlert, listAlerts } from '../../../../src/features/alerts/decisions.service';
import type { getTrace, listTraces } from '../../../../src/features/tracing/query.service';

export type { AlertReason };

export type Json<T> = T extends Date
  ? string
  : T extends Array<infer U>
    ? Array<Json<U>>
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

export type TraceRow = Json<Awaited<ReturnType<typeof listTraces>>[number]>;
export type TraceDetail = Json<Awaited<ReturnType<typeof getTrace>>>;
export type Hop = TraceDetail['chain'][number];
export type LateResult = TraceDetail['lateResults'][number];
/** A person as a trace shows them (possessor, buyer, associate, a hop's buyer): the columns getTrace reads. */
export type Person = NonNullable<Hop['person']>;

type ServerAlertDetail = Json<Awaited<ReturnType<typeof getAlert>>>;
/** The reasons column is JSON in the database; raiseAlert writes AlertReason[] (alerts.service.ts). */
type WithReasons<T> = Omit<T, 'reasons'> & { reasons: AlertReason[] };

export type AlertRow = WithReasons<Json<Awaited<ReturnType<typeof listAlerts>>[number]>>;
export type DecisionRow = ServerAlertDetail['decisions'][number];
export type AlertDetail = Omit<ServerAlertDetail, 'alert'> & { alert: WithReasons<ServerAlertDetail['alert']> };
