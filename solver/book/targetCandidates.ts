/**
 * Which cluster targets an account may take, and what it falls back to when its own cluster's model
 * failed. Models are one per (size band, screen family): the family is the cluster's broad screens
 * (whole sectors), '' for none. For an account of band b and family F:
 *   - its own target, model (b, F), and the next band's, (b + 1, F): both are offered and the account
 *     keeps whichever its whole shares track better (accountFit.ts);
 *   - when (b, F) has no target, the nearest band of the same family that has one, smaller bands first
 *     (a smaller account's target can be held by a larger one), then larger;
 *   - when no band of F has a target, the same search over the models without a family (''): the
 *     family's names are then excluded per account, like any other excluded name;
 *   - nothing usable: the account is not allocated, and the reason names the models that failed.
 */
export interface CandidateModel {
  /** the model's label (its first cluster's id) */
  label: string;
  bandIndex: number;
  family: string;
  /** whether the model has a usable target */
  usable: boolean;
  /** how it ended when not usable */
  status: string;
}

export interface Candidates {
  /** labels to try, in order of preference */
  labels: string[];
  /** 'own': its own model is among them; 'fallback': only other models are; 'none': nothing usable */
  kind: 'own' | 'fallback' | 'none';
  /** why the account is not served by its own model, when it is not */
  reason: string | null;
}

export class TargetCandidates {
  private readonly byFamily = new Map<string, Map<number, CandidateModel>>();
  private readonly cache = new Map<string, Candidates>();

  constructor(models: readonly CandidateModel[]) {
    for (const m of models) {
      let bands = this.byFamily.get(m.family);
      if (!bands) this.byFamily.set(m.family, (bands = new Map()));
      bands.set(m.bandIndex, m);
    }
  }

  of(bandIndex: number, family: string): Candidates {
    const key = `${bandIndex}|${family}`;
    const known = this.cache.get(key);
    if (known) return known;
    const found = this.search(bandIndex, family);
    this.cache.set(key, found);
    return found;
  }

  private search(b: number, family: string): Candidates {
    const bands = this.byFamily.get(family) ?? new Map<number, CandidateModel>();
    const own = bands.get(b);
    if (own?.usable) {
      const up = bands.get(b + 1);
      return { labels: up?.usable ? [own.label, up.label] : [own.label], kind: 'own', reason: null };
    }
    const ownWhy = own ? `model ${own.label} (band ${b + 1}${family ? `, ${family}` : ''}) ended ${own.status}` : `no model for band ${b + 1}${family ? `, ${family}` : ''}`;
    const nearest = (from: Map<number, CandidateModel>): CandidateModel | undefined => {
      const order = [...from.values()].filter((m) => m.usable).sort((x, y) => {
        const dx = x.bandIndex <= b ? b - x.bandIndex : 1000 + x.bandIndex - b;
        const dy = y.bandIndex <= b ? b - y.bandIndex : 1000 + y.bandIndex - b;
        return dx - dy;
      });
      return order[0];
    };
    const same = nearest(bands);
    if (same) return { labels: [same.label], kind: 'fallback', reason: `${ownWhy}; served by model ${same.label} (band ${same.bandIndex + 1})` };
    if (family !== '') {
      const plain = nearest(this.byFamily.get('') ?? new Map());
      if (plain) {
        return {
          labels: [plain.label],
          kind: 'fallback',
          reason: `${ownWhy} and no band of ${family} has a target; served by model ${plain.label} (band ${plain.bandIndex + 1}) with ${family} excluded per account`,
        };
      }
    }
    const failed = [...this.byFamily.values()].flatMap((m) => [...m.values()]).filter((m) => !m.usable);
    return {
      labels: [],
      kind: 'none',
      reason: `${ownWhy}; no other cluster model has a target (${failed.length} failed${failed.length > 0 ? `, e.g. ${failed[0]!.label}: ${failed[0]!.status}` : ''})`,
    };
  }
}
