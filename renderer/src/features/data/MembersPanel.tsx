import { useDeferredValue, useMemo, useState } from 'react';
import type { Member } from '../../../../api/market.ts';
import { SectorMixChart } from '../../charts/SectorMixChart.tsx';
import { count, money, percent } from '../../components/figures.ts';
import { LoadableView } from '../../components/LoadableView.tsx';
import { maxChartTickers } from '../../state/dataSlice.ts';
import { useApp } from '../../state/useApp.ts';

/** Rows drawn at once; a search narrows a large universe (the Russell 2000) down to them. */
const shownRows = 150;

function matches(m: Member, query: string): boolean {
  if (!query) return true;
  const q = query.toLowerCase();
  return m.ticker.toLowerCase().includes(q) || m.name.toLowerCase().includes(q) || m.sector.toLowerCase().includes(q);
}

/** A universe's members by benchmark weight, searchable, with its sector mix; a checkbox puts a name on the price chart. */
export function MembersPanel() {
  const universe = useApp((s) => s.universe);
  const members = useApp((s) => s.members);
  const chartTickers = useApp((s) => s.chartTickers);
  const toggle = useApp((s) => s.toggleChartTicker);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query.trim());
  const all = members.status === 'ready' ? members.value.members : null;
  const filtered = useMemo(() => (all ? [...all].filter((m) => matches(m, deferred)).sort((a, b) => b.weight - a.weight) : []), [all, deferred]);

  if (!universe) return null;
  return (
    <section className="panel" aria-labelledby="members-heading">
      <h2 id="members-heading">
        Members of <span data-testid="members-universe">{universe}</span>
      </h2>
      <LoadableView value={members} loadingLabel="Loading members…" isEmpty={(m) => m.members.length === 0} empty="This universe has no members.">
        {(m) => (
          <div className="members-layout">
            <div className="members-table">
              <div className="toolbar">
                <label className="field inline">
                  <span>Search members</span>
                  <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="ticker, name or sector" data-testid="members-search" />
                </label>
                <span className="muted" aria-live="polite">
                  {filtered.length > shownRows ? `${shownRows} of ${count(filtered.length)} shown` : `${count(filtered.length)} of ${count(m.members.length)}`}
                  {m.asOf ? ` · as of ${m.asOf}` : ''}
                </span>
              </div>
              {filtered.length === 0 ? (
                <p className="status-line empty">No member matches “{deferred}”.</p>
              ) : (
                <div className="scroll" role="region" tabIndex={0} aria-label="Members table, scrollable">
                  <table className="table compact sticky" data-testid="members-table">
                    <caption className="sr-only">Members of {universe} by benchmark weight</caption>
                    <thead>
                      <tr>
                        <th scope="col">
                          <span className="sr-only">On the price chart</span>
                          <span aria-hidden="true">Chart</span>
                        </th>
                        <th scope="col">Ticker</th>
                        <th scope="col">Name</th>
                        <th scope="col">Sector</th>
                        <th scope="col" className="num">Weight</th>
                        <th scope="col" className="num">Price</th>
                      </tr>
                    </thead>
                    <tbody>
                      {filtered.slice(0, shownRows).map((member) => {
                        const charted = chartTickers.includes(member.ticker);
                        return (
                          <tr key={member.ticker}>
                            <td>
                              <input
                                type="checkbox"
                                checked={charted}
                                disabled={!charted && chartTickers.length >= maxChartTickers}
                                onChange={() => toggle(member.ticker)}
                                aria-label={`Show ${member.ticker} on the price chart`}
                              />
                            </td>
                            <th scope="row">{member.ticker}</th>
                            <td className="truncate" title={member.name}>{member.name}</td>
                            <td className="truncate">{member.sector || '—'}</td>
                            <td className="num">{percent(member.weight)}</td>
                            <td className="num">{money(member.price)}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
            <div className="members-chart">
              <h3>Sector mix</h3>
              {m.sectors.length === 0 ? <p className="status-line empty">No sectors given.</p> : <SectorMixChart sectors={m.sectors} />}
            </div>
          </div>
        )}
      </LoadableView>
    </section>
  );
}
