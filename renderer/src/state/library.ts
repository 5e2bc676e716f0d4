import { create } from 'zustand';
import type { CasePage, CaseQuery, CaseSummary } from '../../../shared/domain/case';
import { call } from '../api/client';
import { currentLanguage } from '../i18n/setup';

export const PAGE_SIZE = 100;

export type LibraryFilters = Pick<CaseQuery, 'search' | 'step' | 'status' | 'severity' | 'scenarioType' | 'tag' | 'sort' | 'trashed'>;

interface LibraryState {
  filters: LibraryFilters;
  /** Rows by index; pages are fetched as the virtual list scrolls to them. */
  rows: (CaseSummary | undefined)[];
  total: number;
  countsByStep: CasePage['countsByStep'] | null;
  trashCount: number;
  loading: boolean;
  error: unknown;
  generation: number;
  setFilters(patch: Partial<LibraryFilters>): void;
  refresh(): Promise<void>;
  ensureRange(start: number, end: number): void;
}

const requested = new Set<number>();

export const useLibrary = create<LibraryState>((set, get) => {
  async function fetchPage(page: number, generation: number): Promise<CasePage | null> {
    const result = await call('cases:list', { ...get().filters, language: currentLanguage(), offset: page * PAGE_SIZE, limit: PAGE_SIZE });
    // A newer query made this answer stale (typing fast in the search box).
    if (generation !== get().generation) return null;
    const rows = get().rows.slice();
    rows.length = result.total;
    result.items.forEach((item, i) => (rows[page * PAGE_SIZE + i] = item));
    set({ rows, total: result.total, countsByStep: result.countsByStep, trashCount: result.trashCount });
    return result;
  }

  return {
    filters: { search: '', sort: 'updated_desc', trashed: false },
    rows: [],
    total: 0,
    countsByStep: null,
    trashCount: 0,
    loading: false,
    error: null,
    generation: 0,

    setFilters(patch) {
      set({ filters: { ...get().filters, ...patch } });
      void get().refresh();
    },

    async refresh() {
      const generation = get().generation + 1;
      requested.clear();
      requested.add(0);
      set({ generation, loading: true, error: null });
      try {
        const result = await call('cases:list', { ...get().filters, language: currentLanguage(), offset: 0, limit: PAGE_SIZE });
        if (generation !== get().generation) return;
        const rows: (CaseSummary | undefined)[] = new Array(result.total);
        result.items.forEach((item, i) => (rows[i] = item));
        set({ rows, total: result.total, countsByStep: result.countsByStep, trashCount: result.trashCount, loading: false });
      } catch (error) {
        if (generation === get().generation) set({ error, loading: false });
      }
    },

    ensureRange(start, end) {
      const { generation } = get();
      for (let page = Math.floor(start / PAGE_SIZE); page <= Math.floor(end / PAGE_SIZE); page++) {
        if (requested.has(page)) continue;
        requested.add(page);
        fetchPage(page, generation).catch((error) => set({ error }));
      }
    },
  };
});
