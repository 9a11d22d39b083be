import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../lib/api';
import { BarChart, Histogram, LineChart, type Datum } from '../../lib/charts';
import { CountTable } from './CountTable';
import { hours, num, pct, years } from './format';
import { ScopeForm, scopeFromParams, scopeQuery } from './ScopeForm';
import type { Count, StatsResult } from './types';

const toData = (rows: Count[]): Datum[] => rows.map((r) => ({ label: r.label, value: r.count }));

function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="card stats-panel">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

/** Trace statistics for any scope the user may see: what is recovered, where from, how fast. */
export function StatsPage() {
  const [params, setParams] = useSearchParams();
  const scope = scopeFromParams(params);
  const [data, setData] = useState<StatsResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const qs = scopeQuery(scope).toString();

  useEffect(() => {
    setLoading(true);
    setError(null);
    api<StatsResult>(`/stats?${qs}`)
      .then(setData)
      .catch((e: Error) => setError(e.message))
      .finally(() => setLoading(false));
  }, [qs]);

  const f = data?.figures;
  return (
    <section className="stats-page">
      <h1>Trace statistics</h1>
      <ScopeForm key={qs} value={scope} onChange={(v) => setParams(scopeQuery(v))} />
      {error && <p className="error" role="alert">{error}</p>}
      {loading && <p className="muted">Counting…</p>}
      {data && f && (
        <>
          <p className="muted" data-testid="stats-scope">
            {data.scope.description}. {f.totals.firstDate ? `Recoveries from ${f.totals.firstDate} to ${f.totals.lastDate}.` : ''}{' '}
            <Link to={`/stats/map?${qs}`}>Map</Link>
          </p>
          <div className="cards">
            <div className="card"><div className="muted">Traces</div><div className="stat" data-testid="stats-total">{num(f.totals.traces)}</div></div>
            <div className="card"><div className="muted">Completed</div><div className="stat">{num(f.totals.completed)}</div><div className="muted">{pct(f.completion.completionRate)} of finished traces</div></div>
            <div className="card"><div className="muted">Not completed</div><div className="stat">{num(f.totals.notCompleted)}</div></div>
            <div className="card"><div className="muted">Open</div><div className="stat">{num(f.totals.open)}</div><div className="muted">{num(f.turnaround.reduce((n, t) => n + t.overdueOpen, 0))} overdue</div></div>
            <div className="card"><div className="muted">US retail source known</div><div className="stat">{num(f.totals.usSourced)}</div></div>
            <div className="card"><div className="muted">Time-to-crime</div><div className="stat">{years(f.timeToCrime.meanYears)}</div><div className="muted">mean; median {years(f.timeToCrime.medianYears)}; {pct(f.timeToCrime.shortShare, 0)} 3 years or less</div></div>
          </div>
          {f.byMonth.length > 1 && (
            <Panel title="Traces by month of recovery">
              <LineChart points={f.byMonth.map((m) => ({ x: m.label, y: m.count }))} title="Traces by month of recovery" />
            </Panel>
          )}
          <div className="grid2">
            <Panel title="Time-to-crime (ATF brackets)">
              <Histogram data={toData(f.timeToCrime.brackets)} title="Time-to-crime brackets" />
              <p className="muted">{num(f.timeToCrime.known)} traces with a known sale date; mean {num(f.timeToCrime.meanDays == null ? null : Math.round(f.timeToCrime.meanDays))} days, median {num(f.timeToCrime.medianDays == null ? null : Math.round(f.timeToCrime.medianDays))} days.</p>
              <CountTable rows={f.timeToCrime.brackets} total={f.timeToCrime.known} caption="Time-to-crime" />
            </Panel>
            <Panel title="Firearm types">
              <BarChart data={toData(f.byType)} title="Firearm types" />
              <CountTable rows={f.byType} total={f.totals.traces} caption="Type" />
            </Panel>
            <Panel title="Top source states (retail dealer)">
              <BarChart data={toData(f.sourceStates)} title="Top source states" />
              <CountTable rows={f.sourceStates} total={f.totals.usSourced} caption="Source state" />
            </Panel>
            <Panel title="Where recovered">
              <BarChart data={toData(f.recoveryPlaces)} title="Recovery places" />
              <CountTable rows={f.recoveryPlaces} total={f.totals.traces} caption="Place" />
            </Panel>
            <Panel title="Top recovery cities">
              <BarChart data={toData(f.recoveryCities)} title="Top recovery cities" labelWidth={220} />
              <CountTable rows={f.recoveryCities} total={f.totals.traces} caption="City" />
            </Panel>
            <Panel title="Calibers">
              <BarChart data={toData(f.byCaliber)} title="Calibers" />
              <CountTable rows={f.byCaliber} total={f.totals.traces} caption="Caliber" />
            </Panel>
            <Panel title="Manufacturers">
              <BarChart data={toData(f.byMaker)} title="Manufacturers" />
              <CountTable rows={f.byMaker} total={f.totals.traces} caption="Manufacturer" />
            </Panel>
            <Panel title="Crime at recovery (NCIC categories)">
              <BarChart data={toData(f.crimeCategories)} title="Crime categories" />
              <CountTable rows={f.crimeCodes} total={f.totals.traces} caption="NCIC code" />
            </Panel>
            <Panel title="Age of possessors">
              <Histogram data={toData(f.possessorAge.brackets)} title="Possessor age" />
              <p className="muted">{num(f.possessorAge.known)} possessors of known age; mean {num(f.possessorAge.meanYears)}, median {num(f.possessorAge.medianYears)} years.</p>
            </Panel>
            <Panel title="Traces not completed, by reason">
              <BarChart data={toData(f.completion.reasons)} title="Reasons traces were not completed" color="var(--warn, #b54708)" />
              <CountTable rows={f.completion.byStatus} total={f.totals.traces} caption="Status" />
            </Panel>
          </div>
          <Panel title="Turnaround against the targets">
            <table data-testid="turnaround">
              <thead>
                <tr><th>Priority</th><th>Target</th><th className="num">Completed</th><th className="num">Within target</th><th className="num">Median</th><th className="num">90th percentile</th><th className="num">Open</th><th className="num">Open and overdue</th></tr>
              </thead>
              <tbody>
                {f.turnaround.map((t) => (
                  <tr key={t.priority}>
                    <td>{t.priority}</td>
                    <td>{hours(t.targetHours)}</td>
                    <td className="num">{num(t.completed)}</td>
                    <td className="num">{num(t.withinTarget)} ({pct(t.withinTargetShare)})</td>
                    <td className="num">{hours(t.medianHours)}</td>
                    <td className="num">{hours(t.p90Hours)}</td>
                    <td className="num">{num(t.open)}</td>
                    <td className={`num${t.overdueOpen ? ' error' : ''}`}>{num(t.overdueOpen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Panel>
          <p className="muted stats-disclaimer">
            Traced firearms are not a random sample of crime guns: agencies choose which guns to trace, and a trace follows a gun to its
            first retail sale only.
          </p>
        </>
      )}
    </section>
  );
}
