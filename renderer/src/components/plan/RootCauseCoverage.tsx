import { useTranslation } from 'react-i18next';
import type { Action } from '../../../../shared/domain/plan';
import { useFishbone } from '../../state/fishbone';
import { useRoute } from '../../state/route';
import { useWhys } from '../../state/whys';
import { useWorkspace } from '../../state/workspace';
import { shorten, useAnalysisView } from '../whys/actions';
import { coverage, usePlanView, type RootCauseItem } from './model';
import { NewActionForm } from './NewActionForm';

/** Every distinct root cause of the case with how many actions address it (through any place it
 *  was found). One without any is flagged and
 *  offers to plan an action for it, in place. */
export function RootCauseCoverage({ roots, actions }: { roots: RootCauseItem[]; actions: readonly Action[] }) {
  const { t } = useTranslation();
  const draft = usePlanView((s) => s.draft);
  const openDraft = usePlanView((s) => s.openDraft);
  const counts = coverage(actions, roots);
  const uncovered = roots.filter((r) => !counts.get(r.key)).length;

  return (
    <section className="plan-roots" aria-labelledby="plan-roots-title">
      <h3 id="plan-roots-title">
        {t('plan.roots.heading')} <span className="muted">({roots.length})</span>
      </h3>
      <p className="muted">{t('plan.roots.intro')}</p>
      {roots.length === 0 ? (
        <p className="plan-note">{t('plan.roots.empty')}</p>
      ) : (
        <>
          <p className={uncovered ? 'plan-roots-summary warn' : 'plan-roots-summary'} aria-live="polite">
            {uncovered ? t('plan.roots.summary', { count: uncovered, total: roots.length }) : t('plan.roots.allCovered')}
          </p>
          <ul className="plan-root-list">
            {roots.map((root) => {
              const count = counts.get(root.key) ?? 0;
              const textId = `plan-root-${root.key.replace(':', '-')}`;
              const drafting = draft?.rootCause && `${draft.rootCause.source}:${draft.rootCause.id}` === root.key;
              return (
                <li key={root.key} className={count ? 'plan-root' : 'plan-root uncovered'} data-key={root.key}>
                  <span className="plan-root-id" aria-hidden="true">
                    {t('plan.roots.id', { n: root.n })}
                  </span>
                  <div className="plan-root-main">
                    <span className="plan-root-text" id={textId}>
                      <span className="visually-hidden">{t('plan.roots.id', { n: root.n })}: </span>
                      {root.text}
                    </span>
                    {/* A root cause found by both tools is one entry, with each place it was found. */}
                    {root.places.map((place) => (
                      <span key={place.key} className="muted plan-root-where">
                        {place.ref.source === 'fishbone' ? t('plan.roots.fishbone', { category: place.where }) : t('plan.roots.whys', { question: shorten(place.where, 60) })}
                      </span>
                    ))}
                  </div>
                  <span className={count ? 'plan-root-count' : 'plan-root-count badge uncovered-badge'}>
                    {count ? t('plan.roots.actions', { count }) : t('plan.roots.uncovered')}
                  </span>
                  <div className="plan-root-buttons">
                    <button
                      type="button"
                      className={count ? undefined : 'primary'}
                      aria-describedby={textId}
                      aria-expanded={drafting ? true : false}
                      onClick={() => openDraft({ rootCause: root.ref })}
                    >
                      {t('plan.roots.planFor')}
                    </button>
                    <ShowInAnalysis root={root} describedBy={textId} />
                  </div>
                  {drafting && (
                    <div className="plan-root-draft">
                      <NewActionForm key={root.key} rootCause={root} />
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

function ShowInAnalysis({ root, describedBy }: { root: RootCauseItem; describedBy: string }) {
  const { t } = useTranslation();
  const caseId = useWorkspace((s) => s.caseId);
  const go = useRoute((s) => s.go);
  return (
    <button
      type="button"
      className="link"
      aria-describedby={describedBy}
      onClick={() => {
        if (!caseId) return;
        if (root.ref.source === 'fishbone') {
          useAnalysisView.getState().show('fishbone');
          useFishbone.getState().select(root.ref.id);
        } else {
          useAnalysisView.getState().show('whys', root.analysisId ?? undefined);
          useWhys.getState().select(root.ref.id);
        }
        go({ name: 'case', id: caseId, step: 'analyse' });
      }}
    >
      {t('plan.roots.show')}
    </button>
  );
}
