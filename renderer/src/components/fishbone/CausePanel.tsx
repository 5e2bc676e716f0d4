import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Category, CauseFields, causeText, countCauses, findCause } from '../../../../shared/domain/fishbone';
import { templatePrompts } from '../../../../shared/domain/fishbone-templates';
import { CAUSE_STATUSES, LIMITS, SERVQUAL_DIMENSIONS, TOUCHPOINTS } from '../../../../shared/domain/vocabulary';
import type { Language } from '../../../../shared/i18n/languages';
import { DRAFT_ID, useFishbone, type FishboneState } from '../../state/fishbone';
import { checkWith, CommitText, type Check } from '../editor/CommitText';
import { FieldChoice, NodeDetails, type NodeKit } from '../editor/NodeDetails';
import { SidePanel } from '../editor/SidePanel';
import { hasCause, remove, shift, toggleCollapse, toggleRootCause, updateCause, vote } from './actions';

/** The side panel: everything about the selected node, including what the diagram has no room
 *  for (the whole text, the evidence, the classifications). Each text is the user's while they
 *  type and becomes one command (one undo step) when they leave the field. */

type Kind = 'head' | 'category' | 'cause' | 'draft' | null;

function kindOf({ doc: fishbone, selected }: FishboneState): Kind {
  if (!fishbone || !selected) return null;
  if (selected === 'head') return 'head';
  if (selected === DRAFT_ID) return 'draft';
  if (fishbone.categories.some((c) => c.id === selected)) return 'category';
  return findCause(fishbone, selected) ? 'cause' : null;
}

const store = () => useFishbone.getState();

const checkLabel = checkWith(Category.shape.label);

/** Votes typed as a number: a whole number within the schema's range, else a clear refusal. */
const checkVotes: Check = (text) => {
  const value = text.trim();
  if (!/^\d{1,7}$/.test(value) || !CauseFields.shape.votes.safeParse(Number(value)).success) return { reason: 'not_a_count' };
  return { value: String(Number(value)) };
};

const checkEffect: Check = (text) => {
  const value = text.trim();
  return value.length > LIMITS.shortText ? { reason: 'too_long' } : { value };
};

/** A cause in the shared node panel (editor/NodeDetails.tsx). */
const CAUSE: NodeKit<CauseFields> = {
  keys: { panel: 'fishbone.panel', menu: 'fishbone.menu', hidden: 'fishbone.canvas.hiddenCauses' },
  fields: { text: 'text', statuses: CAUSE_STATUSES, statusPrefix: 'enum.causeStatus', checkText: checkWith(causeText), checkEvidence: checkWith(CauseFields.shape.evidence) },
  actions: { exists: hasCause, update: updateCause, toggleRootCause, toggleCollapse, remove },
};

function CauseDetails({ id, focusHeading, onAskWhy }: { id: string; focusHeading: () => void; onAskWhy?: (causeId: string) => void }) {
  const { t } = useTranslation();
  const cause = useFishbone((s) => (s.doc ? (findCause(s.doc, id)?.cause ?? null) : null));
  if (!cause) return null;

  return (
    <NodeDetails
      kit={CAUSE}
      id={id}
      node={cause}
      focusHeading={focusHeading}
      actions={
        onAskWhy && (
          <button type="button" onClick={() => onAskWhy(id)}>
            {t('fishbone.menu.askWhy')}
          </button>
        )
      }
    >
      <FieldChoice kit={CAUSE} id={id} node={cause} field="touchpoint" options={TOUCHPOINTS} prefix="enum.touchpoint" none={t('fishbone.panel.none')} />
      <FieldChoice kit={CAUSE} id={id} node={cause} field="servqual" options={SERVQUAL_DIMENSIONS} prefix="enum.servqual" none={t('fishbone.panel.none')} />
      <div className="field" role="group" aria-labelledby={`${id}-votes`}>
        <span id={`${id}-votes`}>{t('fishbone.panel.votes')}</span>
        <div className="panel-votes">
          <button type="button" onClick={() => vote(id, -1)} disabled={cause.votes === 0} aria-label={t('fishbone.menu.voteDown')} title={t('fishbone.menu.voteDown')}>
            −1
          </button>
          <output aria-live="polite">{t('fishbone.canvas.votes', { count: cause.votes })}</output>
          <button type="button" onClick={() => vote(id, 1)} aria-label={t('fishbone.menu.voteUp')} title={t('fishbone.menu.voteUp')}>
            +1
          </button>
        </div>
      </div>
      {/* A retrospective's count, typed rather than clicked up one by one. */}
      <CommitText
        label={t('fishbone.votesMore.label')}
        hint={t('fishbone.votesMore.hint')}
        value={String(cause.votes)}
        single
        check={checkVotes}
        save={(votes) => updateCause(id, { votes: Number(votes) })}
      />
    </NodeDetails>
  );
}

