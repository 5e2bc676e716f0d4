import { useTranslation } from 'react-i18next';

/** Parts of the toolbar both diagram editors have. */

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

export function UndoRedo({ canUndo, canRedo, undo, redo }: { canUndo: boolean; canRedo: boolean; undo(): void; redo(): void }) {
  const { t } = useTranslation();
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
