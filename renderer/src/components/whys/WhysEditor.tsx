import type { TFunction } from 'i18next';
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { focusWhenReady } from '../focus-when-ready';
import { findCause } from '../../../../shared/domain/fishbone';
import { walk } from '../../../../shared/domain/tree';
import { DIRECTIONS, questionText, type WhyAnalysis } from '../../../../shared/domain/whys';
import { whysToOutline } from '../../../../shared/exchange/whys-outline';
import { layoutWhys } from '../../../../shared/layout/whys';
import { renderWhysSvg } from '../../../../shared/render/whys-svg';
import { useFishbone } from '../../state/fishbone';
import { useWhys } from '../../state/whys';
import { useWorkspace } from '../../state/workspace';
import { downloadBlob, exportFileName, svgToPng } from '../diagram/export';
import { EditorHeader, ExportButton, ExportGroup, LoadFailed, ToolbarChoice, UndoRedo, useRefusedToasts, ViewSwitch, type DiagramView } from '../diagram/Toolbar';
import { askWhy, newProblemAnalysis, shorten, useAnalysisView } from './actions';
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

  // After "Ask why" or a new analysis, focus goes to its question: the outline's row, or the
  // diagram (where the question is selected). The diagram may still be loading: wait for it.
  const focusRequest = useAnalysisView((s) => s.focusRequest);
  useEffect(() => {
    if (!focusRequest) return;
    return focusWhenReady(
      () => {
        const editor = document.querySelector('.whys-editor');
        return view === 'outline'
          ? editor?.querySelector<HTMLElement>(`.whys-outline [data-id="${CSS.escape(focusRequest)}"]`)
          : editor?.querySelector<HTMLElement>('.fb-canvas');
      },
      5000,
      () => useAnalysisView.setState({ focusRequest: null }),
    );
  }, [focusRequest, view]);

  useRefusedToasts(useWhys);

  if (loadError) return <LoadFailed error={loadError} />;
  if (!analyses) return <p aria-busy="true">{t('whys.loading')}</p>;

  // Numbered as in the picker: each analysis's exports have names of their own.
  const exportName = (ext: string) => exportFileName(title, `whys-${analyses.indexOf(analysis!) + 1}`, ext);
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
        {analyses.map((a, i) => (
          <AnalysisButton key={a.id} analysis={a} number={i + 1} current={a.id === analysis?.id} />
        ))}
        <button type="button" onClick={newProblemAnalysis}>
          + {t('whys.newAnalysis')}
        </button>
        <AskWhyAboutCause />
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

/** An analysis in the picker: its number, then where it starts. "From the fishbone" only while
 *  that cause is still on the fishbone (an undo may have taken it away). */
function AnalysisButton({ analysis, number, current }: { analysis: WhyAnalysis; number: number; current: boolean }) {
  const { t } = useTranslation();
  const question = useQuestion(analysis);
  // Until the fishbone has loaded, its cause is taken to be there.
  const causeThere = useFishbone((s) => !analysis.startCauseId || !s.doc || findCause(s.doc, analysis.startCauseId) !== null);
  const own = shorten(question, 40) || t('whys.fromProblem');
  const text = !analysis.startCauseId
    ? own
    : causeThere
      ? t('whys.fromCause', { text: shorten(question, 32) })
      : t('whys.naming.causeRemoved', { text: own });
  const label = t('whys.naming.numbered', { n: number, text });
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

/** "Ask why" from the 5-Whys tab: any cause of the fishbone, chosen from a list (the diagram's
 *  menu, the outline's and the side panel's do the same from the cause itself). */
function AskWhyAboutCause() {
  const { t } = useTranslation();
  const fishbone = useFishbone((s) => s.doc);
  const [causeId, setCauseId] = useState('');
  const id = useId();
  const options = useMemo(() => {
    const out: { id: string; label: string }[] = [];
    for (const category of fishbone?.categories ?? []) {
      walk(category.causes, (cause, depth) => out.push({ id: cause.id, label: `${category.label} › ${'· '.repeat(depth - 1)}${shorten(cause.text, 60)}` }));
    }
    return out;
  }, [fishbone]);
  if (options.length === 0) return null;
  const chosen = options.some((o) => o.id === causeId) ? causeId : '';
  return (
    <span className="ask-why-cause">
      <label htmlFor={id}>{t('whys.askAbout.label')}</label>
      <select id={id} value={chosen} onChange={(e) => setCauseId(e.target.value)}>
        <option value="">{t('whys.askAbout.choose')}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      <button type="button" disabled={!chosen} onClick={() => chosen && askWhy(chosen)}>
        {t('fishbone.menu.askWhy')}
      </button>
    </span>
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
