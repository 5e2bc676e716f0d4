import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { findCause } from '../../../../shared/domain/fishbone';
import { RETRO_LIMITS, RETRO_PHASES, type FacilitatorView } from '../../../../shared/domain/retro';
import { useFishbone } from '../../state/fishbone';
import { useRetro } from '../../state/retro';
import { useToasts } from '../Toast';
import { PhonesPanel } from './PhonesPanel';

type ParticipantRow = FacilitatorView['participants'][number];

/** The facilitator's controls beside the slide: who is here (and who votes at the screen), the
 *  voting rules and results, the causes proposed from phones, and the phase durations. */
export function RetroSidePanel({ session }: { session: FacilitatorView }) {
  const { t } = useTranslation();
  return (
    <aside className="retro-side" aria-label={t('retro.panel')}>
      <Participants session={session} />
      <PhonesPanel caseId={session.caseId} participants={false} level={3} className="retro-box phones-panel-embedded" />
      <Voting session={session} />
      <Proposals session={session} />
      <Settings session={session} />
      <EndSession />
    </aside>
  );
}

export function participantName(t: TFunction, session: FacilitatorView, p: ParticipantRow): string {
  return p.name ?? t('retro.participants.anonymousName', { n: session.participants.indexOf(p) + 1 });
}

