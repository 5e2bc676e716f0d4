import { ACTION_KINDS, SEVERITIES, type Severity } from '../../../shared/domain/vocabulary';
import type { ActionRow, CaseFact, RootFact } from './model';

/** What the Pareto, trends and journey figures are counted from, kept as sums of each case's part
 *  (figures.ts makes the figures from it). A case is added with +1 and taken out with -1, so after
 *  an edit only the edited cases are counted again: subtract the old part, add the new one. A
 *  tally made case by case from nothing and one kept through edits hold the same counts, and the
 *  figures made from them never depend on the order the cases came in. */

export const SEVERITY_WEIGHT: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

/** Counts by key; a key whose count falls to 0 is removed, so only keys in use are listed. */
export class Counts extends Map<string, number> {
  bump(key: string, by: number): void {
    const n = (this.get(key) ?? 0) + by;
    if (n === 0) this.delete(key);
    else this.set(key, n);
  }
}

/** Numbers kept sorted, for medians and percentiles without sorting each time. */
export class SortedNumbers {
  readonly values: number[] = [];
  add(v: number): void {
    this.values.splice(this.lowerBound(v), 0, v);
  }
  remove(v: number): void {
    const i = this.lowerBound(v);
    if (this.values[i] === v) this.values.splice(i, 1);
  }
  private lowerBound(v: number): number {
    let lo = 0;
    let hi = this.values.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.values[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export interface MonthTally {
  total: number;
  bySeverity: Record<Severity, number>;
  /** occurred -> detected and occurred -> resolved, in hours. */
  detect: SortedNumbers;
  resolve: SortedNumbers;
}

export interface TouchpointTally {
  /** Cases at it (its own touchpoint, or that of one of its root causes). */
  cases: number;
  /** Severity-weighted cases. */
  weight: number;
  /** Cases per severity, for the worst one. */
  severities: Counts;
  themes: Counts;
  servqual: Counts;
}

const HOUR = 3_600_000;
const ms = (iso: string) => Date.parse(iso);

export class Tally {
  cases = 0;
  roots = 0;
  readonly theme = new Counts();
  readonly servqual = new Counts();
  readonly motFailure = new Counts();
  readonly scenarioType = new Counts();
  readonly department = new Counts();
  readonly months = new Map<string, MonthTally>();
  /** Actions not cancelled, and of those the ones whose latest check is "effective", by kind. */
  readonly actions = new Map<string, { actions: number; effective: number }>(ACTION_KINDS.map((k) => [k, { actions: 0, effective: 0 }]));
  readonly touchpoints = new Map<string, TouchpointTally>();

  /** Adds (sign 1) or takes out (sign -1) a case with its distinct root causes. */
  addCase(c: CaseFact, roots: readonly RootFact[], sign: 1 | -1): void {
    this.cases += sign;
    this.roots += sign * roots.length;
    for (const r of roots) {
      this.theme.bump(r.theme, sign);
      if (r.servqual) this.servqual.bump(r.servqual, sign);
    }
    if (c.motFailure) this.motFailure.bump(c.motFailure, sign);
    if (c.scenarioType) this.scenarioType.bump(c.scenarioType, sign);
    const department = c.department.trim();
    if (department) this.department.bump(department, sign);

    let month = this.months.get(c.month);
    if (!month) this.months.set(c.month, (month = { total: 0, bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>, detect: new SortedNumbers(), resolve: new SortedNumbers() }));
    month.total += sign;
    month.bySeverity[c.severity] += sign;
    // Durations run from when it happened, counted in the month it happened; a negative one (a
    // typing slip) is left out rather than pulling the median down.
    if (c.occurredAt) {
      // Parsed once when the case was read, where it was.
      const start = c.occurredMs ?? ms(c.occurredAt);
      const detected = c.detectedAt ? (c.detectedMs ?? ms(c.detectedAt)) : null;
      const resolved = c.resolvedAt ? (c.resolvedMs ?? ms(c.resolvedAt)) : null;
      if (detected !== null && detected >= start) month.detect[sign > 0 ? 'add' : 'remove']((detected - start) / HOUR);
      if (resolved !== null && resolved >= start) month.resolve[sign > 0 ? 'add' : 'remove']((resolved - start) / HOUR);
    }
    if (month.total === 0) this.months.delete(c.month);

    // The touchpoints the case is at: its own and its root causes'.
    const at = new Set<string>();
    if (c.touchpoint) at.add(c.touchpoint);
    for (const r of roots) for (const t of r.touchpoints) at.add(t);
    for (const t of at) {
      let tp = this.touchpoints.get(t);
      if (!tp) this.touchpoints.set(t, (tp = { cases: 0, weight: 0, severities: new Counts(), themes: new Counts(), servqual: new Counts() }));
      tp.cases += sign;
      tp.weight += sign * SEVERITY_WEIGHT[c.severity];
      tp.severities.bump(c.severity, sign);
      for (const r of roots) {
        tp.themes.bump(r.theme, sign);
        if (r.servqual) tp.servqual.bump(r.servqual, sign);
      }
      if (tp.cases === 0) this.touchpoints.delete(t);
    }
  }

  /** Adds or takes out actions that are not cancelled (what the verified share counts). */
  addActions(actions: readonly Pick<ActionRow, 'kind' | 'latest'>[], sign: 1 | -1): void {
    for (const a of actions) {
      const k = this.actions.get(a.kind)!;
      k.actions += sign;
      if (a.latest === 'effective') k.effective += sign;
    }
  }
}
