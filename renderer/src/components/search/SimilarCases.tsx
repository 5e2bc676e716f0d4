import type { TFunction } from 'i18next';
import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SimilarCase, SimilarReason } from '../../../../shared/domain/search';
import type { Language } from '../../../../shared/i18n/languages';
import { call } from '../../api/client';
import { describeError } from '../../i18n/errors';
import { formatDateTime } from '../../i18n/format';
import { copyAction, copyLesson, copyRootCause, undoCopy, type Copy } from '../../state/copy-from-similar';
import { openPlace } from '../../state/open-place';
import { useRoute } from '../../state/route';
import { useToasts } from '../Toast';

const SUGGESTIONS = 5;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Past cases like this one (search:similar), from step 1 on: why each is similar, and its root
 *  causes, actions and lessons to look at or copy into this case. */
export function SimilarCases({ caseId, step }: { caseId: string; step: string }) {
  const { t } = useTranslation();
  const show = useToasts((s) => s.show);
  const [open, setOpen] = useState(true);
  const [cases, setCases] = useState<SimilarCase[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [lastCopy, setLastCopy] = useState<Copy | null>(null);

  // Asked again on each step: what was written in the last one may make other cases similar.
  useEffect(() => {
    if (!open) return;
    let live = true;
    call('search:similar', { caseId, limit: SUGGESTIONS }).then(
      (r) => {
        if (!live) return;
        setCases(r);
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [caseId, step, open]);

  const copied = (copy: Copy | null, message: string) => {
    if (!copy) {
      show(t('similar.notLoaded'));
      return;
    }
    setLastCopy(copy);
    show(message, { label: t('similar.undo'), run: () => undoCopy(copy) });
  };

  // Ctrl/Cmd+Z in the panel takes back the last copy made from it (the steps' own editors undo
  // theirs while they are open; this panel is on every step).
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (!(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey || e.key.toLowerCase() !== 'z' || !lastCopy) return;
    e.preventDefault();
    e.stopPropagation();
    undoCopy(lastCopy);
    setLastCopy(null);
  };

  const actions: CopyActions = {
    lesson: async (lesson) => copied(await copyLesson(caseId, lesson), t('similar.copiedLesson')),
    action: async (action) => copied(await copyAction(caseId, action), t('similar.copiedAction')),
    root: async (root) => {
      const category = t('similar.copiedCategory');
      copied(await copyRootCause(caseId, root, category), t('similar.copiedCause', { category }));
    },
  };

  return (
    <aside className="similar-cases" aria-labelledby="similar-title" onKeyDown={onKeyDown}>
      <h2 id="similar-title">
        <button type="button" className="link disclosure" aria-expanded={open} onClick={() => setOpen(!open)}>
          {t('similar.title')}
        </button>
      </h2>
      {open && (
        <>
          <p className="muted">{t('similar.intro')}</p>
          {error ? (
            <p role="alert" className="error">
              {describeError(t, error)}
            </p>
          ) : cases === null ? (
            <p aria-busy="true">{t('similar.loading')}</p>
          ) : cases.length === 0 ? (
            <p className="empty">{t('similar.none')}</p>
          ) : (
            <ol className="similar-list">
              {cases.map((c) => (
                <li key={c.caseId}>
                  <Suggestion similar={c} actions={actions} />
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </aside>
  );
}

interface CopyActions {
  lesson(lesson: SimilarCase['lessons'][number]): Promise<void>;
  action(action: SimilarCase['actions'][number]): Promise<void>;
  root(root: SimilarCase['rootCauses'][number]): Promise<void>;
}

function Suggestion({ similar, actions }: { similar: SimilarCase; actions: CopyActions }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const go = useRoute((s) => s.go);
  const titleId = `similar-${similar.caseId}`;
  return (
    <article className="similar-case" aria-labelledby={titleId}>
      <h3 id={titleId}>
        <a
          href={`#/case/${similar.caseId}`}
          onClick={(e) => {
            e.preventDefault();
            go({ name: 'case', id: similar.caseId, step: null });
          }}
        >
          {similar.title}
        </a>
      </h3>
      <p className="row-meta">
        <span>{t(`steps.${similar.step}`)}</span>
        <span>{t(`enum.status.${similar.status}`)}</span>
        <span className="muted">{t('library.updated', { date: formatDateTime(similar.updatedAt, language) })}</span>
      </p>
      {similar.reasons.length > 0 && (
        <ul className="similar-reasons" aria-label={t('similar.why')}>
          {similar.reasons.map((r, i) => (
            <li key={i}>{reasonText(t, r, language)}</li>
          ))}
        </ul>
      )}
      {similar.rootCauses.length > 0 && (
        <Section title={t('similar.rootCauses')}>
          {similar.rootCauses.map((root) => (
            <Item key={root.key} text={root.text} onView={() => void viewRoot(similar.caseId, root.key, root.analysisId ?? null)} onCopy={() => void actions.root(root)} />
          ))}
        </Section>
      )}
      {similar.actions.length > 0 && (
        <Section title={t('similar.actions')}>
          {similar.actions.map((a) => (
            <Item
              key={a.id}
              text={a.title}
              badges={[t(`enum.actionKind.${a.kind}`, { defaultValue: a.kind }), ...(a.verifiedEffective ? [t('similar.verified')] : [])]}
              onView={() => void openPlace({ caseId: similar.caseId, part: 'action', itemId: a.id, analysisId: null })}
              onCopy={() => void actions.action(a)}
            />
          ))}
        </Section>
      )}
      {similar.lessons.length > 0 && (
        <Section title={t('similar.lessons')}>
          {similar.lessons.map((l) => (
            <Item
              key={l.id}
              text={l.text}
              badges={[t(`enum.lessonKind.${l.kind}`)]}
              onView={() => void openPlace({ caseId: similar.caseId, part: 'lesson', itemId: l.id, analysisId: null })}
              onCopy={() => void actions.lesson(l)}
            />
          ))}
        </Section>
      )}
    </article>
  );
}

/** A root cause's key names its source and id ("fishbone:<id>", "whys:<id>"); a key of another
 *  shape still opens the case's analysis step. */
function viewRoot(caseId: string, key: string, analysisId: string | null): Promise<void> {
  const [source, id] = key.split(':');
  const itemId = id && UUID.test(id) ? id : null;
  if (source === 'fishbone') return openPlace({ caseId, part: 'cause', itemId, analysisId: null });
  // A 5-Whys root opens its answer selected in its own analysis, as a search hit does.
  if (source === 'whys') return openPlace({ caseId, part: 'why', itemId: analysisId ? itemId : null, analysisId });
  return openPlace({ caseId, part: 'cause', itemId: null, analysisId: null });
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="similar-section">
      <h4>{title}</h4>
      <ul>{children}</ul>
    </section>
  );
}

function Item({ text, badges = [], onView, onCopy }: { text: string; badges?: string[]; onView: () => void; onCopy: () => void }) {
  const { t } = useTranslation();
  return (
    <li className="similar-item">
      <span className="similar-text">
        {badges.map((b) => (
          <span key={b} className="badge">
            {b}
          </span>
        ))}{' '}
        {text}
      </span>
      <span className="similar-buttons">
        <button type="button" className="link" aria-label={t('similar.viewLabel', { text })} onClick={onView}>
          {t('similar.view')}
        </button>
        <button type="button" aria-label={t('similar.copyLabel', { text })} onClick={onCopy}>
          {t('similar.copy')}
        </button>
      </span>
    </li>
  );
}

function reasonText(t: TFunction, r: SimilarReason, language: Language): string {
  // Lists of words and labels are joined as the reader's language does (、/和 in Chinese).
  const list = (items: string[]) => new Intl.ListFormat(language, { type: 'conjunction' }).format(items);
  switch (r.kind) {
    case 'terms':
      return t('similar.reasons.terms', { terms: list(r.terms) });
    case 'scenarioType':
      return t('similar.reasons.scenarioType', { value: t(`enum.scenarioType.${r.value}`) });
    case 'motFailure':
      return t('similar.reasons.motFailure', { value: t(`enum.motFailure.${r.value}`) });
    case 'touchpoint':
      return t('similar.reasons.touchpoint', { value: t(`enum.touchpoint.${r.value}`, { defaultValue: r.value }) });
    case 'categories':
      return t('similar.reasons.categories', { labels: list(r.labels) });
    case 'verifiedEffective':
      return t('similar.reasons.verifiedEffective', { count: r.actions });
  }
}
