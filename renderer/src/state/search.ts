import { create } from 'zustand';
import type { SearchQuery, SearchResult } from '../../../shared/domain/search';
import { call } from '../api/client';

export const SEARCH_PAGE_SIZE = 20;

/** The filters only a word search has (the library's own ones are shared with it). */
export interface SearchExtras {
  from?: string;
  to?: string;
  department?: string;
  touchpoint?: string;
  sort: 'relevance' | 'date';
  page: number;
  /** The words and library filters the page was chosen for: other words start on the first page. */
  pageScope: string;
}

interface SearchState {
  extras: SearchExtras;
  result: SearchResult | null;
  loading: boolean;
  error: unknown;
  generation: number;
  /** The query last run, asked again while the index is being built. */
  lastQuery: SearchQuery | null;
  setExtras(patch: Partial<SearchExtras>): void;
  run(query: SearchQuery): Promise<void>;
}

/** The library's word search: every word of every case (search:query), a page at a time. */
export const useSearch = create<SearchState>((set, get) => ({
  extras: { sort: 'relevance', page: 0, pageScope: '' },
  result: null,
  loading: false,
  error: null,
  generation: 0,
  lastQuery: null,
  setExtras(patch) {
    // Any change but the page itself starts again from the first page.
    set({ extras: { ...get().extras, page: 0, ...patch } });
  },
  async run(query) {
    const generation = get().generation + 1;
    set({ generation, loading: true, error: null, lastQuery: query });
    try {
      const result = await call('search:query', query);
      // A newer query (typing fast) made this answer stale.
      if (generation === get().generation) set({ result, loading: false });
    } catch (error) {
      if (generation === get().generation) set({ error, result: null, loading: false });
    }
  },
}));
