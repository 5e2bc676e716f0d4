import { create } from 'zustand';
import { CaseFields, type CaseDetail, type CaseRecord, type TimelineEvent, type TimelineEventFields } from '../../../shared/domain/case';
import { issuesFromZod } from '../../../shared/contract/errors';
import { call } from '../api/client';
import { SaveQueue, type SaveStatus } from './save-queue';

type Field = keyof CaseFields;

interface WorkspaceState {
  caseId: string | null;
  /** What the user sees and edits; ahead of the database while saves are queued. */
  draft: CaseRecord | null;
  timeline: TimelineEvent[];
  revision: number;
  save: SaveStatus;
  /** Per-field problems found before sending (e.g. an empty title): shown in place, not saved. */
  fieldErrors: Partial<Record<Field, string>>;
  loadError: unknown;
  open(id: string): Promise<void>;
  /** Fetches a case before anything shows it (app start): the first `open` of that case then takes
   *  this result instead of fetching it again. */
  prefetch(id: string): Promise<void>;
  close(): Promise<void>;
  edit<F extends Field>(field: F, value: CaseFields[F], immediate?: boolean): void;
  addEvent(fields: TimelineEventFields): void;
  editEvent(id: string, patch: Partial<TimelineEventFields>, immediate?: boolean): void;
  moveEvent(id: string, toIndex: number): void;
  removeEvent(id: string): void;
  retry(): Promise<void>;
  /** After a conflict: send the user's edits over the newer version. Only the fields they changed
   *  are written, so others' changes to other fields stay. */
  keepMine(): Promise<void>;
  /** After a conflict: drop the unsent edits and show the newer version. */
  reload(): Promise<void>;
}

export const queue = new SaveQueue();

export const useWorkspace = create<WorkspaceState>((set, get) => {
  queue.subscribe((save) => set({ save }));
  let opening: { id: string; promise: Promise<void> } | null = null;
  /** A prefetched case nothing has opened yet (see `prefetch`). */
  let fresh: string | null = null;

  const apply = (detail: CaseDetail) =>
    set({ caseId: detail.case.id, draft: detail.case, timeline: detail.timeline, revision: detail.case.revision, fieldErrors: {} });

  return {
    caseId: null,
    draft: null,
    timeline: [],
    revision: 0,
    save: queue.current,
    fieldErrors: {},
    loadError: null,

    open(id) {
      // App start may already be fetching this case (see main.tsx): one request serves both.
      const prefetched = fresh === id;
      fresh = null;
      if (opening?.id === id) return opening.promise;
      // Fetched at app start and not yet shown: as new as a second request, and taking it spares
      // the workspace a blank moment and a second render of the whole step.
      if (prefetched && get().draft?.id === id && get().loadError === null) return Promise.resolve();
      const promise = (async () => {
        if (get().caseId && get().caseId !== id) await get().close();
        set({ loadError: null, caseId: id, draft: null, timeline: [] });
        try {
          apply(await call('cases:get', { id }));
          queue.reset();
        } catch (e) {
          set({ loadError: e });
        }
      })().finally(() => {
        if (opening?.promise === promise) opening = null;
      });
      opening = { id, promise };
      return promise;
    },

    prefetch(id) {
      const promise = get().open(id);
      fresh = id;
      return promise;
    },

    async close() {
      await queue.flush();
      if (queue.current.kind !== 'failed') set({ caseId: null, draft: null, timeline: [] });
    },

    edit(field, value, immediate = false) {
      const { draft, fieldErrors } = get();
      if (!draft) return;
      const parsed = CaseFields.shape[field].safeParse(value);
      const nextErrors = { ...fieldErrors };
      if (!parsed.success) nextErrors[field] = issuesFromZod(parsed.error)[0]?.reason ?? 'generic';
      else delete nextErrors[field];
      set({ draft: { ...draft, [field]: value }, fieldErrors: nextErrors });
      if (!parsed.success) {
        queue.withdraw('case', [field]); // an earlier valid value must not be saved over what the user now has
        return;
      }
      const id = draft.id;
      queue.enqueue(
        'case',
        { [field]: parsed.data },
        async (patch) => {
          const saved = await call('cases:update', { id, revision: get().revision, patch });
          set({ revision: saved.revision });
        },
        immediate,
      );
    },

    addEvent(fields) {
      const caseId = get().caseId;
      if (!caseId) return;
      // The row appears at once with its own id, so the user can type into it while it is being saved.
      const id = crypto.randomUUID();
      const at = new Date().toISOString();
      const timeline = get().timeline;
      set({ timeline: [...timeline, { ...fields, id, caseId, position: timeline.length, createdAt: at, updatedAt: at }] });
      queue.enqueue(
        `add:${id}`,
        fields,
        async () => {
          const { revision } = await call('timeline:add', { caseId, id, event: fields });
          set({ revision });
        },
        true,
      );
    },

    editEvent(id, patch, immediate = false) {
      set({ timeline: get().timeline.map((e) => (e.id === id ? { ...e, ...patch } : e)) });
      queue.enqueue(
        `event:${id}`,
        patch,
        async (p) => {
          const { revision } = await call('timeline:update', { id, patch: p as Partial<TimelineEventFields> });
          set({ revision });
        },
        immediate,
      );
    },

    moveEvent(id, toIndex) {
      const order = get().timeline.filter((e) => e.id !== id);
      const moving = get().timeline.find((e) => e.id === id);
      if (!moving) return;
      order.splice(toIndex, 0, moving);
      set({ timeline: order.map((e, i) => ({ ...e, position: i })) });
      queue.enqueue(
        `move:${crypto.randomUUID()}`,
        {},
        async () => {
          const { revision } = await call('timeline:move', { id, toIndex });
          set({ revision });
        },
        true,
      );
    },

    removeEvent(id) {
      set({ timeline: get().timeline.filter((e) => e.id !== id).map((e, i) => ({ ...e, position: i })) });
      queue.drop(`event:${id}`);
      queue.enqueue(
        `remove:${id}`,
        {},
        async () => {
          const { revision } = await call('timeline:remove', { id });
          set({ revision });
        },
        true,
      );
    },

    retry: () => queue.retry(),

    async keepMine() {
      const id = get().caseId;
      if (!id) return;
      const latest = await call('cases:get', { id });
      set({ revision: latest.case.revision });
      await queue.retry();
    },

    async reload() {
      const id = get().caseId;
      queue.reset();
      if (id) apply(await call('cases:get', { id }));
    },
  };
});
