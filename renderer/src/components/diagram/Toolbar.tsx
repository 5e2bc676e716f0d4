import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../i18n/errors';
import { VocabularyOptions } from '../editor/Choice';
import { useToasts } from '../Toast';

/** Parts of the header and toolbar both diagram editors have, and how they report their store's errors. */

/** The part of a command store (state/command-store.ts) the toolbar uses. */
export interface ToolbarStore {
  <U>(selector: (state: { lastError: unknown; undoStack: readonly unknown[]; redoStack: readonly unknown[] }) => U): U;
  getState(): { undo(): void; redo(): void };
}

/** The heading and introduction of a diagram editor; `id` is the heading's, which names the editor. */
export function EditorHeader({ id, title, intro }: { id: string; title: string; intro: string }) {
  return (
    <header className="fishbone-head">
      <h3 id={id}>{title}</h3>
      <p className="muted">{intro}</p>
    </header>
  );
}

export type DiagramView = 'diagram' | 'outline';

/** Diagram or outline: two views of the same tree. */
export function ViewSwitch({ view, onView }: { view: DiagramView; onView(view: DiagramView): void }) {
  const { t } = useTranslation();
  return (
    <div className="fb-views" role="group" aria-label={t('fishbone.toolbar.view')}>
      {(['diagram', 'outline'] as const).map((v) => (
        <button key={v} type="button" aria-pressed={view === v} onClick={() => onView(v)}>
          {t(`fishbone.toolbar.${v}`)}
        </button>
      ))}
    </div>
  );
}

/** A select over a fixed vocabulary (each option translated as `${prefix}.${value}`), named by
 *  `label`, which only a screen reader reads. */
export function ToolbarChoice<V extends string>({ label, value, options, prefix, onChange }: {
  label: string;
  value: V;
  options: readonly V[];
  prefix: string;
  onChange(value: V): void;
}) {
  return (
    <label>
      <span className="visually-hidden">{label}</span>
      <select value={value} aria-label={label} onChange={(e) => onChange(e.target.value as V)}>
        <VocabularyOptions options={options} prefix={prefix} />
      </select>
    </label>
  );
}

export function UndoRedo({ store }: { store: ToolbarStore }) {
  const { t } = useTranslation();
  const canUndo = store((s) => s.undoStack.length > 0);
  const canRedo = store((s) => s.redoStack.length > 0);
  const { undo, redo } = store.getState();
  return (
    <>
      <button type="button" onClick={undo} disabled={!canUndo} aria-keyshortcuts="Control+Z">
        {t('fishbone.toolbar.undo')}
      </button>
      <button type="button" onClick={redo} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z">
        {t('fishbone.toolbar.redo')}
      </button>
    </>
  );
}

/** The export buttons: SVG and PNG, then the editor's own (`children`, ExportButtons). */
export function ExportGroup({ svg, png, children }: { svg(): string; png(): Promise<string>; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="fb-export" role="group" aria-label={t('fishbone.toolbar.export')}>
      <span aria-hidden="true" className="muted">
        {t('fishbone.toolbar.exportLabel')}
      </span>
      <ExportButton label={t('fishbone.toolbar.exportSvg')} save={svg} />
      <ExportButton label={t('fishbone.toolbar.exportPng')} save={png} />
      {children}
    </div>
  );
}

/** Saves a file and says so in a toast, or why not. `save` returns the file's name, a promise of
 *  it, or `{ message }` when there is more to say than that it was saved. */
export function ExportButton({ label, save }: { label: string; save(): string | { message: string } | Promise<string> }) {
  const { t } = useTranslation();
  const show = useToasts((s) => s.show);
  const saved = (file: string) => show(t('fishbone.toolbar.exported', { file }));
  const onClick = () => {
    const result = save();
    if (typeof result === 'string') saved(result);
    else if ('message' in result) show(result.message);
    else void result.then(saved, (e: unknown) => show(describeError(t, e)));
  };
  return (
    <button type="button" onClick={onClick}>
      {label}
    </button>
  );
}

/** Shows each command the store could not apply as a toast. */
export function useRefusedToasts(store: ToolbarStore): void {
  const { t } = useTranslation();
  const lastError = store((s) => s.lastError);
  const show = useToasts((s) => s.show);
  useEffect(() => {
    if (lastError) show(describeError(t, lastError));
  }, [lastError, show, t]);
}

/** In place of an editor whose document could not be loaded. */
export function LoadFailed({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <p role="alert" className="error">
      {describeError(t, error)}
    </p>
  );
}
