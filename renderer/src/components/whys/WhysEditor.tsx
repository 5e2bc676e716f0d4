import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findCause } from '../../../../shared/domain/fishbone';
import { DIRECTIONS, questionText, type Direction, type WhyAnalysis } from '../../../../shared/domain/whys';
import { whysToOutline } from '../../../../shared/exchange/whys-outline';
import { layoutWhys } from '../../../../shared/layout/whys';
import { renderWhysSvg } from '../../../../shared/render/whys-svg';
import { describeError } from '../../i18n/errors';
import { useFishbone } from '../../state/fishbone';
import { useWhys } from '../../state/whys';
import { useWorkspace } from '../../state/workspace';
import { downloadBlob, exportFileName, svgToPng } from '../diagram/export';
import { UndoRedo, ViewSwitch, type DiagramView } from '../diagram/Toolbar';
import { useToasts } from '../Toast';
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
  const lastError = useWhys((s) => s.lastError);
  const canUndo = useWhys((s) => s.undoStack.length > 0);
  const canRedo = useWhys((s) => s.redoStack.length > 0);
  const shownId = useAnalysisView((s) => s.analysisId);
  const title = useWorkspace((s) => s.draft?.title ?? '');
  const show = useToasts((s) => s.show);
  const [view, setView] = useState<DiagramView>('diagram');
  const { run, undo, redo } = useWhys.getState();

  const analysis = analyses?.find((a) => a.id === shownId) ?? analyses?.[0] ?? null;
  const question = useQuestion(analysis);

  useEffect(() => {
    if (lastError) show(describeError(t, lastError));
  }, [lastError, show, t]);

  if (loadError) {
    return (
      <p role="alert" className="error">
        {describeError(t, loadError)}
      </p>
    );
  }
  if (!analyses) return <p aria-busy="true">{t('whys.loading')}</p>;

  const exportName = (what: string, ext: string) => exportFileName(title, what, ext);
  const drawing = () => {
    const layout = layoutWhys(analysis!, question);
    return { svg: renderWhysSvg(analysis!, layout, { title: question }), width: layout.width, height: layout.height };
  };
  const saved = (file: string) => show(t('fishbone.toolbar.exported', { file }));

  return (
    <section className="whys-editor" aria-labelledby="whys-title">
      <header className="fishbone-head">
        <h3 id="whys-title">{t('whys.heading')}</h3>
        <p className="muted">{t('whys.intro')}</p>
      </header>
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
            <label>
              <span className="visually-hidden">{t('whys.direction')}</span>
              <select
                value={analysis.direction}
                aria-label={t('whys.direction')}
                onChange={(e) => run({ type: 'updateAnalysis', id: analysis.id, patch: { direction: e.target.value as Direction } })}
              >
                {DIRECTIONS.map((d) => (
                  <option key={d} value={d}>
                    {t(`enum.whyDirection.${d}`)}
                  </option>
                ))}
              </select>
            </label>
            <UndoRedo canUndo={canUndo} canRedo={canRedo} undo={undo} redo={redo} />
            <div className="fb-export" role="group" aria-label={t('fishbone.toolbar.export')}>
              <span aria-hidden="true" className="muted">
                {t('fishbone.toolbar.exportLabel')}
              </span>
              <button
                type="button"
                onClick={() => {
                  const name = exportName('whys', 'svg');
                  downloadBlob(new Blob([drawing().svg], { type: 'image/svg+xml;charset=utf-8' }), name);
                  saved(name);
                }}
              >
                {t('fishbone.toolbar.exportSvg')}
              </button>
              <button
                type="button"
                onClick={() => {
                  const { svg, width, height } = drawing();
                  const name = exportName('whys', 'png');
                  svgToPng(svg, width, height, 'light').then(
                    (blob) => (downloadBlob(blob, name), saved(name)),
                    (e: unknown) => show(describeError(t, e)),
                  );
                }}
              >
                {t('fishbone.toolbar.exportPng')}
              </button>
              <button
                type="button"
                onClick={() => {
                  const name = exportName('whys', 'txt');
                  const text = whysToOutline(analysis, question, outlineLabels(t));
                  downloadBlob(new Blob([text], { type: 'text/plain;charset=utf-8' }), name);
                  saved(name);
                }}
              >
                {t('whys.toolbar.exportText')}
              </button>
            </div>
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
