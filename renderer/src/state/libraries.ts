import { create } from 'zustand';
import type { LibraryState } from '../../../shared/contract/contract';
import { call } from '../api/client';
import { queue, useWorkspace } from './workspace';

interface LibrariesStore {
  /** The open library and the recent list; null until first asked. */
  state: LibraryState | null;
  load(): Promise<LibraryState>;
  set(state: LibraryState): void;
}

export const useLibraries = create<LibrariesStore>((set) => ({
  state: null,
  async load() {
    const state = await call('library:list', {});
    set({ state });
    return state;
  },
  set(state) {
    set({ state });
  },
}));

/** Runs a call that may open another library (open, create, close) so that nothing of the
 *  library left behind carries over: the save queue is flushed into the old library first (what
 *  cannot be sent stays in that library's own page storage, see SaveQueue.persistTo), and the open
 *  case is dropped from the workspace whatever the queue's state. The caller then re-reads the
 *  status, which points the queue at the new library's storage. */
export async function switchLibrary(run: () => Promise<LibraryState>): Promise<LibraryState> {
  try {
    // Text typed but not queued yet (its pause not over) is queued now, then everything is sent.
    queue.settle();
    await queue.flush();
  } catch {
    // A write that failed stays queued in the old library's storage: it is not sent to the new one.
  }
  const before = useLibraries.getState().state?.current.path;
  const state = await run();
  useLibraries.getState().set(state);
  if (state.current.path !== before) useWorkspace.setState({ caseId: null, draft: null, timeline: [], fieldErrors: {}, loadError: null });
  return state;
}
