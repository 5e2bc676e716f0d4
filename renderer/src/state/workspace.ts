import { create } from 'zustand';
import { CaseFields, type CaseDetail, type CaseRecord, type TimelineEvent, type TimelineEventFields } from '../../../shared/domain/case';
import { issuesFromZod } from '../../../shared/contract/errors';
import { call } from '../api/client';
import { onReconnected } from '../api/connection';
import { baseOf, createRunner, deepEqual, onRevision, registerDoc, reloadDocs, setBase } from './outbox';
import { SaveQueue, type PendingWrite, type SaveStatus } from './save-queue';

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
queue.setRunner(createRunner(queue));
// Writes that failed because the host was away go out as soon as it answers again.
// The host that answers may have another library open (started again with --db): that library
// takes up its own writes, and this one's stay in its storage for when it is back.
onReconnected(() => {
  void (async () => {
    try {
      const status = await call('db:status', {});
      if (status.state === 'ok') keepOutboxOf(status.path);
    } catch {
      return; // away again: the next reconnection tries once more
    }
    const save = queue.current;
    if (save.kind === 'failed' && (save.error.reason === 'network' || save.error.code === 'unauthorized')) void queue.retry();
  })();
});

/** Keeps the page's unsent writes in its storage, for the library at `dbPath`, and queues those a
 *  previous page of that library left; returns how many. */
export const OUTBOX_PREFIX = 'causeway.outbox:';

export function keepOutboxOf(dbPath: string): number {
  // The same library again (its state asked once more): what it left is queued already.
  if (!queue.persistTo(window.localStorage, `${OUTBOX_PREFIX}${dbPath}`)) return 0;
  const restored = queue.restore();
  if (restored > 0) void queue.flush();
  return restored;
}

/** The case and its timeline with the page's pending writes laid over them: what the user sees
 *  after a reload, or once a newer version is read, until those writes are stored. */
export function withPending(detail: CaseDetail, pending: readonly { write: PendingWrite; patch: Record<string, unknown> }[]): CaseDetail {
  let record = detail.case;
  let timeline = detail.timeline;
  for (const { write, patch } of pending) {
    if (write.caseId !== detail.case.id || write.doc !== 'case') continue;
    const id = write.input.id as string;
    if (write.method === 'cases:update') record = { ...record, ...(patch as Partial<CaseRecord>) };
    else if (write.method === 'timeline:update') timeline = timeline.map((e) => (e.id === id ? { ...e, ...(patch as Partial<TimelineEvent>) } : e));
    else if (write.method === 'timeline:remove') timeline = timeline.filter((e) => e.id !== id);
    else if (write.method === 'timeline:add' && !timeline.some((e) => e.id === write.input.id)) {
      const at = new Date().toISOString();
      const event = write.input.event as TimelineEventFields;
      timeline = [...timeline, { ...event, id: write.input.id as string, caseId: detail.case.id, position: timeline.length, createdAt: at, updatedAt: at }];
    } else if (write.method === 'timeline:move') {
      const moving = timeline.find((e) => e.id === id);
      if (moving) {
        const order = timeline.filter((e) => e.id !== id);
        order.splice(write.input.toIndex as number, 0, moving);
        timeline = order;
      }
    }
  }
  return { case: record, timeline: timeline.map((e, i) => ({ ...e, position: i })) };
}

/** What the database held (as far as this page knows) for the case's fields and events: the values
 *  an edit replaces, to tell someone else's change from none. */
let stored: { record: CaseRecord | null; events: Map<string, TimelineEventFields> } = { record: null, events: new Map() };
const remember = (detail: CaseDetail) => {
  stored = { record: detail.case, events: new Map(detail.timeline.map((e) => [e.id, { at: e.at, description: e.description, kind: e.kind }])) };
};
const pick = (from: object | undefined, keys: string[]) => Object.fromEntries(keys.map((k) => [k, (from as Record<string, unknown> | undefined)?.[k]]));

/** What an edit of these fields replaces: the stored values, or those this page's own writes
 *  still on their way will store (an edit typed while the previous one is in flight replaces it,
 *  not what was there before it). `target` is the event's id, or null for the case's fields. */
function replaced(caseId: string, target: string | null, keys: string[]): Record<string, unknown> {
  const seen = pick(target === null ? (stored.record ?? undefined) : stored.events.get(target), keys);
  for (const { write, patch } of queue.pendingWrites()) {
    if (write.caseId !== caseId) continue;
    const mine = target === null ? write.method === 'cases:update' : write.method === 'timeline:update' && write.input.id === target;
    if (!mine) continue;
    for (const k of keys) if (k in patch) seen[k] = patch[k];
  }
  return seen;
}

