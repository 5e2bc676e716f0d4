import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mergeCommand, separateCommand, type MergeOffer, type RootCause, type RootCausePlace } from '../../../../shared/domain/root-causes';
import { useFishbone } from '../../state/fishbone';
import { runRootCauseCommand, useDistinctRootCauses, useMergeOffers, useRootCauseLinks } from '../../state/root-causes';
import { useWhys } from '../../state/whys';
import { shorten, useAnalysisView } from './actions';
import { useQuestion } from './WhysEditor';
import type { WhyAnalysis } from '../../../../shared/domain/whys';

/** The case's root causes from both tools, as one list: what the action plan links to. A root cause
 *  found by both tools (see shared/domain/root-causes.ts) is listed once, with every place it was
 *  found, each leading back there; a place joined to it can be separated again. Below, pairs that
 *  may be one root cause are offered to merge. */
export function RootCauseList() {
  const { t } = useTranslation();
  const { roots } = useDistinctRootCauses();
  const offers = useMergeOffers(roots);
  const canUndo = useRootCauseLinks((s) => s.undoStack.length > 0);
  const total = roots.length;

  return (
    <>
      <section className="root-causes" aria-labelledby="root-causes-title">
        <div className="root-causes-head">
          <h3 id="root-causes-title">
            {t('whys.roots.heading')} <span className="muted">({total})</span>
          </h3>
          {canUndo && (
            <button type="button" className="link" aria-label={t('rootIdentity.undoLabel')} onClick={() => useRootCauseLinks.getState().undo()}>
              {t('rootIdentity.undo')}
            </button>
          )}
        </div>
        <p className="muted">{t('whys.roots.intro')}</p>
        {total === 0 ? (
          <p>{t('whys.roots.empty')}</p>
        ) : (
          <ul className="root-cause-list">
            {roots.map((root) => (
              <RootCauseItem key={root.key} root={root} others={roots.filter((r) => r !== root)} />
            ))}
          </ul>
        )}
      </section>
      {offers.length > 0 && <MergeOffers offers={offers} />}
    </>
  );
}

/** Makes two root causes one (the team says they are the same). */
function merge(a: RootCause, b: RootCause): void {
  const links = useRootCauseLinks.getState().doc ?? [];
  runRootCauseCommand(mergeCommand(useFishbone.getState().doc, useWhys.getState().doc, links, a, b));
}

function RootCauseItem({ root, others }: { root: RootCause; others: RootCause[] }) {
  const { t } = useTranslation();
  const several = root.places.length > 1;
  const textId = `root-cause-${root.key.replace(':', '-')}`;
  return (
    <li data-id={root.ref.id} data-key={root.key} className={several ? 'several' : undefined}>
      <div className="root-cause-head">
        <span className="root-cause-text" id={textId}>
          {root.text}
        </span>
        <span className="muted root-cause-meta">
          {t('rootIdentity.status', { status: t(`enum.causeStatus.${root.status}`) })}
          {several && ` · ${t('rootIdentity.places', { count: root.places.length })}`}
        </span>
        {others.length > 0 && <SameAs root={root} others={others} />}
      </div>
      <div className="root-cause-places" role="group" aria-label={t('rootIdentity.placesLabel', { text: shorten(root.text, 60) })}>
        {root.places.map((place, i) => (
          <Place key={place.key} root={root} place={place} index={i} describedBy={textId} />
        ))}
      </div>
    </li>
  );
}

/** Says this root cause is the same as another one, whatever their words: a choice, then a button
 *  that appears with it, next in tab order (choosing alone changes nothing, so the keyboard can go
 *  through the list safely). */
function SameAs({ root, others }: { root: RootCause; others: RootCause[] }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState('');
  const id = useId();
  const other = others.find((r) => r.key === chosen);
  return (
    <span className="root-cause-same">
      <label htmlFor={id} className="visually-hidden">
        {t('rootIdentity.sameAsLabel', { text: shorten(root.text, 60) })}
      </label>
      <select id={id} value={other ? chosen : ''} onChange={(e) => setChosen(e.target.value)}>
        <option value="">{t('rootIdentity.sameAs')}</option>
        {others.map((r) => (
          <option key={r.key} value={r.key}>
            {shorten(r.text, 60)}
          </option>
        ))}
      </select>
      {other && (
        <button
          type="button"
          onClick={() => {
            merge(root, other);
            setChosen('');
          }}
        >
          {t('rootIdentity.merge')}
        </button>
      )}
    </span>
  );
}

/** One place a root cause was found: where, its evidence, the way back to it, and (when the root
 *  cause was found in several) separating it again. */
