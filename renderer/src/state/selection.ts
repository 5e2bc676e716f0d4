import { create } from 'zustand';
import { LIMITS } from '../../../shared/domain/vocabulary';
import { call } from '../api/client';
import { currentLanguage } from '../i18n/setup';
import { useLibraries } from './libraries';
import { useLibrary } from './library';

/** The cases picked in the library's list for "Export cases…": by id, so a selection survives
 *  scrolling, a refresh and a change of filters (what is selected is what is exported). The anchor
 *  is the row a Shift+click or Shift+Space extends from. */
interface SelectionState {
  ids: ReadonlySet<string>;
  anchor: number | null;
  toggle(id: string, index: number): void;
  /** Selects every row from the anchor to `index` (the anchor itself when there is none). */
  extendTo(index: number): Promise<void>;
  set(ids: Iterable<string>): void;
  clear(): void;
}

/** The ids of rows `from`..`to` (inclusive) of the current list: the rows already loaded, the
 *  others asked for (a range can reach rows never scrolled to). */
export async function idsInRange(from: number, to: number): Promise<string[]> {
  const { rows, filters } = useLibrary.getState();
  const out: string[] = [];
  let missing = false;
  for (let i = from; i <= to; i++) {
    const row = rows[i];
    if (row) out.push(row.id);
    else missing = true;
  }
  if (!missing) return out;
  const ids: string[] = [];
  for (let offset = from; offset <= to; offset += LIMITS.pageSize) {
    const page = await call('cases:list', { ...filters, language: currentLanguage(), offset, limit: Math.min(LIMITS.pageSize, to - offset + 1) });
    ids.push(...page.items.map((c) => c.id));
    if (page.items.length === 0) break;
  }
  return ids;
}

/** Every id the library's current filters find (search results included), page by page: the
 *  list on screen holds only the rows scrolled to. */
export async function shownIds(): Promise<string[]> {
  const filters = useLibrary.getState().filters;
  const ids: string[] = [];
  for (let offset = 0; ; offset += LIMITS.pageSize) {
    const page = await call('cases:list', { ...filters, language: currentLanguage(), offset, limit: LIMITS.pageSize });
    ids.push(...page.items.map((c) => c.id));
    if (page.items.length < LIMITS.pageSize || ids.length >= page.total) return ids;
  }
}

export const useSelection = create<SelectionState>((set, get) => ({
  ids: new Set(),
  anchor: null,
  toggle(id, index) {
    const ids = new Set(get().ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    set({ ids, anchor: index });
  },
  async extendTo(index) {
    const anchor = get().anchor ?? index;
    const range = await idsInRange(Math.min(anchor, index), Math.max(anchor, index));
    set({ ids: new Set([...get().ids, ...range]), anchor });
  },
  set(ids) {
    set({ ids: new Set(ids), anchor: null });
  },
  clear() {
    set({ ids: new Set(), anchor: null });
  },
}));

// A selection names cases of one library: another library starts with none.
useLibraries.subscribe((next, prev) => {
  if (next.state?.current.path !== prev.state?.current.path) useSelection.getState().clear();
});