export const useWorkspace = create<WorkspaceState>((set, get) => {
  queue.subscribe((save) => set({ save }));
  let opening: { id: string; promise: Promise<void> } | null = null;
  /** A prefetched case nothing has opened yet (see `prefetch`). */
  let fresh: string | null = null;

  const apply = (detail: CaseDetail) => {
    remember(detail);
    setBase(detail.case.id, 'case', detail.case.revision);
    const shown = withPending(detail, queue.pendingWrites());
    // A field the user is fixing (its value refused before sending) keeps what they typed.
    const { draft, fieldErrors } = get();
    const fixing = draft?.id === detail.case.id ? (Object.keys(fieldErrors) as Field[]) : [];
    const record = fixing.length ? { ...shown.case, ...pick(draft!, fixing) } : shown.case;
    set({
      caseId: detail.case.id,
      draft: record as CaseRecord,
      timeline: shown.timeline,
      revision: detail.case.revision,
      fieldErrors: fixing.length ? fieldErrors : {},
    });
  };

  onRevision((caseId, revision) => {
    if (get().caseId === caseId && revision > get().revision) set({ revision });
  });

  registerDoc('case', {
    fetch: async (caseId) => {
      const detail = await call('cases:get', { id: caseId });
      return { value: detail, revision: detail.case.revision };
    },
    stillApplies: (value, write, patch) => {
      const detail = value as CaseDetail;
      const id = write.input.id as string;
      if (write.method === 'cases:update') return Object.keys(patch).every((k) => deepEqual(detail.case[k as Field], write.seen?.[k]));
      const event = detail.timeline.find((e) => e.id === id);
      if (write.method === 'timeline:update') return event !== undefined && Object.keys(patch).every((k) => deepEqual(event[k as keyof TimelineEvent], write.seen?.[k]));
      if (write.method === 'timeline:move' || write.method === 'timeline:remove') return event ? true : 'gone';
      return true; // an event added under its own id takes nothing from anyone
    },
    adopt: (caseId, value) => {
      if (get().caseId === caseId) apply(value as CaseDetail);
    },
    acked: (write, reply) => {
      if (write.caseId !== stored.record?.id) return;
      if (write.method === 'cases:update') stored.record = reply as CaseRecord;
      const event = (reply as { event?: TimelineEvent }).event;
      if (event) stored.events.set(event.id, { at: event.at, description: event.description, kind: event.kind });
    },
    reload: async (caseId) => {
      if (get().caseId === caseId) apply(await call('cases:get', { id: caseId }));
    },
  });

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
          // Writes still queued (from a reload, or another case) are kept and stay on show.
          if (!queue.hasPending && queue.current.kind !== 'failed') queue.reset();
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
      queue.enqueueWrite(
        'case',
        { method: 'cases:update', caseId: id, doc: 'case', input: { id }, base: baseOf(id, 'case'), seen: replaced(id, null, [field]) },
        { [field]: parsed.data },
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
      // Once added, these are its stored values: what an edit of the new row replaces.
      stored.events.set(id, { ...fields });
      queue.enqueueWrite(`add:${id}`, { method: 'timeline:add', caseId, doc: 'case', input: { caseId, id, event: fields }, base: baseOf(caseId, 'case') }, {}, true);
    },

    editEvent(id, patch, immediate = false) {
      const caseId = get().caseId;
      if (!caseId) return;
      set({ timeline: get().timeline.map((e) => (e.id === id ? { ...e, ...patch } : e)) });
      queue.enqueueWrite(
        `event:${id}`,
        { method: 'timeline:update', caseId, doc: 'case', input: { id }, base: baseOf(caseId, 'case'), seen: replaced(caseId, id, Object.keys(patch)) },
        patch,
        immediate,
      );
    },

    moveEvent(id, toIndex) {
      const caseId = get().caseId;
      const order = get().timeline.filter((e) => e.id !== id);
      const moving = get().timeline.find((e) => e.id === id);
      if (!moving || !caseId) return;
      order.splice(toIndex, 0, moving);
      set({ timeline: order.map((e, i) => ({ ...e, position: i })) });
      queue.enqueueWrite(`move:${crypto.randomUUID()}`, { method: 'timeline:move', caseId, doc: 'case', input: { id, toIndex }, base: baseOf(caseId, 'case') }, {}, true);
    },

    removeEvent(id) {
      const caseId = get().caseId;
      if (!caseId) return;
      set({ timeline: get().timeline.filter((e) => e.id !== id).map((e, i) => ({ ...e, position: i })) });
      queue.drop(`event:${id}`);
      queue.enqueueWrite(`remove:${id}`, { method: 'timeline:remove', caseId, doc: 'case', input: { id }, base: baseOf(caseId, 'case') }, {}, true);
    },

    retry: () => queue.retry(),

    async keepMine() {
      // The write in conflict goes over what is stored now; the rest of the page shows the newer
      // version under the user's pending edits (see outbox.ts).
      queue.forceHead();
      await queue.retry();
    },

    async reload() {
      const id = get().caseId;
      queue.reset();
      if (id) await reloadDocs(id);
    },
  };
});