function Participants({ session }: { session: FacilitatorView }) {
  const { t } = useTranslation();
  const voterId = useRetro((s) => s.voterId);
  const [name, setName] = useState('');
  const { act, setVoter } = useRetro.getState();
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    // The field is emptied at once, so a next name can be typed while this one is sent; a refused
    // name comes back unless something new was typed meanwhile.
    const submitted = name.trim();
    setName('');
    if (!(await act('retro:addParticipant', { name: submitted }))) setName((current) => (current === '' ? submitted : current));
  };
  const inRoom = session.participants.filter((p) => p.joinedVia === 'room');
  return (
    <section className="retro-box" aria-labelledby="retro-participants">
      <h3 id="retro-participants">{t('retro.participants.title')}</h3>
      <form className="retro-add" onSubmit={(e) => void add(e)}>
        <label>
          <span className="visually-hidden">{t('retro.participants.name')}</span>
          <input value={name} maxLength={RETRO_LIMITS.nameLength} placeholder={t('retro.participants.name')} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit">{t('retro.participants.add')}</button>
        <button type="button" onClick={() => void act('retro:addParticipant', { name: null })}>
          {t('retro.participants.addAnonymous')}
        </button>
      </form>
      {session.participants.length ? (
        <ul className="retro-people">
          {session.participants.map((p) => {
            const shown = participantName(t, session, p);
            return (
              <li key={p.id}>
                <span className="retro-person">
                  {shown}
                  {p.joinedVia === 'phone' && <span className="retro-muted"> · {t('retro.participants.phone')}</span>}
                </span>
                <span className="retro-remaining">{t('retro.participants.remaining', { count: p.remainingVotes })}</span>
                <button type="button" className="retro-icon" aria-label={t('retro.participants.remove', { name: shown })} onClick={() => void act('retro:removeParticipant', { participantId: p.id })}>
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="retro-muted">{t('retro.participants.none')}</p>
      )}
      {session.phase === 'vote' && !session.revealed && inRoom.length > 0 && (
        <label className="retro-voter">
          <span>{t('retro.participants.votingNow')}</span>
          <select value={voterId ?? ''} onChange={(e) => setVoter(e.target.value || null)}>
            <option value="">{t('retro.participants.nobody')}</option>
            {inRoom.map((p) => (
              <option key={p.id} value={p.id}>
                {participantName(t, session, p)}
              </option>
            ))}
          </select>
        </label>
      )}
    </section>
  );
}

function Voting({ session }: { session: FacilitatorView }) {
  const { t } = useTranslation();
  const fishbone = useFishbone((s) => s.doc);
  const voterId = useRetro((s) => s.voterId);
  const applied = useRetro((s) => s.appliedEntry);
  const { act, applyVotes, undoApply } = useRetro.getState();
  const kind = session.voting.anonymous ? t('retro.voting.anonymous') : t('retro.voting.named');
  const textOf = (id: string) => (fishbone ? (findCause(fishbone, id)?.cause.text ?? '') : '');
  const apply = async () => {
    if (await applyVotes()) useToasts.getState().show(t('retro.voting.applied'), { label: t('retro.voting.undo'), run: () => useRetro.getState().undoApply() });
  };
  return (
    <section className="retro-box" aria-labelledby="retro-voting">
      <h3 id="retro-voting">{t('retro.voting.title')}</h3>
      <p className="retro-muted">{t('retro.voting.rules', { n: session.voting.votesPerParticipant, m: session.voting.maxPerItem, kind })}</p>
      {!session.revealed ? (
        <>
          <p className="retro-muted">{session.phase !== 'vote' ? t('retro.voting.notYet') : voterId ? t('retro.voting.hidden') : t('retro.voting.pickVoter')}</p>
          <button type="button" onClick={() => void act('retro:reveal', {})}>
            {t('retro.voting.reveal')}
          </button>
        </>
      ) : (
        <>
          <h4>{t('retro.voting.results')}</h4>
          {session.tally?.rows.length ? (
            <ol className="retro-results" data-testid="retro-results">
              {session.tally.rows.map((row) => (
                <li key={row.causeId}>
                  <span className="retro-result-votes">{t('retro.voting.total', { count: row.votes })}</span> <span>{textOf(row.causeId)}</span>
                  {row.voters && (
                    <span className="retro-muted">
                      {' '}
                      {t('retro.voting.by', { names: row.voters.map((v) => `${v.name ?? '—'} ${v.votes}`).join(', ') })}
                    </span>
                  )}
                </li>
              ))}
            </ol>
          ) : (
            <p className="retro-muted">{t('retro.voting.noVotes')}</p>
          )}
          <div className="retro-row">
            <button type="button" onClick={() => void apply()} disabled={!session.tally?.rows.length}>
              {t('retro.voting.apply')}
            </button>
            {applied ? (
              <button type="button" onClick={undoApply}>
                {t('retro.voting.undo')}
              </button>
            ) : null}
          </div>
        </>
      )}
    </section>
  );
}

function Proposals({ session }: { session: FacilitatorView }) {
  const { t } = useTranslation();
  const fishbone = useFishbone((s) => s.doc);
  const pending = session.proposals.filter((p) => p.status === 'pending');
  const categories = fishbone?.categories ?? [];
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const { acceptProposal, act } = useRetro.getState();
  return (
    <section className="retro-box" aria-labelledby="retro-proposals">
      <h3 id="retro-proposals">{t('retro.proposals.title')}</h3>
      {!pending.length ? <p className="retro-muted">{t('retro.proposals.none')}</p> : null}
      {!categories.length && pending.length ? <p className="retro-muted">{t('retro.proposals.noCategory')}</p> : null}
      <ul className="retro-proposals">
        {pending.map((p) => {
          const suggested = p.categoryId && categories.some((c) => c.id === p.categoryId) ? p.categoryId : (categories[0]?.id ?? '');
          const category = chosen[p.id] ?? suggested;
          return (
            <li key={p.id}>
              <span className="retro-proposal-text">{p.text}</span>
              {p.participantName && <span className="retro-muted"> {t('retro.proposals.from', { name: p.participantName })}</span>}
              <div className="retro-row">
                <label>
                  <span className="visually-hidden">{t('retro.proposals.category', { text: p.text })}</span>
                  <select value={category} onChange={(e) => setChosen({ ...chosen, [p.id]: e.target.value })}>
                    {categories.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                </label>
                <button type="button" disabled={!category} onClick={() => void acceptProposal(p.id, category)}>
                  {t('retro.proposals.accept')}
                </button>
                <button type="button" onClick={() => void act('retro:rejectProposal', { proposalId: p.id })}>
                  {t('retro.proposals.reject')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Durations and voting rules, folded away: set once, before the session gets going. */
function Settings({ session }: { session: FacilitatorView }) {
  const { t } = useTranslation();
  const { act, refuse } = useRetro.getState();
  // The box shows the choice at once, while it is sent; the session's answer takes over after.
  const [anonymousShown, setAnonymousShown] = useState<boolean | null>(null);
  const setAnonymous = async (anonymous: boolean) => {
    setAnonymousShown(anonymous);
    await act('retro:update', { update: { type: 'voting', voting: { anonymous } } });
    setAnonymousShown(null);
  };
  /** A whole number in range, or null after saying what is wrong (nothing is sent then). */
  const number = (value: string, max: number, message: string): number | null => {
    const n = Number(value);
    if (Number.isInteger(n) && n >= 1 && n <= max) return n;
    refuse(t(message, { max }));
    return null;
  };
  return (
    <details className="retro-box">
      <summary>{t('retro.durations.title')}</summary>
      <div className="retro-settings">
        {RETRO_PHASES.map((phase) => (
          <label key={`${phase}-${session.durations[phase]}`}>
            <span>{t('retro.durations.minutes', { phase: t(`retro.phases.${phase}`) })}</span>
            <input
              type="number"
              min={1}
              max={RETRO_LIMITS.durationMinutes}
              defaultValue={session.durations[phase]}
              onBlur={(e) => {
                const minutes = number(e.target.value, RETRO_LIMITS.durationMinutes, 'retro.durations.invalid');
                if (minutes === null) e.target.value = String(session.durations[phase]);
                else if (minutes !== session.durations[phase]) void act('retro:update', { update: { type: 'durations', durations: { [phase]: minutes } } });
              }}
            />
          </label>
        ))}
        <label key={`n-${session.voting.votesPerParticipant}`}>
          <span>{t('retro.voting.votesPerParticipant')}</span>
          <input
            type="number"
            min={1}
            max={RETRO_LIMITS.maxVotes}
            defaultValue={session.voting.votesPerParticipant}
            onBlur={(e) => {
              const n = number(e.target.value, RETRO_LIMITS.maxVotes, 'retro.voting.invalidCount');
              if (n === null) e.target.value = String(session.voting.votesPerParticipant);
              else if (n !== session.voting.votesPerParticipant) void act('retro:update', { update: { type: 'voting', voting: { votesPerParticipant: n } } });
            }}
          />
        </label>
        <label key={`m-${session.voting.maxPerItem}`}>
          <span>{t('retro.voting.maxPerItem')}</span>
          <input
            type="number"
            min={1}
            max={RETRO_LIMITS.maxVotes}
            defaultValue={session.voting.maxPerItem}
            onBlur={(e) => {
              const m = number(e.target.value, RETRO_LIMITS.maxVotes, 'retro.voting.invalidCount');
              if (m === null) e.target.value = String(session.voting.maxPerItem);
              else if (m !== session.voting.maxPerItem) void act('retro:update', { update: { type: 'voting', voting: { maxPerItem: m } } });
            }}
          />
        </label>
        <label className="retro-check">
          <input type="checkbox" checked={anonymousShown ?? session.voting.anonymous} onChange={(e) => void setAnonymous(e.target.checked)} />
          <span>{t('retro.voting.anonymousToggle')}</span>
        </label>
      </div>
    </details>
  );
}

function EndSession() {
  const { t } = useTranslation();
  const end = async () => {
    if (await useRetro.getState().close()) useToasts.getState().show(t('retro.ended'));
  };
  return (
    <button type="button" className="retro-end" onClick={() => void end()}>
      {t('retro.end')}
    </button>
  );
}
