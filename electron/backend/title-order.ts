import type { Language } from '../../shared/i18n/languages';
import type { Db } from './database';

/** The library's "Title A-Z" order in the reader's language: Intl.Collator (pinyin for zh-CN,
 *  numbers by value), which SQLite's NOCASE (code points: 探 before 春) cannot give, and SQLite
 *  takes no collation from here. Every case's rank in that order is computed once and cached until
 *  a title changes; a page is then the matching ids ordered by rank, a numeric sort. */
/** Above any number of cases a library holds (2^26 ≈ 67 million). */
const SLOT = 2 ** 26;

export class TitleOrder {
  private readonly collators = new Map<Language, Intl.Collator>();
  private readonly ranks = new Map<Language, Map<string, number>>();
  /** SQLite's count of commits by other connections (the command line): they may change titles too. */
  private dataVersion = -1;

  constructor(private readonly db: Db) {}

  /** A title was written, a case added or removed: the ranks are recomputed when next needed. */
  invalidate(): void {
    this.ranks.clear();
  }

  /** The `limit` ids from `offset` of `ids` in title order. */
  page(language: Language, ids: readonly string[], offset: number, limit: number): string[] {
    let keys = this.keys(this.current(language), ids);
    if (!keys) {
      // A case this cache has not seen (written by a path that did not invalidate): recompute once.
      this.ranks.clear();
      keys = this.keys(this.current(language), ids)!;
    }
    // Each key is rank * SLOT + index, so a native numeric sort orders by rank and still says
    // which id each key came from (ranks and indexes are below SLOT; the products stay exact).
    keys.sort();
    return Array.from(keys.subarray(offset, offset + limit), (k) => ids[k % SLOT]!);
  }

  private keys(ranks: Map<string, number>, ids: readonly string[]): Float64Array | null {
    const keys = new Float64Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const rank = ranks.get(ids[i]!);
      if (rank === undefined) return null;
      keys[i] = rank * SLOT + i;
    }
    return keys;
  }

  private current(language: Language): Map<string, number> {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.dataVersion) {
      this.ranks.clear();
      this.dataVersion = version;
    }
    let ranks = this.ranks.get(language);
    if (!ranks) {
      ranks = this.compute(language);
      this.ranks.set(language, ranks);
    }
    return ranks;
  }

  private compute(language: Language): Map<string, number> {
    let collator = this.collators.get(language);
    if (!collator) {
      collator = new Intl.Collator(language, { numeric: true, sensitivity: 'base' });
      this.collators.set(language, collator);
    }
    const rows = this.db.prepare('SELECT id, title FROM cases').all() as { id: string; title: string }[];
    const compare = collator.compare;
    rows.sort((a, b) => compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const ranks = new Map<string, number>();
    rows.forEach((r, i) => ranks.set(r.id, i));
    return ranks;
  }
}

const orders = new WeakMap<Db, TitleOrder>();

/** One per database connection, shared by every repository on it. */
export function titleOrder(db: Db): TitleOrder {
  let order = orders.get(db);
  if (!order) {
    order = new TitleOrder(db);
    orders.set(db, order);
  }
  return order;
}
