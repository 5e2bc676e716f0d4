import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { whyHints, type WhyHint } from '../../../../shared/domain/why-hints';
import { findWhy } from '../../../../shared/domain/whys';
import type { Language } from '../../../../shared/i18n/languages';
import { useWhys } from '../../state/whys';
import { shorten } from './actions';

/** Hints beside the tree: prompts a facilitator would give about the root causes marked so far
 *  ("keep asking why", "note the evidence"). Never blocking, and deliberately quiet: no live
 *  region, the list simply changes as the tree does. Each names the answer it is about, with a
 *  button that selects it. */

interface Group {
  whyId: string;
  answer: string;
  hints: WhyHint[];
}

/** Selects a why, opening whatever hides it (collapsing is view state, not an undo step). */
function reveal(id: string): void {
  const { doc, run, select } = useWhys.getState();
  if (!doc) return;
  const found = findWhy(doc, id);
  if (!found) return;
  const closed: string[] = [];
  for (let parent = found.parent; parent; parent = findWhy(doc, parent.id)?.parent ?? null) if (parent.collapsed) closed.push(parent.id);
  for (const parentId of closed.reverse()) run({ type: 'updateWhy', id: parentId, patch: { collapsed: false } });
  select(id);
}

export function WhyHints({ analysisId }: { analysisId: string }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const analysis = useWhys((s) => s.doc?.find((a) => a.id === analysisId) ?? null);
  const language = (i18n.language === 'zh-CN' ? 'zh-CN' : 'en') satisfies Language;

  // The rules emit a why's hints together, in the tree's reading order: one group per why.
  const groups = useMemo(() => {
    if (!analysis) return [];
    const out: Group[] = [];
    for (const hint of whyHints(analysis, language)) {
      const last = out.at(-1);
      if (last?.whyId === hint.whyId) last.hints.push(hint);
      else out.push({ whyId: hint.whyId, answer: findWhy([analysis], hint.whyId)?.why.answer ?? '', hints: [hint] });
    }
    return out;
  }, [analysis, language]);

  if (!analysis) return null;

  return (
    <section className="why-hints" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('whys.hints.heading')}</h3>
      {groups.length === 0 ? (
        <p className="muted">{t('whys.hints.empty')}</p>
      ) : (
        <>
          <p className="why-hints-intro muted">{t('whys.hints.intro')}</p>
          <ul className="why-hints-list">
            {groups.map((group) => (
              <li key={group.whyId} className="why-hint">
                <button type="button" className="link why-hint-about" onClick={() => reveal(group.whyId)}>
                  {t('whys.hints.about', { text: shorten(group.answer, 48) })}
                </button>
                <ul>
                  {group.hints.map((hint) => (
                    <li key={hint.ruleId} data-kind={hint.kind}>
                      {hint.message}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
