import { describe, expect, it } from 'vitest';
import { workerJobLine } from './scaleQueueCost.ts';
import { cpuSecondsBetween, splitDistributedRun } from './scaleRunSplit.ts';

describe('the coordinator CPU inside a stage', () => {
  // intervals (0, 100] at 100 %, (100, 300] at 50 %, (300, 400] at 200 %
  const samples = [
    { tMs: 400, cpuPercent: 200 },
    { tMs: 0, cpuPercent: 999 },
    { tMs: 100, cpuPercent: 100 },
    { tMs: 300, cpuPercent: 50 },
  ];

  it('counts the part of each interval inside the window, whatever order the samples come in', () => {
    expect(cpuSecondsBetween(samples, 0, 400)).toBeCloseTo((100 + 100 + 200) / 1000, 10);
    expect(cpuSecondsBetween(samples, 50, 350)).toBeCloseTo((50 + 100 + 100) / 1000, 10);
    expect(cpuSecondsBetween(samples, 500, 900)).toBe(0);
  });

  it('leaves out the first sample, whose interval has no start', () => {
    expect(cpuSecondsBetween(samples, -1000, 0)).toBe(0);
  });
});

describe('a distributed run split into serial and parallel parts', () => {
  const spans = [
    { name: 'load', parent: null, startMs: 0, durationMs: 1000 },
    { name: 'returns', parent: null, startMs: 1000, durationMs: 200 },
    { name: 'optimize', parent: null, startMs: 1200, durationMs: 800 },
    { name: 'map', parent: null, startMs: 2000, durationMs: 10_000, attrs: { diskWaitMs: 300 } },
    { name: 'chunk 1', parent: 4, startMs: 2100, durationMs: 5000 },
    { name: 'persist', parent: null, startMs: 12_000, durationMs: 500 },
  ];
  // the coordinator at 40 % of a core through the map stage
  const samples = [0, 2000, 7000, 12_000].map((tMs) => ({ tMs, cpuPercent: 40 }));

  it('takes every stage but map, the gathering and the time outside the stages as serial', () => {
    const split = splitDistributedRun({ accounts: 1000, seconds: 13, spans, samples, chunkJobs: 2, chunkMs: 9000, queueMsPerJob: 2 });
    expect(split.serial.map((p) => [p.name, p.perAccount])).toEqual([
      ['load', true],
      ['returns', false],
      ['optimize', false],
      ['persist', true],
      ['gathering', true],
      ['outside the stages', false],
    ]);
    expect(split.gatheringCpuSeconds).toBeCloseTo(4, 10);
    expect(split.serial.find((p) => p.name === 'gathering')!.seconds).toBeCloseTo(4.3, 10);
    expect(split.serial.find((p) => p.name === 'outside the stages')!.seconds).toBeCloseTo(0.5, 10);
    expect(split.chunkSeconds).toBe(9);
    expect(split.queueSecondsPerJob).toBe(0.002);
  });

  it('refuses a run without a map stage, naming its stages', () => {
    expect(() => splitDistributedRun({ accounts: 1000, seconds: 1, spans: spans.slice(0, 2), samples, chunkJobs: 0, chunkMs: 0, queueMsPerJob: 2 })).toThrow(/no map stage.*load, returns/);
  });
});

describe("a worker's --verbose job line", () => {
  it('gives the queue, the job and its milliseconds', () => {
    expect(workerJobLine('jessica-batch-chunk job 0a1b-2c done in 1234 ms')).toEqual({ queue: 'jessica-batch-chunk', jobId: '0a1b-2c', ms: 1234 });
    expect(workerJobLine('jessica-batch-model job x1 done in 12.5 ms')).toEqual({ queue: 'jessica-batch-model', jobId: 'x1', ms: 12.5 });
  });

  it('is null for the other lines', () => {
    expect(workerJobLine('jessica-batch-chunk job x1 started (attempt 1)')).toBeNull();
    expect(workerJobLine('worker on postgres://postgres@127.0.0.1:5432/db, 1 at once; SIGINT or SIGTERM to stop')).toBeNull();
  });
});
