import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { WHY_STATUSES, WHY_STOP_REASONS } from '../../../../shared/domain/vocabulary';
import { countWhys, DIRECTIONS, findWhy, WhyAnalysis, whyAnswer, WhyFields, type Direction, type StopReason, type WhyStatus } from '../../../../shared/domain/whys';
import { DRAFT_ID, useWhys, type WhysState } from '../../state/whys';
import { Choice } from '../editor/Choice';
import { checkWith, CommitText, type Check } from '../editor/CommitText';
import { SidePanel } from '../editor/SidePanel';
import { addChild, remove, toggleCollapse, toggleRootCause, useAnalysisView } from './actions';

/** The 5 Whys' side panel, as the fishbone's: everything about the selected node of the shown
 *  analysis, including what the diagram has no room for (the whole answer, the evidence, why the
 *  chain stops). Each text is the user's while they type and becomes one command (one undo step)
 *  when they leave the field. */

type Kind = 'question' | 'why' | 'draft' | null;

function kindOf({ doc, selected, draft }: WhysState, viewId: string | null): Kind {
  if (!doc || !selected) return null;
  // The editor shows the first analysis until one is chosen.
  const analysisId = viewId && doc.some((a) => a.id === viewId) ? viewId : (doc[0]?.id ?? null);
  if (!analysisId) return null;
  if (selected === DRAFT_ID) return draft?.analysisId === analysisId ? 'draft' : null;
  if (selected === analysisId) return doc.some((a) => a.id === analysisId) ? 'question' : null;
  return findWhy(doc, selected)?.analysis.id === analysisId ? 'why' : null;
}

const store = () => useWhys.getState();

const checkAnswer = checkWith(whyAnswer);
const checkEvidence = checkWith(WhyFields.shape.evidence);
const checkQuestionText = checkWith(WhyAnalysis.shape.question);
const checkQuestion: Check = (text) => checkQuestionText(text.trim());

/** Runs an update only while the why is still there (the panel may be saving on its way out). */
function updateWhy(id: string, patch: Partial<WhyFields>): boolean {
  const { doc, run } = store();
  if (!doc || !findWhy(doc, id)) return true;
  return run({ type: 'updateWhy', id, patch });
}

function WhyDetails({ id, focusHeading }: { id: string; focusHeading: () => void }) {
  const { t } = useTranslation();
  const why = useWhys((s) => (s.doc ? (findWhy(s.doc, id)?.why ?? null) : null));
  const hidden = useMemo(() => (why ? countWhys(why.children) : 0), [why]);
  if (!why) return null;
  const set = <K extends keyof WhyFields>(key: K, value: WhyFields[K]) => {
    if (why[key] !== value) updateWhy(id, { [key]: value } as Partial<WhyFields>);
  };

  return (
    <div className="panel-body">
      <CommitText
        label={t('whys.panel.answer')}
        hint={t('whys.panel.answerHint')}
        value={why.answer}
        rows={6}
        check={checkAnswer}
        save={(answer) => updateWhy(id, { answer })}
      />
      <Choice<WhyStatus>
        label={t('whys.panel.status')}
        value={why.status}
        options={WHY_STATUSES}
        prefix="enum.whyStatus"
        onChange={(status) => status && set('status', status)}
      />
      <label className="panel-check">
        <input type="checkbox" checked={why.isRootCause} onChange={() => toggleRootCause(id)} />
        <span>{t('whys.panel.isRootCause')}</span>
      </label>
      {why.isRootCause && (
        <Choice<StopReason>
          label={t('whys.panel.stopReason')}
          value={why.stopReason}
          options={WHY_STOP_REASONS}
          prefix="enum.stopReason"
          placeholder={t('whys.panel.stopReasonChoose')}
          required
          onChange={(stopReason) => stopReason && set('stopReason', stopReason)}
        />
      )}
      <CommitText
        label={t('whys.panel.evidence')}
        hint={t('whys.panel.evidenceHint')}
        value={why.evidence}
        check={checkEvidence}
        save={(evidence) => updateWhy(id, { evidence })}
      />
      <div className="panel-actions">
        <button type="button" onClick={() => addChild(id)}>
          {t('whys.menu.addChild')}
        </button>
        {why.children.length > 0 && (
          <button type="button" onClick={() => toggleCollapse(id)}>
            {why.collapsed ? t('whys.menu.expand') : t('whys.menu.collapse')}
            {why.collapsed && <span className="muted"> ({t('whys.canvas.hiddenWhys', { count: hidden })})</span>}
          </button>
        )}
        <button
          type="button"
          className="danger"
          onClick={() => {
            remove(id, t);
            const doc = store().doc;
            // Removed (not refused at the confirmation): the button is going away, keep focus in the panel.
            if (!doc || !findWhy(doc, id)) focusHeading();
          }}
        >
          {t('whys.menu.remove')}
        </button>
      </div>
    </div>
  );
}

function QuestionDetails({ id, questionFallback, focusHeading }: { id: string; questionFallback: string; focusHeading: () => void }) {
  const { t } = useTranslation();
  const analysis = useWhys((s) => s.doc?.find((a) => a.id === id) ?? null);
  const count = useMemo(() => (analysis ? countWhys(analysis.whys) : 0), [analysis]);
  if (!analysis) return null;

  const updateAnalysis = (patch: { question?: string; direction?: Direction }): boolean => {
    const { doc, run } = store();
    const current = doc?.find((a) => a.id === id);
    if (!current) return true;
    if (Object.entries(patch).every(([k, v]) => current[k as keyof typeof patch] === v)) return true;
    return run({ type: 'updateAnalysis', id, patch });
  };

  return (
    <div className="panel-body">
      <CommitText
        label={t('whys.panel.questionText')}
        hint={t('whys.panel.questionHint')}
        value={analysis.question}
        placeholder={questionFallback}
        rows={3}
        check={checkQuestion}
        save={(question) => updateAnalysis({ question })}
      />
      <p className="muted">{t('whys.panel.whyCount', { count })}</p>
      <Choice<Direction>
        label={t('whys.direction')}
        value={analysis.direction}
        options={DIRECTIONS}
        prefix="enum.whyDirection"
        onChange={(direction) => direction && updateAnalysis({ direction })}
      />
      <div className="panel-actions">
        <button type="button" onClick={() => addChild(id)}>
          {t('whys.menu.addChild')}
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            remove(id, t);
            if (!store().doc?.some((a) => a.id === id)) focusHeading();
          }}
        >
          {t('whys.removeAnalysis')}
        </button>
      </div>
    </div>
  );
}

export const WhyPanel = memo(function WhyPanel({ questionFallback }: { questionFallback: string }) {
  const { t } = useTranslation();
  const analysisId = useAnalysisView((s) => s.analysisId);
  const kind = useWhys((s) => kindOf(s, analysisId));
  const selected = useWhys((s) => s.selected);

  const title = kind === 'why' ? t('whys.panel.why') : kind === 'question' ? t('whys.panel.question') : t('whys.panel.heading');

  return (
    <SidePanel title={title} className="why-panel">
      {(focusHeading) => (
        <>
          {kind === 'why' && selected && <WhyDetails key={selected} id={selected} focusHeading={focusHeading} />}
          {kind === 'question' && selected && <QuestionDetails key={selected} id={selected} questionFallback={questionFallback} focusHeading={focusHeading} />}
          {kind === 'draft' && <p className="muted">{t('whys.panel.draft')}</p>}
          {kind === null && <p className="muted">{t('whys.panel.empty')}</p>}
        </>
      )}
    </SidePanel>
  );
});
