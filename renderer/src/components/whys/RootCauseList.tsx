import { useTranslation } from 'react-i18next';
import { rootCauses } from '../../../../shared/domain/fishbone';
import { whyRootCauses } from '../../../../shared/domain/whys';
import { useFishbone } from '../../state/fishbone';
import { useWhys } from '../../state/whys';
import { shorten, useAnalysisView } from './actions';
import { useQuestion } from './WhysEditor';
import type { WhyAnalysis } from '../../../../shared/domain/whys';

/** The case's root causes from both tools, as one list: what the action plan links to. Each entry
 *  leads back to where it was found. */
export function RootCauseList() {
  const { t } = useTranslation();
  const fishbone = useFishbone((s) => s.doc);
  const analyses = useWhys((s) => s.doc);
  const fromFishbone = fishbone ? rootCauses(fishbone) : [];
  const fromWhys = analyses ? whyRootCauses(analyses) : [];
  const total = fromFishbone.length + fromWhys.length;

  return (
    <section className="root-causes" aria-labelledby="root-causes-title">
      <h3 id="root-causes-title">
        {t('whys.roots.heading')} <span className="muted">({total})</span>
      </h3>
      <p className="muted">{t('whys.roots.intro')}</p>
      {total === 0 ? (
        <p>{t('whys.roots.empty')}</p>
      ) : (
        <ul className="root-cause-list">
          {fromFishbone.map(({ cause, category }) => (
            <li key={cause.id} data-id={cause.id}>
              <span className="root-cause-text">{cause.text}</span>
              <span className="muted">{t('whys.roots.fishbone', { category: category.label })}</span>
              <span className={cause.evidence.trim() ? 'root-cause-evidence' : 'muted'}>{cause.evidence.trim() ? shorten(cause.evidence, 160) : t('whys.roots.noEvidence')}</span>
              <button
                type="button"
                className="link"
                onClick={() => {
                  useAnalysisView.getState().show('fishbone');
                  useFishbone.getState().select(cause.id);
                }}
              >
                {t('whys.roots.show')}
              </button>
            </li>
          ))}
          {fromWhys.map(({ analysis, why, depth }) => (
            <li key={why.id} data-id={why.id}>
              <span className="root-cause-text">{why.answer}</span>
              <WhySource analysis={analysis} depth={depth} stopReason={why.stopReason} />
              <span className={why.evidence.trim() ? 'root-cause-evidence' : 'muted'}>{why.evidence.trim() ? shorten(why.evidence, 160) : t('whys.roots.noEvidence')}</span>
              <button
                type="button"
                className="link"
                onClick={() => {
                  useAnalysisView.getState().show('whys', analysis.id);
                  useWhys.getState().select(why.id);
                }}
              >
                {t('whys.roots.show')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function WhySource({ analysis, depth, stopReason }: { analysis: WhyAnalysis; depth: number; stopReason: string | null }) {
  const { t } = useTranslation();
  const question = useQuestion(analysis);
  const parts = [t('whys.roots.whys', { question: shorten(question, 48) }), t('whys.roots.depth', { count: depth })];
  if (stopReason) parts.push(t(`enum.stopReason.${stopReason}`));
  return <span className="muted">{parts.join(' · ')}</span>;
}
