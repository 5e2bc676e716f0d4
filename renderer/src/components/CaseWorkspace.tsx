import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Step } from '../../../shared/domain/vocabulary';
import { call } from '../api/client';
import { describeError } from '../i18n/errors';
import { useRoute } from '../state/route';
import { preloadEditors } from './editors';
import { useFishbone } from '../state/fishbone';
import { loadRootCauseLinks } from '../state/root-causes';
import { useWhys } from '../state/whys';
import { queue, useWorkspace } from '../state/workspace';
import { CaseFileExportDialog } from './casefile/CaseFileExportDialog';
import { ComingStep } from './ComingStep';
import { ExecutionStep } from './execute/ExecutionStep';
import { ImproveStep } from './improve/ImproveStep';
import { AnalysisStep } from './whys/AnalysisStep';
import { ActionPlanStep } from './plan/ActionPlanStep';
import { ProblemStep } from './ProblemStep';
import { SaveIndicator } from './SaveIndicator';
import { SimilarCases } from './search/SimilarCases';
import { Stepper } from './Stepper';
import { useToasts } from './Toast';

export function CaseWorkspace({ id, step }: { id: string; step: Step | null }) {
  const { t } = useTranslation();
  const go = useRoute((s) => s.go);
  // Narrow selectors: typing in a field must re-render that field, not the whole workspace.
  const loadedId = useWorkspace((s) => s.draft?.id);
  const title = useWorkspace((s) => s.draft?.title ?? '');
  const currentStep = useWorkspace((s) => s.draft?.step ?? 'identify');
  const loadError = useWorkspace((s) => s.loadError);
  const open = useWorkspace((s) => s.open);
  const edit = useWorkspace((s) => s.edit);
  const show = useToasts((s) => s.show);
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    void open(id);
    // Step 2's diagram and its editor code load alongside the case, not after it.
    void useFishbone.getState().load(id);
    void useWhys.getState().load(id);
    loadRootCauseLinks(id);
    preloadEditors();
  }, [id, open]);

  // Leaving the page (a reload, a closed window) is guarded for every screen in App (leave-guard.ts).

  if (loadError) {
    return (
      <main id="main" className="workspace">
        <p role="alert" className="error">
          {describeError(t, loadError)}
        </p>
        <button type="button" onClick={() => go({ name: 'library' })}>
          {t('nav.back')}
        </button>
      </main>
    );
  }
  if (loadedId !== id) return <main id="main" className="workspace" aria-busy="true" />;

  const viewing = step ?? currentStep;
  const backToLibrary = async () => {
    queue.settle();
    await queue.flush();
    if (queue.current.kind === 'failed') return;
    go({ name: 'library' });
  };

  return (
    <main id="main" className="workspace" aria-labelledby="case-title">
      <div className="workspace-head">
        <button type="button" className="link" onClick={() => void backToLibrary()}>
          ← {t('nav.back')}
        </button>
        <h1 id="case-title">{title || t('case.untitled')}</h1>
        <SaveIndicator />
        <button
          type="button"
          onClick={async () => {
            // The file is made from what is stored: what was typed goes first.
            queue.settle();
            await queue.flush();
            setExporting(true);
          }}
        >
          {t('caseFilesUi.exportCase')}
        </button>
        <button
          type="button"
          className="danger subtle"
          onClick={async () => {
            await queue.flush();
            try {
              await call('cases:trash', { id });
              show(t('library.movedToTrash'), { label: t('library.undo'), run: () => void call('cases:restore', { id }) });
              go({ name: 'library' });
            } catch (e) {
              show(describeError(t, e));
            }
          }}
        >
          {t('library.moveToTrash')}
        </button>
      </div>
      <CaseFileExportDialog open={exporting} onClose={() => setExporting(false)} scopes={[{ kind: 'one', caseId: id, title: title || t('case.untitled') }]} />
      <Stepper viewing={viewing} current={currentStep} onView={(s) => go({ name: 'case', id, step: s })} />
      <div className="step-panel">
        {viewing !== currentStep && (
          <button type="button" className="set-current" onClick={() => edit('step', viewing, true)}>
            {t('steps.setCurrent')}
          </button>
        )}
        {viewing === 'identify' ? <ProblemStep /> : viewing === 'analyse' ? <AnalysisStep /> : viewing === 'execute' ? <ExecutionStep /> : viewing === 'improve' ? <ImproveStep /> : viewing === 'design' ? <ActionPlanStep /> : <ComingStep step={viewing} />}
      </div>
      <SimilarCases caseId={id} step={viewing} />
    </main>
  );
}