function Place({ root, place, index, describedBy }: { root: RootCause; place: RootCausePlace; index: number; describedBy: string }) {
  const { t } = useTranslation();
  const several = root.places.length > 1;
  const show = () => {
    if (place.source === 'fishbone') {
      useAnalysisView.getState().show('fishbone');
      useFishbone.getState().select(place.ref.id);
    } else {
      useAnalysisView.getState().show('whys', place.analysis.id);
      useWhys.getState().select(place.ref.id);
    }
  };
  const separate = () => {
    const links = useRootCauseLinks.getState().doc ?? [];
    runRootCauseCommand(separateCommand(useFishbone.getState().doc, useWhys.getState().doc, links, root, place));
  };
  return (
    <div className="root-cause-place" data-place={place.key}>
      {several && (
        <span id={`${describedBy}-${index}`} className="visually-hidden">
          {t('rootIdentity.separateLabel', { place: shorten(place.text, 60), text: shorten(root.text, 60) })}
        </span>
      )}
      <div className="root-cause-where">
        {several && index > 0 && place.text !== root.text && <span className="root-cause-alias">“{shorten(place.text, 80)}”</span>}
        {place.source === 'fishbone' ? (
          <span className="muted">{t('whys.roots.fishbone', { category: place.category.label })}</span>
        ) : (
          <WhySource analysis={place.analysis} depth={place.depth} stopReason={place.stopReason} automatic={several && root.places.some((p) => p.source === 'fishbone' && p.ref.id === place.analysis.startCauseId)} />
        )}
        <span className={place.evidence.trim() ? 'root-cause-evidence' : 'muted'}>{place.evidence.trim() ? shorten(place.evidence, 160) : t('whys.roots.noEvidence')}</span>
      </div>
      <div className="root-cause-buttons">
        <button type="button" className="link" aria-describedby={describedBy} onClick={show}>
          {t('whys.roots.show')}
        </button>
        {several && (
          <button type="button" className="link" aria-describedby={`${describedBy}-${index}`} onClick={separate}>
            {t('rootIdentity.separate')}
          </button>
        )}
      </div>
    </div>
  );
}

function WhySource({ analysis, depth, stopReason, automatic }: { analysis: WhyAnalysis; depth: number; stopReason: string | null; automatic: boolean }) {
  const { t } = useTranslation();
  const question = useQuestion(analysis);
  const parts = [t('whys.roots.whys', { question: shorten(question, 48) }), t('whys.roots.depth', { count: depth })];
  if (stopReason) parts.push(t(`enum.stopReason.${stopReason}`));
  if (automatic) parts.push(t('rootIdentity.automatic'));
  return <span className="muted">{parts.join(' · ')}</span>;
}

/** Pairs that may be one root cause: merge them, or say they are not the same (not offered again). */
function MergeOffers({ offers }: { offers: MergeOffer[] }) {
  const { t } = useTranslation();
  const apart = (offer: MergeOffer) => runRootCauseCommand({ type: 'relate', add: [{ a: offer.a.ref, b: offer.b.ref, same: false }], remove: [] });
  return (
    <section className="root-cause-offers" aria-labelledby="root-cause-offers-title">
      <h4 id="root-cause-offers-title">{t('rootIdentity.offersHeading')}</h4>
      <p className="muted">{t('rootIdentity.offersIntro')}</p>
      <ul>
        {offers.map((offer) => {
          const names = { a: shorten(offer.a.text, 60), b: shorten(offer.b.text, 60) };
          const id = `offer-${offer.a.key}-${offer.b.key}`.replace(/:/g, '-');
          return (
            <li key={`${offer.a.key}|${offer.b.key}`} data-pair={`${offer.a.key}|${offer.b.key}`}>
              <span id={`${id}-merge`} className="visually-hidden">
                {t('rootIdentity.mergeLabel', names)}
              </span>
              <span id={`${id}-apart`} className="visually-hidden">
                {t('rootIdentity.notSameLabel', names)}
              </span>
              <span className="root-cause-pair">
                <span>“{offer.a.text}”</span>
                <span aria-hidden="true" className="muted">
                  ≈
                </span>
                <span>“{offer.b.text}”</span>
              </span>
              <span className="muted">{t('rootIdentity.offerText')}</span>
              <span className="root-cause-buttons">
                <button type="button" aria-describedby={`${id}-merge`} onClick={() => merge(offer.a, offer.b)}>
                  {t('rootIdentity.merge')}
                </button>
                <button type="button" className="link" aria-describedby={`${id}-apart`} onClick={() => apart(offer)}>
                  {t('rootIdentity.notSame')}
                </button>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
