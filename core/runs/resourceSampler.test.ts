import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { ResourceSample } from '../../api/runs.ts';
import { mergePairs, ResourceSampler } from './resourceSampler.ts';
import { RunRecorder } from './runRecorder.ts';

// The sampler against the kernel's own accounts, read here from /proc/<pid>/stat (utime + stime in clock ticks):
// what the samples add up to must be the CPU time the process or its child really spent. The machine is shared
// with other test files, so how much of a core a busy thread gets varies; "more than half a core" is asserted
// where the kernel says it got that much.

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU seconds of `pid` (or of the thread `pid`/task/`tid`) as /proc says. */
function cpuSeconds(path: string): number {
  const text = readFileSync(path, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** ∫ percent dt over the samples after `fromMs`, in CPU seconds: each sample's share covers the time since the previous one. */
function cpuSecondsOf(samples: readonly ResourceSample[], pick: (s: ResourceSample) => number | null, fromMs: number, toMs: number): number {
  let total = 0;
  let previous = fromMs;
  for (const s of samples) {
    if (s.tMs > fromMs && s.tMs <= toMs) total += ((pick(s) ?? 0) / 100) * ((s.tMs - previous) / 1000);
    previous = s.tMs;
  }
  return total;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ResourceSampler', () => {
  it("counts a worker thread's busy loop in the process's CPU, as much as the kernel charged the process", async () => {
    const rec = new RunRecorder();
    rec.startSampling();
    await sleep(150);
    const before = { t: rec.now(), cpu: cpuSeconds(`/proc/${process.pid}/stat`) };
    const worker = new Worker('const until = Date.now() + 900; while (Date.now() < until) {}', { eval: true });
    await new Promise((resolve) => worker.once('exit', resolve));
    await sleep(150);
    rec.stopSampling();
    const after = { t: rec.now(), cpu: cpuSeconds(`/proc/${process.pid}/stat`) };
    const samples = rec.samples;
    // the samples from the first after `before` to the last before `after` cover the loop; the kernel's count spans a little more
    const inside = samples.filter((s) => s.tMs > before.t && s.tMs <= after.t);
    expect(inside.length).toBeGreaterThan(5);
    const sampled = cpuSecondsOf(samples, (s) => s.cpuPercent, samples.findLast((s) => s.tMs <= before.t)?.tMs ?? 0, inside.at(-1)!.tMs);
    const kernel = after.cpu - before.cpu;
    expect(kernel).toBeGreaterThan(0.1);
    expect(Math.abs(sampled - kernel)).toBeLessThan(0.2 * kernel + 0.1);
    // given more than half a core over the loop, some sample shows it
    if (kernel / 0.9 > 0.6) expect(Math.max(...inside.map((s) => s.cpuPercent))).toBeGreaterThan(50);
    for (const s of samples) expect(s.cpuPercent).toBeGreaterThanOrEqual(0);
  });

  it("measures a child process's CPU (sh -c 'while :; do :; done') from /proc, and its memory", async () => {
    const rec = new RunRecorder();
    rec.startSampling();
    const child = spawn('sh', ['-c', 'while :; do :; done']);
    const from = rec.now();
    await sleep(900);
    const kernel = cpuSeconds(`/proc/${child.pid}/stat`);
    const to = rec.now();
    await sleep(120);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    rec.stopSampling();
    const samples = rec.samples;
    const during = samples.filter((s) => s.tMs > from && s.tMs <= to);
    expect(during.length).toBeGreaterThan(5);
    for (const s of during) {
      expect(s.childCpuPercent).not.toBeNull();
      // sh's own pages at least
      expect(s.childRssMiB!).toBeGreaterThan(0.2);
    }
    // the samples up to `to` hold all of the child's CPU time to then, less what it spent after the last of them
    const sampled = cpuSecondsOf(samples, (s) => s.childCpuPercent, 0, to);
    expect(kernel).toBeGreaterThan(0.1);
    expect(sampled).toBeLessThanOrEqual(kernel * 1.05 + 0.02);
    expect(sampled).toBeGreaterThan(kernel - 0.2 - 0.15 * kernel);
    if (kernel / 0.9 > 0.6) expect(Math.max(...during.map((s) => s.childCpuPercent!))).toBeGreaterThan(50);
  });

  it('sees the resident set and the heap grow while the job allocates', async () => {
    const rec = new RunRecorder();
    rec.startSampling({ intervalMs: 20 });
    await sleep(60);
    const buffers: Buffer[] = [];
    const objects: { k: number; name: string }[] = [];
    for (let k = 0; k < 8; k++) {
      buffers.push(Buffer.alloc(16 * 2 ** 20, k + 1));
      for (let j = 0; j < 100_000; j++) objects.push({ k: j, name: `n${j}` });
      await sleep(25);
    }
    await sleep(60);
    rec.stopSampling();
    const samples = rec.samples;
    const first = samples[0]!;
    const last = samples.at(-1)!;
    expect(last.rssMiB - first.rssMiB).toBeGreaterThan(100);
    expect(last.heapUsedMiB - first.heapUsedMiB).toBeGreaterThan(20);
    expect(buffers.length + objects.length).toBeGreaterThan(0);
  });

  it('keeps at most maxSamples, merging pairs and doubling the interval, in time order', async () => {
    const sampler = new ResourceSampler(() => performance.now(), { intervalMs: 1, maxSamples: 16 });
    sampler.start();
    await sleep(400);
    sampler.stop();
    expect(sampler.samples.length).toBeLessThanOrEqual(16);
    expect(sampler.samples.length).toBeGreaterThan(2);
    expect(sampler.currentIntervalMs).toBeGreaterThanOrEqual(8);
    const times = sampler.samples.map((s) => s.tMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
  });

  it('merges two samples into one whose CPU time is theirs together and whose memory is their peak', () => {
    const sample = (tMs: number, cpuPercent: number, rssMiB: number, childCpuPercent: number | null): ResourceSample => ({
      tMs,
      cpuPercent,
      rssMiB,
      heapUsedMiB: rssMiB / 2,
      childCpuPercent,
      childRssMiB: childCpuPercent === null ? null : rssMiB / 10,
    });
    const samples = [sample(100, 50, 300, 0), sample(400, 150, 200, 90), sample(500, 10, 250, null)];
    mergePairs(samples, 0);
    // 50 % over 100 ms and 150 % over 300 ms: 0.05 + 0.45 CPU seconds over 400 ms is 125 %
    expect(samples).toEqual([
      { tMs: 400, cpuPercent: 125, rssMiB: 300, heapUsedMiB: 150, childCpuPercent: (0 * 100 + 90 * 300) / 400, childRssMiB: 30 },
      sample(500, 10, 250, null),
    ]);
  });
});
