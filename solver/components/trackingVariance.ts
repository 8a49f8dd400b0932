import { z } from 'zod';
import { periodCount, type TrackingProblem } from '../tracking/trackingProblem.ts';
import { ComponentError, defineComponent, requiredSet } from './component.ts';

/**
 * The covariance terms of the active-return variance: Σ̃ (n × n, row-major), σ̃_B (n) and σ̃_BB, from
 * the sample covariance S of the returns (L − 1 in the denominator, as trackingError) shrunk toward
 * the scaled identity: Σ̃ = (1 − δ) S + δ μ I, μ = trace(S) / n (the Ledoit-Wolf target).
 * A 'cap' benchmark is r^B = Σ_i b_i r_i, so its terms follow from Σ̃: σ̃_B = Σ̃ b, σ̃_BB = b'Σ̃b and
 * the variance is (w − b)'Σ̃(w − b). An 'index' benchmark is its own series: σ_B and σ_BB are the
 * sample covariances with it, unshrunk.
 */
export function activeCovariance(problem: TrackingProblem, shrinkage: number): { sigma: Float64Array; sigmaB: Float64Array; sigmaBB: number } {
  const n = problem.tickers.length;
  const L = periodCount(problem);
  const r = problem.returns;
  const rB = problem.benchmarkReturns;
  const mean = new Float64Array(n);
  for (let t = 0; t < L; t++) for (let i = 0; i < n; i++) mean[i]! += r[t * n + i]! / L;
  let meanB = 0;
  for (let t = 0; t < L; t++) meanB += rB[t]! / L;
  const sigma = new Float64Array(n * n);
  const sigmaB = new Float64Array(n);
  let sigmaBB = 0;
  const dev = new Float64Array(n);
  for (let t = 0; t < L; t++) {
    for (let i = 0; i < n; i++) dev[i] = r[t * n + i]! - mean[i]!;
    const dB = rB[t]! - meanB;
    for (let i = 0; i < n; i++) {
      const di = dev[i]!;
      for (let j = 0; j <= i; j++) sigma[i * n + j]! += di * dev[j]!;
      sigmaB[i]! += di * dB;
    }
    sigmaBB += dB * dB;
  }
  const d = L - 1;
  let trace = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = sigma[i * n + j]! / d;
      sigma[i * n + j] = v;
      sigma[j * n + i] = v;
    }
    trace += sigma[i * n + i]!;
    sigmaB[i]! /= d;
  }
  sigmaBB /= d;
  if (shrinkage > 0) {
    const mu = trace / n;
    for (let k = 0; k < n * n; k++) sigma[k]! *= 1 - shrinkage;
    for (let i = 0; i < n; i++) sigma[i * n + i]! += shrinkage * mu;
  }
  if (problem.benchmark === 'cap') {
    const b = problem.benchmarkWeights;
    sigmaBB = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += sigma[i * n + j]! * b[j]!;
      sigmaB[i] = s;
      sigmaBB += b[i]! * s;
    }
  }
  return { sigma, sigmaB, sigmaBB };
}

/**
 * obj.tracking-variance: minimize the annualized variance of the active return (the square of the
 * reported tracking error), a quadratic objective.
 *   minimize λ P (w'Σ̃w − 2 w'σ̃_B + σ̃_BB)
 * with Σ̃, σ̃_B, σ̃_BB from activeCovariance (sample covariance shrunk by δ = shrinkage toward μI),
 * P periods per year; cash earns 0 and adds nothing. In the IR's ½ x'Qx form Q = 2λPΣ̃, c = −2λPσ̃_B,
 * offset λPσ̃_BB. HiGHS solves it as a QP; with integer variables it is a MIQP (use obj.tracking-mad).
 */
export const trackingVariance = defineComponent({
  id: 'obj.tracking-variance',
  kind: 'objective',
  title: 'Tracking variance',
  doc: 'minimize λ P (w\'Σ̃w − 2 w\'σ̃_B + σ̃_BB): annualized active-return variance, Σ̃ = (1−δ)S + δ(trace S/n)I from the sample covariance S.',
  params: z.strictObject({ shrinkage: z.number().min(0).max(1).default(0), weight: z.number().gt(0).default(1) }),
  provides: [],
  requires: ['weights'],
  features: ['quadratic'],
  check(_params, { problem }) {
    const L = periodCount(problem);
    if (L < 2) return [`needs at least 2 return periods to estimate a covariance, got ${L}`];
    if (problem.returns.length !== L * problem.tickers.length) return [`has ${problem.returns.length} returns for ${problem.tickers.length} names × ${L} periods`];
    return problem.returns.some((v) => !Number.isFinite(v)) ? ['has a return that is not a finite number'] : [];
  },
  apply(builder, { shrinkage, weight }, { problem }) {
    const L = periodCount(problem);
    const n = problem.tickers.length;
    if (L < 2 || problem.returns.length !== L * n) throw new ComponentError('obj.tracking-variance', `returns do not match ${n} names × ${L} periods`);
    const w = requiredSet(builder, 'obj.tracking-variance', 'weights');
    const { sigma, sigmaB, sigmaBB } = activeCovariance(problem, shrinkage);
    const k = weight * problem.periodsPerYear;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const v = sigma[i * n + j]!;
        if (v !== 0) builder.addQuadratic(w.start + i, w.start + j, 2 * k * v);
      }
      builder.addCost(w.start + i, -2 * k * sigmaB[i]!);
    }
    builder.addOffset(k * sigmaBB);
  },
});
