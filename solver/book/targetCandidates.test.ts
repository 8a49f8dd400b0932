import { describe, expect, it } from 'vitest';
import { TargetCandidates, type CandidateModel } from './targetCandidates.ts';
import { Seeded } from '../model/testing/seededRandom.ts';

/**
 * Which targets an account may take (targetCandidates.ts): the rules on hand-made books of models, then
 * against a reference written here on random ones (the search order spelled out band by band).
 */

const model = (bandIndex: number, family: string, usable: boolean, status = usable ? 'optimal' : 'infeasible'): CandidateModel => ({
  label: `M${bandIndex}${family ? `-${family}` : ''}`,
  bandIndex,
  family,
  usable,
  status,
});

describe('TargetCandidates', () => {
  it('offers its own band and the next one when both are usable, its own alone when the next is not', () => {
    const c = new TargetCandidates([model(0, '', true), model(1, '', true), model(2, '', false), model(3, '', true)]);
    expect(c.of(0, '')).toEqual({ labels: ['M0', 'M1'], kind: 'own', reason: null });
    expect(c.of(1, '')).toEqual({ labels: ['M1'], kind: 'own', reason: null });
    // the last band has no next one
    expect(c.of(3, '')).toEqual({ labels: ['M3'], kind: 'own', reason: null });
  });

  it('a failed own model falls back to the nearest smaller usable band of the family first, then the nearest larger', () => {
    const c = new TargetCandidates([
      model(0, 'E', true),
      model(1, 'E', true),
      model(2, 'E', false, 'time limit'),
      model(3, 'E', false),
      model(4, 'E', true),
      model(5, 'E', true),
      model(2, '', true),
    ]);
    const two = c.of(2, 'E');
    expect(two.kind).toBe('fallback');
    expect(two.labels).toEqual(['M1-E']);
    expect(two.reason).toContain('M2-E');
    expect(two.reason).toContain('time limit');
    // band 3: smaller bands first (band 1, two away), before band 4 (one away)
    expect(c.of(3, 'E').labels).toEqual(['M1-E']);
    // with no smaller usable band, the nearest larger
    const d = new TargetCandidates([model(0, 'E', false), model(1, 'E', false), model(3, 'E', true), model(2, 'E', true)]);
    expect(d.of(0, 'E').labels).toEqual(['M2-E']);
    expect(d.of(0, 'E').kind).toBe('fallback');
    // an account of a band with no model at all is served the same way, and says so
    const e = new TargetCandidates([model(0, '', true), model(3, '', true)]);
    expect(e.of(2, '')).toMatchObject({ labels: ['M0'], kind: 'fallback' });
    expect(e.of(2, '').reason).toContain('no model for band 3');
  });

  it('no usable band in the family: the plain models, nearest smaller first, with the reason naming the family', () => {
    const c = new TargetCandidates([model(1, 'Energy', false), model(2, 'Energy', false), model(0, '', true), model(1, '', false), model(3, '', true)]);
    const r = c.of(2, 'Energy');
    expect(r.kind).toBe('fallback');
    expect(r.labels).toEqual(['M0']);
    expect(r.reason).toContain('no band of Energy has a target');
    expect(r.reason).toContain('Energy excluded per account');
    // a family nobody built a model for
    expect(c.of(3, 'Tobacco')).toMatchObject({ labels: ['M3'], kind: 'fallback' });
    expect(c.of(3, 'Tobacco').reason).toContain('Tobacco');
  });

  it('nothing usable: kind none, no labels, and the reason names a failed model and its status', () => {
    const c = new TargetCandidates([model(0, '', false, 'infeasible'), model(1, 'E', false, 'time limit')]);
    const r = c.of(1, 'E');
    expect(r.kind).toBe('none');
    expect(r.labels).toEqual([]);
    expect(r.reason).toMatch(/M0: infeasible|M1-E: time limit/);
    expect(r.reason).toContain('2 failed');
    // a plain account with only a family's model usable is not served by it
    const d = new TargetCandidates([model(0, '', false, 'infeasible'), model(0, 'E', true)]);
    expect(d.of(0, '')).toMatchObject({ labels: [], kind: 'none' });
    expect(d.of(0, '').reason).toContain('M0: infeasible');
  });

  it('returns the same answer object for the same band and family', () => {
    const c = new TargetCandidates([model(0, '', true), model(1, '', false)]);
    expect(c.of(1, '')).toBe(c.of(1, ''));
  });

  it('agrees with a band-by-band reference on random books', () => {
    const random = new Seeded(9);
    const families = ['', 'A', 'B'];
    for (let trial = 0; trial < 300; trial++) {
      const models: CandidateModel[] = [];
      for (const family of families) {
        for (let b = 0; b < 6; b++) if (random.uniform() < 0.7) models.push(model(b, family, random.uniform() < 0.4));
      }
      const c = new TargetCandidates(models);
      const find = (b: number, f: string) => models.find((m) => m.bandIndex === b && m.family === f);
      const usable = (b: number, f: string) => find(b, f)?.usable === true;
      /** own (+ next) when usable; else b−1, b−2, …, 0, then b+1, b+2, … in the family; then b, b−1, …, 0, b+1, … in ''. */
      const reference = (b: number, f: string): { labels: string[]; kind: string } => {
        if (usable(b, f)) return { labels: usable(b + 1, f) ? [find(b, f)!.label, find(b + 1, f)!.label] : [find(b, f)!.label], kind: 'own' };
        for (const g of f === '' ? [''] : [f, '']) {
          for (let d = g === f ? 1 : 0; d <= 6; d++) if (usable(b - d, g)) return { labels: [find(b - d, g)!.label], kind: 'fallback' };
          for (let d = 1; d <= 6; d++) if (usable(b + d, g)) return { labels: [find(b + d, g)!.label], kind: 'fallback' };
        }
        return { labels: [], kind: 'none' };
      };
      for (const family of [...families, 'C']) {
        for (let b = 0; b < 6; b++) {
          const got = c.of(b, family);
          expect({ labels: got.labels, kind: got.kind }).toEqual(reference(b, family));
          if (got.kind === 'own') expect(got.reason).toBeNull();
          else expect(got.reason).toBeTruthy();
          if (got.kind === 'none' && models.some((m) => !m.usable)) expect(models.some((m) => !m.usable && got.reason!.includes(`${m.label}: ${m.status}`))).toBe(true);
        }
      }
    }
  });
});
