// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { WaterfallLayout } from '../../../../api/runs.ts';
import { batchLayout, optimizeLayout } from './waterfallFixture.ts';
import { sharedDomainMs, WaterfallView } from './WaterfallView.tsx';

// the gutter is 190 px and the right margin 16 px: a 1006 px view has an 800 px plot from x = 190
const WIDTH = 1006;
const PLOT_LEFT = 190;
const PLOT = 800;

afterEach(cleanup);

const num = (el: Element, attr: string): number => Number(el.getAttribute(attr));
const figure = (runId: number) => screen.getAllByTestId('run-waterfall').find((f) => f.dataset.run === String(runId))!;
const barsOf = (runId: number) => within(figure(runId)).getAllByTestId('waterfall-bar');
const barOf = (runId: number, spanId: number) => barsOf(runId).find((b) => b.dataset.span === String(spanId))!;

describe('the waterfall', () => {
  it('draws one rect per bar at its start and duration on the time scale, on its row', () => {
    const layout = optimizeLayout();
    render(<WaterfallView layouts={[layout]} width={WIDTH} />);
    const bars = barsOf(7);
    expect(bars).toHaveLength(layout.bars.length);
    // 1000 ms over 800 px: 0.8 px a millisecond
    expect(bars.map((b) => [b.dataset.span, num(b, 'x'), num(b, 'width')])).toEqual([
      ['1', PLOT_LEFT, 80],
      ['2', PLOT_LEFT + 80, 40],
      ['3', PLOT_LEFT + 120, 640],
      ['4', PLOT_LEFT + 120, 80],
      ['5', PLOT_LEFT + 200, 560],
      ['6', PLOT_LEFT + 760, 40],
    ]);
    // rows of 18 px from y = 4, one bar each, 2 px apart
    expect(bars.map((b) => num(b, 'y'))).toEqual([5, 23, 41, 59, 77, 95]);
    // a stage's colour is the same for its nested bars; another stage has another
    const fill = (spanId: number) => barOf(7, spanId).getAttribute('fill');
    expect(fill(4)).toBe(fill(3));
    expect(new Set([fill(1), fill(2), fill(3), fill(6)]).size).toBe(4);
    // nested rows are named at their depth, indented
    const labels = within(figure(7)).getAllByTestId('waterfall-row-label');
    expect(labels.map((l) => l.textContent)).toEqual(['load', 'returns', 'solve', 'presolve', 'mip', 'persist']);
    expect(num(labels[3]!, 'x')).toBeGreaterThan(num(labels[2]!, 'x'));
    // the axis at round steps, 0 to the end
    expect(within(figure(7)).getAllByTestId('time-tick').map((t) => t.textContent)).toEqual(['0 ms', '200 ms', '400 ms', '600 ms', '800 ms', '1.00 s']);
    // the legend names the stages in the order they started, in their bars' colours
    const legend = within(screen.getByTestId('waterfall-legend')).getAllByRole('listitem');
    expect(legend.map((li) => li.textContent)).toEqual(['load', 'returns', 'solve', 'persist']);
    const svg = within(figure(7)).getByTestId('waterfall-svg');
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toMatch(/^Waterfall of run 7: 6 bars over 1.00 s/);
    expect(svg.querySelector('title')?.textContent).toBe(layout.title);
  });

  it('names the rows of a pool’s lanes `lane N`, with the clusters solved on them side by side', () => {
    render(<WaterfallView layouts={[batchLayout()]} width={WIDTH} />);
    const labels = within(figure(9)).getAllByTestId('waterfall-row-label');
    expect(labels.map((l) => l.textContent)).toEqual(['load', 'optimize', 'lane 0', 'lane 1', 'persist']);
    const onLane = barsOf(9).filter((b) => b.dataset.lane !== undefined);
    expect(onLane.map((b) => `${b.dataset.lane}@${b.getAttribute('y')}`)).toEqual(['0@41', '1@59', '0@41', '1@59']);
    // the second cluster on lane 0 starts where the first ended: 900 ms of 2100
    expect(num(barOf(9, 5), 'x')).toBeCloseTo(PLOT_LEFT + (900 / 2100) * PLOT, 6);
    expect(num(barOf(9, 3), 'x') + num(barOf(9, 3), 'width')).toBeCloseTo(num(barOf(9, 5), 'x'), 6);
    // the solve's heuristic is drawn inside the solve's bar on the lane's row: 3 px in from each edge, over it
    const [solve, phase] = [barOf(9, 3), barOf(9, 8)];
    expect(num(phase, 'y')).toBe(num(solve, 'y') + 3);
    expect(num(phase, 'height')).toBe(num(solve, 'height') - 6);
    expect(num(phase, 'x')).toBe(num(solve, 'x'));
    expect(solve.compareDocumentPosition(phase) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('draws two runs on one time axis scaled to the longer, with one colour per stage in both', () => {
    const a = optimizeLayout();
    const b = batchLayout();
    expect(sharedDomainMs([a, b])).toBe(2100);
    render(<WaterfallView layouts={[a, b]} width={WIDTH} />);
    expect(screen.getAllByTestId('run-waterfall').map((f) => f.dataset.run)).toEqual(['7', '9']);
    const ticks = (runId: number) => within(figure(runId)).getAllByTestId('time-tick').map((t) => t.dataset.ms);
    expect(ticks(7)).toEqual(ticks(9));
    expect(ticks(7)).toEqual(['0', '500', '1000', '1500', '2000']);
    // the same instant is the same x in both: each run's load starts at the left edge ...
    expect(num(barOf(7, 1), 'x')).toBe(PLOT_LEFT);
    expect(num(barOf(9, 1), 'x')).toBe(PLOT_LEFT);
    // ... the optimize run ends at 1000 ms, short of the batch's end at the right edge
    const end = (runId: number, spanId: number) => num(barOf(runId, spanId), 'x') + num(barOf(runId, spanId), 'width');
    expect(end(7, 6)).toBeCloseTo(PLOT_LEFT + (1000 / 2100) * PLOT, 6);
    expect(end(9, 7)).toBeCloseTo(PLOT_LEFT + PLOT, 6);
    // 200 ms in the batch is as wide as 200 ms in the optimize run
    expect(num(barOf(9, 1), 'width')).toBeCloseTo((200 / 2100) * PLOT, 6);
    expect(num(barOf(7, 1), 'width')).toBeCloseTo((100 / 2100) * PLOT, 6);
    // `load` and `persist` are in both: one colour each in both runs, one legend entry
    expect(barOf(7, 1).getAttribute('fill')).toBe(barOf(9, 1).getAttribute('fill'));
    expect(barOf(7, 6).getAttribute('fill')).toBe(barOf(9, 7).getAttribute('fill'));
    const legend = within(screen.getByTestId('waterfall-legend')).getAllByRole('listitem');
    expect(legend.map((li) => li.textContent)).toEqual(['load', 'returns', 'solve', 'persist', 'optimize']);
  });

  it('shows a bar’s details on hover: name, stage, start, duration, lane and attributes', () => {
    render(<WaterfallView layouts={[batchLayout()]} width={WIDTH} />);
    expect(screen.queryByTestId('waterfall-details')).toBeNull();
    fireEvent.mouseOver(barOf(9, 3));
    const details = screen.getByTestId('waterfall-details');
    expect(details.dataset.span).toBe('3');
    expect(details.getAttribute('role')).toBe('tooltip');
    const pairs = [...details.querySelectorAll('dl > div')].map((d) => `${d.querySelector('dt')!.textContent}=${d.querySelector('dd')!.textContent}`);
    expect(details.querySelector('.waterfall-details-name')!.textContent).toBe('cluster growth/large');
    expect(pairs).toEqual(['stage=optimize', 'starts=200 ms', 'takes=700 ms', 'lane=0', 'accounts=41']);
    expect(within(figure(9)).getByTestId('waterfall-svg').getAttribute('aria-describedby')).toBe(details.id);
    // the hovered bar is outlined where it is
    const highlight = within(figure(9)).getByTestId('waterfall-highlight');
    expect(num(highlight, 'x')).toBe(num(barOf(9, 3), 'x') - 1);
    // another bar: its own details; off the bars: none
    fireEvent.mouseOver(barOf(9, 7));
    expect(screen.getByTestId('waterfall-details').dataset.span).toBe('7');
    expect(screen.getByTestId('waterfall-details').textContent).not.toContain('lane');
    fireEvent.mouseLeave(barOf(9, 7).parentElement!.parentElement!);
    expect(screen.queryByTestId('waterfall-details')).toBeNull();
  });

  it('steps through the bars in start order with the arrow keys', () => {
    render(<WaterfallView layouts={[optimizeLayout()]} width={WIDTH} />);
    const svg = within(figure(7)).getByTestId('waterfall-svg');
    const shown = () => screen.queryByTestId('waterfall-details')?.dataset.span;
    fireEvent.keyDown(svg, { key: 'ArrowRight' });
    expect(shown()).toBe('1');
    fireEvent.keyDown(svg, { key: 'ArrowRight' });
    fireEvent.keyDown(svg, { key: 'ArrowRight' });
    // solve and presolve start together: the upper row first
    expect(shown()).toBe('3');
    fireEvent.keyDown(svg, { key: 'ArrowRight' });
    expect(shown()).toBe('4');
    fireEvent.keyDown(svg, { key: 'End' });
    expect(shown()).toBe('6');
    fireEvent.keyDown(svg, { key: 'ArrowLeft' });
    expect(shown()).toBe('5');
    // a float is shown to six significant digits
    fireEvent.keyDown(svg, { key: 'Home' });
    fireEvent.keyDown(svg, { key: 'ArrowRight' });
    fireEvent.keyDown(svg, { key: 'ArrowRight' });
    expect(screen.getByTestId('waterfall-details').textContent).toContain('objective0.000746123');
    fireEvent.keyDown(svg, { key: 'Escape' });
    expect(shown()).toBeUndefined();
  });

  it('draws the CPU and memory track under the bars on the same time scale, breaking a line where a sample lacks it', () => {
    const layout = optimizeLayout();
    render(<WaterfallView layouts={[layout]} width={WIDTH} />);
    const track = within(figure(7)).getByTestId('resource-track');
    const lines = (series: string) => within(track).getAllByTestId('resource-line').filter((l) => l.dataset.series === series);
    const points = (line: Element) => line.getAttribute('points')!.split(' ').map((p) => p.split(',').map(Number) as [number, number]);
    const cpu = lines('cpuPercent');
    expect(cpu).toHaveLength(1);
    const cpuPoints = points(cpu[0]!);
    // a sample at t is where a bar starting at t starts
    expect(cpuPoints.map(([x]) => x)).toEqual(layout.samples.map((s) => PLOT_LEFT + s.tMs * 0.8));
    expect(cpuPoints[1]![0]).toBe(num(barOf(7, 5), 'x'));
    // CPU up to two cores: the panel reaches 200 %; higher use is drawn higher (smaller y), all within the panel
    const cpuPanel = within(track).getByTestId('resource-cpu');
    expect(cpuPanel.dataset.max).toBe('200');
    const panelRect = cpuPanel.querySelector('rect')!;
    const [top, bottom] = [num(panelRect, 'y'), num(panelRect, 'y') + num(panelRect, 'height')];
    const ys = cpuPoints.map(([, y]) => y);
    expect(ys.every((y) => y >= top && y <= bottom)).toBe(true);
    expect(ys[2]).toBeLessThan(ys[0]!);
    expect(ys[2]).toBeCloseTo(bottom - (190 / 200) * (bottom - top), 1);
    // the track lies under the bars
    expect(top).toBeGreaterThan(num(barOf(7, 6), 'y') + num(barOf(7, 6), 'height'));
    // the child processes' CPU was not read at 0 and 500 ms: a dot at 250, then a line from 750 to 1000
    expect(lines('childCpuPercent').map((l) => points(l).map(([x]) => x))).toEqual([
      [PLOT_LEFT + 200, PLOT_LEFT + 200],
      [PLOT_LEFT + 600, PLOT_LEFT + 800],
    ]);
    expect(within(track).getByTestId('resource-memory').dataset.max).toBe('320');
    expect(points(lines('rssMiB')[0]!)).toHaveLength(5);
    expect(within(track).queryByTestId('resource-none')).toBeNull();
  });

  it('says so when a run stored no samples, and still draws its bars', () => {
    const layout: WaterfallLayout = { ...optimizeLayout(), samples: [] };
    render(<WaterfallView layouts={[layout]} width={WIDTH} />);
    expect(barsOf(7)).toHaveLength(6);
    expect(screen.getByTestId('resource-none').textContent).toMatch(/No CPU or memory sample/);
    expect(screen.queryAllByTestId('resource-line')).toHaveLength(0);
  });

  it('keeps thousands of bars to a rect each in rows that fit the screen', () => {
    const bars = Array.from({ length: 3000 }, (_, i) => ({
      spanId: i + 1,
      parent: null,
      name: `account ${i}`,
      stage: 'map',
      depth: 0,
      row: i % 300,
      lane: null,
      startMs: i,
      durationMs: 5,
    }));
    const layout: WaterfallLayout = { ...optimizeLayout(), rows: 300, bars, stages: ['map'], totalMs: 3005 };
    const started = performance.now();
    render(<WaterfallView layouts={[layout]} width={WIDTH} />);
    const rects = barsOf(7);
    expect(rects).toHaveLength(3000);
    // 300 rows in 600 px: 2 px each, too thin to name
    expect(num(rects[299]!, 'y')).toBe(4 + 299 * 2);
    expect(within(figure(7)).queryAllByTestId('waterfall-row-label')).toHaveLength(0);
    fireEvent.mouseOver(rects[1500]!);
    expect(screen.getByTestId('waterfall-details').dataset.span).toBe('1501');
    // generous for a shared test machine; the point is seconds, not minutes
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
