import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { effectText, ORIENTATIONS } from '../../../../shared/domain/fishbone';
import { applyTemplate, fishboneFromTemplate, FISHBONE_TEMPLATES } from '../../../../shared/domain/fishbone-templates';
import type { Language } from '../../../../shared/i18n/languages';
import { MERMAID_DEFAULT_MAX_TEXT_SIZE } from '../../../../shared/exchange/mermaid-ishikawa';
import { describeError } from '../../i18n/errors';
import { formatNumber } from '../../i18n/format';
import { useFishbone } from '../../state/fishbone';
import { useWorkspace } from '../../state/workspace';
import { EditorHeader, ExportButton, ExportGroup, LoadFailed, ToolbarChoice, UndoRedo, useRefusedToasts, ViewSwitch, type DiagramView } from '../diagram/Toolbar';
import { useToasts } from '../Toast';
import { useAnalysisView } from '../whys/actions';
import { FishboneCanvas } from '../editors';
import { CausePanel } from './CausePanel';
import { downloadMermaid, downloadPng, downloadSvg } from './exchange';
import { FishboneOutline } from './FishboneOutline';
import { ImportMermaidDialog } from './ImportMermaidDialog';

/** Step 2, cause analysis: the fishbone editor with its toolbar, diagram or outline, and side panel. */
export function FishboneStep({ onAskWhy }: { onAskWhy?: (causeId: string) => void } = {}) {
  const { t, i18n } = useTranslation();
  const caseId = useWorkspace((s) => s.caseId);
  const title = useWorkspace((s) => s.draft?.title ?? '');
  const problem = useWorkspace((s) => s.draft?.problem ?? '');
  const fishbone = useFishbone((s) => s.doc);
  const loadedFor = useFishbone((s) => s.caseId);
  const loadError = useFishbone((s) => s.loadError);
  const { load, run } = useFishbone.getState();
  const show = useToasts((s) => s.show);
  // Kept with step 2's other view state (and in the address), so a reload shows the same view.
  const view = useAnalysisView((s) => s.views.fishbone);
  const setView = (v: DiagramView) => useAnalysisView.getState().setView('fishbone', v);
  const [importing, setImporting] = useState(false);
  const language = (i18n.language === 'zh-CN' ? 'zh-CN' : 'en') as Language;

  useEffect(() => {
    // The workspace starts loading the diagram with the case; load here only if it did not.
    if (caseId && useFishbone.getState().caseId !== caseId) void load(caseId);
  }, [caseId, load]);

  useRefusedToasts(useFishbone);

  if (loadError) return <LoadFailed error={loadError} />;
  if (!fishbone || loadedFor !== caseId) return <p aria-busy="true">{t('fishbone.loading')}</p>;

  const effect = effectText(fishbone, problem, t('fishbone.head'));
  // Exports are for documents and slides: always on a light background.
  const theme = 'light';

  const chooseTemplate = (id: string) => {
    const template = FISHBONE_TEMPLATES.find((x) => x.id === id);
    if (!template) return;
    const newId = () => crypto.randomUUID();
    if (fishbone.categories.length === 0) {
      const fresh = fishboneFromTemplate(id, language, newId, fishbone.effect);
      run({ type: 'replace', fishbone: { ...fresh, orientation: fishbone.orientation } });
      return;
    }
    if (!window.confirm(t('fishbone.toolbar.templateConfirm', { name: template.name[language] }))) return;
    try {
      run({ type: 'replace', fishbone: applyTemplate(fishbone, id, language, newId) });
    } catch (e) {
      show(describeError(t, e));
    }
  };

  return (
    <section className="fishbone-step" aria-labelledby="fishbone-title">
      <EditorHeader id="fishbone-title" title={t('fishbone.heading')} intro={t('fishbone.intro')} />
      <div className="fb-toolbar" role="toolbar" aria-label={t('fishbone.toolbar.label')}>
        <ViewSwitch view={view} onView={setView} />
        <label>
          <span className="visually-hidden">{t('fishbone.toolbar.template')}</span>
          <select value={fishbone.template ?? ''} onChange={(e) => chooseTemplate(e.target.value)} aria-label={t('fishbone.toolbar.template')}>
            <option value="" disabled>
              {t('fishbone.toolbar.templateNone')}
            </option>
            {FISHBONE_TEMPLATES.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name[language]}
              </option>
            ))}
          </select>
        </label>
        <ToolbarChoice
          label={t('fishbone.toolbar.orientation')}
          value={fishbone.orientation}
          options={ORIENTATIONS}
          prefix="enum.orientation"
          onChange={(orientation) => run({ type: 'setOrientation', orientation })}
        />
        <UndoRedo store={useFishbone} />
        <button type="button" onClick={() => run({ type: 'sortByVotes' })}>
          {t('fishbone.toolbar.sortByVotes')}
        </button>
        <button
          type="button"
          onClick={() => {
            if (window.confirm(t('fishbone.toolbar.resetVotesConfirm'))) run({ type: 'resetVotes' });
          }}
        >
          {t('fishbone.toolbar.resetVotes')}
        </button>
        <ExportGroup svg={() => downloadSvg(fishbone, effect, title, theme)} png={() => downloadPng(fishbone, effect, title, theme)}>
          <ExportButton
            label={t('fishbone.toolbar.exportMermaid')}
            save={() => {
              const { file, length, tooLong } = downloadMermaid(fishbone, effect, title);
              if (!tooLong) return file;
              const n = (v: number) => formatNumber(v, i18n.language as Language);
              return { message: t('fishbone.toolbar.mermaidTooLong', { file, length: n(length), max: n(MERMAID_DEFAULT_MAX_TEXT_SIZE) }) };
            }}
          />
        </ExportGroup>
        <button type="button" onClick={() => setImporting(true)}>
          {t('fishbone.toolbar.importMermaid')}
        </button>
      </div>
      <div className="fb-body">
        <div className="fb-main">
          {view === 'diagram' ? (
            <FishboneCanvas effect={effect} onAskWhy={onAskWhy} />
          ) : (
            <FishboneOutline effect={effect} onAskWhy={onAskWhy} />
          )}
        </div>
        <CausePanel effectFallback={effect} onAskWhy={onAskWhy} />
      </div>
      <ImportMermaidDialog open={importing} onClose={() => setImporting(false)} />
    </section>
  );
}
