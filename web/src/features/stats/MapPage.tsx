import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../lib/api';
import { TraceMap } from '../../lib/maps';
import { num } from './format';
import { frameOf } from './map-layers';
import { ScopeForm, scopeFromParams, scopeQuery } from './ScopeForm';
import type { MapData } from './types';

/** Where traced guns were recovered, which dealers sold them, and the flows from source states, over time. */
export function MapPage() {
  const [params, setParams] = useSearchParams();
  const scope = scopeFromParams(params);
  const period = params.get('period') === 'month' ? 'month' : 'year';
  const qs = scopeQuery(scope).toString();
  const [data, setData] = useState<MapData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [at, setAt] = useState<number | null>(null);
  const [cumulative, setCumulative] = useState(false);
  const [playing, setPlaying] = useState(false);
  const [topFlows, setTopFlows] = useState(40);
  const [layers, setLayers] = useState({ regions: true, points: true, dealers: true, flows: true });

  useEffect(() => {
    setError(null);
    api<MapData>(`/stats/map?${qs}${qs ? '&' : ''}period=${period}`)
      .then((d) => {
        setData(d);
        setAt(null);
      })
      .catch((e: Error) => setError(e.message));
  }, [qs, period]);

  useEffect(() => {
    if (!playing || !data || data.periods.length === 0) return;
    const t = setInterval(() => {
      setAt((a) => {
        const next = a === null ? 0 : a + 1;
        if (next >= data.periods.length) {
          setPlaying(false);
          return data.periods.length - 1;
        }
        return next;
      });
    }, 900);
    return () => clearInterval(t);
  }, [playing, data]);

  const frame = useMemo(() => (data ? frameOf(data, at, cumulative, topFlows) : null), [data, at, cumulative, topFlows]);
  const label = data && at !== null ? (cumulative ? `${data.periods[0]} to ${data.periods[at]}` : data.periods[at]) : 'all periods';
  const toggle = (k: keyof typeof layers) => setLayers({ ...layers, [k]: !layers[k] });

  return (
    <section className="stats-map-page">
      <h1>Trace map</h1>
      <ScopeForm
        key={qs}
        value={scope}
        onChange={(v) => {
          const q = scopeQuery(v);
          if (period === 'month') q.set('period', 'month');
          setParams(q);
        }}
      />
      {error && <p className="error" role="alert">{error}</p>}
      {!data && !error && <p className="muted">Loading…</p>}
      {data && frame && (
        <>
          <div className="toolbar map-controls">
            <label>
              Periods
              <select value={period} onChange={(e) => { const q = scopeQuery(scope); if (e.target.value === 'month') q.set('period', 'month'); setParams(q); }}>
                <option value="year">years</option>
                <option value="month">months</option>
              </select>
            </label>
            <label className="map-slider">
              Time: <strong data-testid="map-period">{label}</strong>
              <input
                type="range"
                min={-1}
                max={Math.max(0, data.periods.length - 1)}
                value={at ?? -1}
                onChange={(e) => setAt(Number(e.target.value) < 0 ? null : Number(e.target.value))}
                aria-label="Time slider (leftmost: all periods)"
              />
            </label>
            <label className="inline">
              <input type="checkbox" checked={cumulative} onChange={(e) => setCumulative(e.target.checked)} /> cumulative
            </label>
            <button type="button" className="secondary" onClick={() => setPlaying(!playing)} disabled={data.periods.length < 2}>
              {playing ? 'Pause' : 'Play'}
            </button>
            <label>
              Flows shown
              <input type="number" min={1} max={500} value={topFlows} onChange={(e) => setTopFlows(Math.max(1, Number(e.target.value) || 1))} size={4} />
            </label>
          </div>
          <div className="toolbar map-layers">
            {(['regions', 'points', 'dealers', 'flows'] as const).map((k) => (
              <label key={k} className="inline">
                <input type="checkbox" checked={layers[k]} onChange={() => toggle(k)} />{' '}
                {{ regions: 'recoveries by state', points: 'recovery locations', dealers: 'source dealers', flows: 'flows from source states' }[k]}
              </label>
            ))}
          </div>
          <p className="muted">
            {data.scope}; {label}: {num(frame.total)} traces. Recovery locations are shown on a {data.cell}° grid, never as addresses;
            dealers without coordinates are not drawn. Arcs run from the state of the selling dealer to the place of recovery (blue: a US
            state, red: Mexico); width grows with the number of guns.
          </p>
          <div className="card map-card">
            <TraceMap
              title={`Trace map, ${label}`}
              regionValues={layers.regions ? frame.regionValues : undefined}
              points={layers.points ? frame.points : []}
              markers={layers.dealers ? frame.markers : []}
              flows={layers.flows ? frame.flows : []}
            />
          </div>
          <div className="card">
            <h2>Largest flows, {label}</h2>
            <table data-testid="flows">
              <thead>
                <tr><th>From (dealer's state)</th><th>To (recovered in)</th><th className="num">Guns</th></tr>
              </thead>
              <tbody>
                {frame.flows.slice(0, 15).map((f) => (
                  <tr key={`${f.from.key}>${f.to.key}`}>
                    <td>{f.from.name}</td>
                    <td>{f.to.name}</td>
                    <td className="num">{num(f.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