function CategoryDetails({ id, focusHeading }: { id: string; focusHeading: () => void }) {
  const { t, i18n } = useTranslation();
  const category = useFishbone((s) => s.doc?.categories.find((c) => c.id === id) ?? null);
  const template = useFishbone((s) => s.doc?.template ?? null);
  const index = useFishbone((s) => s.doc?.categories.findIndex((c) => c.id === id) ?? -1);
  const total = useFishbone((s) => s.doc?.categories.length ?? 0);
  const language = (i18n.language === 'zh-CN' ? 'zh-CN' : 'en') satisfies Language;
  const causes = useMemo(() => (category ? countCauses(category.causes) : 0), [category]);
  const templateKey = category?.templateKey ?? null;
  const prompts = useMemo(() => templatePrompts(template, templateKey, language), [template, templateKey, language]);
  if (!category) return null;

  return (
    <div className="panel-body">
      <CommitText
        label={t('fishbone.panel.label')}
        value={category.label}
        single
        check={checkLabel}
        save={(label) => {
          const { doc: fishbone, run } = store();
          if (!fishbone?.categories.some((c) => c.id === id)) return true;
          return run({ type: 'renameCategory', id, label });
        }}
      />
      <p className="muted">{t('fishbone.panel.causeCount', { count: causes })}</p>
      {prompts.length > 0 && (
        <section className="panel-prompts" aria-labelledby={`${id}-prompts`}>
          <h4 id={`${id}-prompts`}>{t('fishbone.panel.prompts')}</h4>
          <ul>
            {prompts.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </section>
      )}
      <div className="panel-actions">
        <button type="button" onClick={() => shift(id, -1)} disabled={index <= 0}>
          {t('fishbone.menu.moveLeft')}
        </button>
        <button type="button" onClick={() => shift(id, 1)} disabled={index < 0 || index >= total - 1}>
          {t('fishbone.menu.moveRight')}
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            remove(id, t);
            if (!store().doc?.categories.some((c) => c.id === id)) focusHeading();
          }}
        >
          {t('fishbone.menu.remove')}
        </button>
      </div>
    </div>
  );
}

function HeadDetails({ effectFallback }: { effectFallback: string }) {
  const { t } = useTranslation();
  const effect = useFishbone((s) => s.doc?.effect ?? '');
  return (
    <div className="panel-body">
      <CommitText
        label={t('fishbone.panel.effect')}
        hint={t('fishbone.panel.effectHint')}
        value={effect}
        placeholder={effectFallback}
        rows={3}
        check={checkEffect}
        save={(text) => {
          const { doc: fishbone, run } = store();
          const next = text || null;
          return !fishbone || next === fishbone.effect || run({ type: 'setEffect', effect: next });
        }}
      />
    </div>
  );
}

export const CausePanel = memo(function CausePanel({ effectFallback, onAskWhy }: { effectFallback: string; onAskWhy?: (causeId: string) => void }) {
  const { t } = useTranslation();
  const kind = useFishbone(kindOf);
  const selected = useFishbone((s) => s.selected);

  const title =
    kind === 'cause' ? t('fishbone.panel.cause') : kind === 'category' ? t('fishbone.panel.category') : kind === 'head' ? t('fishbone.head') : t('fishbone.panel.heading');

  return (
    <SidePanel title={title}>
      {(focusHeading) => (
        <>
          {kind === 'cause' && selected && <CauseDetails key={selected} id={selected} focusHeading={focusHeading} onAskWhy={onAskWhy} />}
          {kind === 'category' && selected && <CategoryDetails key={selected} id={selected} focusHeading={focusHeading} />}
          {kind === 'head' && <HeadDetails effectFallback={effectFallback} />}
          {kind === 'draft' && <p className="muted">{t('fishbone.panel.draft')}</p>}
          {kind === null && <p className="muted">{t('fishbone.panel.empty')}</p>}
        </>
      )}
    </SidePanel>
  );
});
