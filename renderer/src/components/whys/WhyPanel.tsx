import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { WHY_STATUSES, WHY_STOP_REASONS } from '../../../../shared/domain/vocabulary';
import { countWhys, DIRECTIONS, findWhy, WhyAnalysis, whyAnswer, WhyFields, type Direction } from '../../../../shared/domain/whys';
import { DRAFT_ID, useWhys, type WhysState } from '../../state/whys';
import { Choice } from '../editor/Choice';
import { checkWith, CommitText, type Check } from '../editor/CommitText';
import { FieldChoice, NodeDetails, type NodeKit } from '../editor/NodeDetails';
import { SidePanel } from '../editor/SidePanel';
import { addChild, hasWhy, remove, toggleCollapse, toggleRootCause, updateWhy, useAnalysisView } from './actions';

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

const checkQuestionText = checkWith(WhyAnalysis.shape.question);
const checkQuestion: Check = (text) => checkQuestionText(text.trim());
const checkStopNoteText = checkWith(WhyFields.shape.stopNote);
const checkStopNote: Check = (text) => checkStopNoteText(text.trim());

/** An answer in the shared node panel (editor/NodeDetails.tsx). */
const WHY: NodeKit<WhyFields> = {
  keys: { panel: 'whys.panel', menu: 'whys.menu', hidden: 'whys.canvas.hiddenWhys' },
  fields: { text: 'answer', statuses: WHY_STATUSES, statusPrefix: 'enum.whyStatus', checkText: checkWith(whyAnswer), checkEvidence: checkWith(WhyFields.shape.evidence) },
  actions: { exists: hasWhy, update: updateWhy, toggleRootCause, toggleCollapse, remove },
};

function WhyDetails({ id, focusHeading }: { id: string; focusHeading: () => void }) {
  const { t } = useTranslation();
  const why = useWhys((s) => (s.doc ? (findWhy(s.doc, id)?.why ?? null) : null));
  if (!why) return null;

  return (
    <NodeDetails
      kit={WHY}
      id={id}
      node={why}
      focusHeading={focusHeading}
      afterRoot={
        why.isRootCause && (
          <>
            <FieldChoice kit={WHY} id={id} node={why} field="stopReason" options={WHY_STOP_REASONS} prefix="enum.stopReason" placeholder={t('whys.panel.stopReasonChoose')} required />
            <CommitText
              label={t('whys.stopNoteMore.label')}
              hint={t('whys.stopNoteMore.hint')}
              value={why.stopNote}
              single
              check={checkStopNote}
              save={(stopNote) => updateWhy(id, { stopNote })}
            />
          </>
        )
      }
      actions={
        <button type="button" onClick={() => addChild(id)}>
          {t('whys.menu.addChild')}
        </button>
      }
    />
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
