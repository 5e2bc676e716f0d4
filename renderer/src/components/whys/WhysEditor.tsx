import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { findCause } from '../../../../shared/domain/fishbone';
import { DIRECTIONS, questionText, type WhyAnalysis } from '../../../../shared/domain/whys';
import { whysToOutline } from '../../../../shared/exchange/whys-outline';
import { layoutWhys } from '../../../../shared/layout/whys';
import { renderWhysSvg } from '../../../../shared/render/whys-svg';
import { useFishbone } from '../../state/fishbone';
import { useWhys } from '../../state/whys';
import { useWorkspace } from '../../state/workspace';
import { downloadBlob, exportFileName, svgToPng } from '../diagram/export';
import { EditorHeader, ExportButton, ExportGroup, LoadFailed, ToolbarChoice, UndoRedo, useRefusedToasts, ViewSwitch, type DiagramView } from '../diagram/Toolbar';
import { newProblemAnalysis, shorten, useAnalysisView } from './actions';
import { WhyCanvas } from '../editors';
import { WhyHints } from './WhyHints';
import { WhyOutline } from './WhyOutline';
import { WhyPanel } from './WhyPanel';


/** The question an analysis asks, as shown: the team's wording, else the fishbone cause, else the problem. */
export function useQuestion(analysis: WhyAnalysis | null): string {
  const problem = useWorkspace((s) => s.draft?.problem ?? '');
  const fishbone = useFishbone((s) => s.doc);
  if (!analysis) return '';
  return questionText(analysis, (id) => (fishbone ? (findCause(fishbone, id)?.cause.text ?? null) : null), problem);
}

/** The 5-Whys tool of step 2: the case's analyses, the one shown as a tree or an outline, its
 *  side panel and its hints. */
export function WhysEditor() {
  const { t } = useTranslation();
  const analyses = useWhys((s) => s.doc);
  const loadError = useWhys((s) => s.loadError);
  const shownId = useAnalysisView((s) => s.analysisId);
  const title = useWorkspace((s) => s.draft?.title ?? '');
  const view = useAnalysisView((s) => s.views.whys);
  const setView = (v: DiagramView) => useAnalysisView.getState().setView('whys', v);
  const { run } = useWhys.getState();

  const analysis = analyses?.find((a) => a.id === shownId) ?? analyses?.[0] ?? null;
  const question = useQuestion(analysis);

  useRefusedToasts(useWhys);

  if (loadError) return <LoadFailed error={loadError} />;
  if (!analyses) return <p aria-busy="true">{t('whys.loading')}</p>;

  const exportName = (ext: string) => exportFileName(title, 'whys', ext);
  const drawing = () => {
    const layout = layoutWhys(analysis!, question);
    return { svg: renderWhysSvg(analysis!, layout, { title: question }), width: layout.width, height: layout.height };
  };
  /** Saves a text as a download; returns the file's name. */
  const saveText = (ext: string, type: string, text: () => string) => {
    const name = exportName(ext);
    downloadBlob(new Blob([text()], { type }), name);
    return name;
  };
  const savePng = () => {
    const { svg, width, height } = drawing();
    const name = exportName('png');
    return svgToPng(svg, width, height, 'light').then((blob) => (downloadBlob(blob, name), name));
  };

  return (
    <section className="whys-editor" aria-labelledby="whys-title">
      <EditorHeader id="whys-title" title={t('whys.heading')} intro={t('whys.intro')} />
      <div className="whys-analyses" role="group" aria-label={t('whys.analyses')}>
        {analyses.map((a) => (
          <AnalysisButton key={a.id} analysis={a} current={a.id === analysis?.id} />
        ))}
        <button type="button" onClick={newProblemAnalysis}>
          + {t('whys.newAnalysis')}
        </button>
      </div>
      {!analysis ? (
        <p className="muted">{t('whys.noAnalyses')}</p>
      ) : (
        <>
          <div className="fb-toolbar" role="toolbar" aria-label={t('whys.toolbar.label')}>
            <ViewSwitch view={view} onView={setView} />
            <ToolbarChoice
              label={t('whys.direction')}
              value={analysis.direction}
              options={DIRECTIONS}
              prefix="enum.whyDirection"
              onChange={(direction) => run({ type: 'updateAnalysis', id: analysis.id, patch: { direction } })}
            />
            <UndoRedo store={useWhys} />
            <ExportGroup svg={() => saveText('svg', 'image/svg+xml;charset=utf-8', () => drawing().svg)} png={savePng}>
              <ExportButton
                label={t('whys.toolbar.exportText')}
                save={() => saveText('txt', 'text/plain;charset=utf-8', () => whysToOutline(analysis, question, outlineLabels(t)))}
              />
            </ExportGroup>
          </div>
          <div className="fb-body whys-body">
            <div className="fb-main">
              {view === 'diagram' ? (
                <WhyCanvas analysisId={analysis.id} question={question} />
              ) : (
                <WhyOutline analysisId={analysis.id} question={question} />
              )}
              <WhyHints analysisId={analysis.id} />
            </div>
            <WhyPanel questionFallback={question} />
          </div>
        </>
      )}
    </section>
  );
}

function AnalysisButton({ analysis, current }: { analysis: WhyAnalysis; current: boolean }) {
  const { t } = useTranslation();
  const question = useQuestion(analysis);
  const label = analysis.startCauseId ? t('whys.fromCause', { text: shorten(question, 32) }) : shorten(question, 40) || t('whys.fromProblem');
  return (
    <button
      type="button"
      aria-pressed={current}
      onClick={() => {
        useAnalysisView.getState().show('whys', analysis.id);
        useWhys.getState().select(analysis.id);
      }}
    >
      {label}
    </button>
  );
}

/** The translated words of the text outline (shared/exchange has no i18n of its own). */
function outlineLabels(t: TFunction) {
  return {
    status: { hypothesis: t('enum.whyStatus.hypothesis'), verified: t('enum.whyStatus.verified'), ruled_out: t('enum.whyStatus.ruled_out') },
    stopReason: {
      controllable: t('enum.stopReason.controllable'),
      outside_control: t('enum.stopReason.outside_control'),
      needs_data: t('enum.stopReason.needs_data'),
    },
    rootCause: t('whys.canvas.rootCause'),
    question: (text: string) => t('whys.question', { text }),
  };
}
