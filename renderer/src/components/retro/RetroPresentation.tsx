import { useEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { RETRO_PHASES, type FacilitatorView } from '../../../../shared/domain/retro';
import { describeError } from '../../i18n/errors';
import { useFishbone } from '../../state/fishbone';
import { useRetro } from '../../state/retro';
import { useWhys } from '../../state/whys';
import { useWorkspace } from '../../state/workspace';
import { clockText, useCountdown, useMinuteAnnouncement } from './countdown';
import { RetroSidePanel } from './RetroSidePanel';
import { buildSlides, rowsPerPage, type Slide } from './slides';
import './retro.css';

const SCALES = [0.8, 0.9, 1, 1.1, 1.25, 1.4, 1.6, 1.8, 2] as const;
const DEFAULT_SCALE = 2;

/** Presentation mode for the room's projector: full screen (or a fixed overlay where the page may
 *  not take the screen), large type, high contrast. The fishbone is walked one category at a time
 *  and the 5 Whys one branch at a time; the phase bar, the countdown and the session's controls
 *  stay on screen. The facilitator drives it from the keyboard (see `onKey`). */
export function RetroPresentation() {
  const { t } = useTranslation();
  const session = useRetro((s) => s.session);
  const receivedAt = useRetro((s) => s.receivedAt);
  const error = useRetro((s) => s.error);
  const fishbone = useFishbone((s) => s.doc);
  const analyses = useWhys((s) => s.doc);
  const problem = useWorkspace((s) => s.draft?.problem ?? '');
  const caseId = useRetro((s) => s.caseId);
  const root = useRef<HTMLDivElement>(null);
  const slideRef = useRef<HTMLElement>(null);
  const [scaleIndex, setScaleIndex] = useState(DEFAULT_SCALE);
  const [slideIndex, setSlideIndex] = useState(0);
  const [height, setHeight] = useState(() => window.innerHeight);
  const scale = SCALES[scaleIndex]!;

  // The diagram and the analyses this presentation walks, loaded if step 2 has not shown them yet.
  useEffect(() => {
    if (!caseId) return;
    if (useFishbone.getState().caseId !== caseId) void useFishbone.getState().load(caseId);
    if (useWhys.getState().caseId !== caseId) void useWhys.getState().load(caseId);
  }, [caseId]);

  // Phones join, propose and vote while the screen shows: ask again every two seconds.
  useEffect(() => {
    const timer = setInterval(() => void useRetro.getState().refresh(), 2000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    const onResize = () => setHeight(window.innerHeight);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);

  // Full screen when the browser allows it (opened from a click, so it usually does); the overlay
  // covers the window either way. Leaving full screen (Esc, F11) leaves the presentation.
  useEffect(() => {
    const el = root.current;
    slideRef.current?.focus();
    if (el?.requestFullscreen && !document.fullscreenElement) el.requestFullscreen().catch(() => undefined);
    const onChange = () => {
      if (!document.fullscreenElement && useRetro.getState().presenting) useRetro.getState().leave();
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    };
  }, []);

  const slides = useMemo(() => buildSlides(fishbone, analyses, problem, rowsPerPage(scale, height), t('report.analysis.effectFallback')), [fishbone, analyses, problem, scale, height, t]);
  const current = slides[Math.min(slideIndex, slides.length - 1)] ?? null;
  useEffect(() => {
    if (slideIndex > slides.length - 1) setSlideIndex(Math.max(0, slides.length - 1));
  }, [slides.length, slideIndex]);

  const remaining = useCountdown(session, receivedAt);
  const phaseName = session ? t(`retro.phases.${session.phase}`) : '';
  const announcement = useMinuteAnnouncement(remaining, session?.phase ?? '', (m) =>
    m <= 0 ? t('retro.timer.up') : t('retro.timer.minutesLeft', { count: m, phase: phaseName }),
  );

  if (!session) return null;
  const act = useRetro.getState().act;
  const go = (delta: number) => setSlideIndex((i) => Math.min(Math.max(0, i + delta), Math.max(0, slides.length - 1)));
  const zoom = (delta: number) => setScaleIndex((i) => Math.min(Math.max(0, i + delta), SCALES.length - 1));
  const toggleTimer = () => void act('retro:update', { update: { type: session.timerRunning ? 'pause' : 'resume' } });

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target as HTMLElement;
    const typing = target.closest('input, select, textarea') !== null;
    if (e.key === 'Escape') {
      e.preventDefault();
      useRetro.getState().leave();
      return;
    }
    if (typing) return;
    const onButton = target.closest('button, summary') !== null;
    switch (e.key) {
      case 'ArrowRight':
      case 'PageDown':
        e.preventDefault();
        go(1);
        break;
      case 'ArrowLeft':
      case 'PageUp':
        e.preventDefault();
        go(-1);
        break;
      case '+':
      case '=':
        e.preventDefault();
        zoom(1);
        break;
      case '-':
      case '_':
        e.preventDefault();
        zoom(-1);
        break;
      case ' ':
        // On a button, Space presses it, as everywhere else.
        if (onButton) return;
        e.preventDefault();
        toggleTimer();
        break;
      case 'n':
      case 'N':
        e.preventDefault();
        void act('retro:update', { update: { type: 'nextPhase' } });
        break;
    }
  };

  const style = { '--retro-scale': scale } as CSSProperties;
  return createPortal(
    <div ref={root} className="retro-present" role="dialog" aria-modal="true" aria-labelledby="retro-title" style={style} onKeyDown={onKey}>
      <header className="retro-top">
        <h2 id="retro-title" className="retro-title">
          {t('retro.title')}
        </h2>
        <PhaseBar session={session} />
        <div className="retro-timer">
          <span role="timer" aria-label={t('retro.timer.label')} className={`retro-clock${remaining <= 0 ? ' is-up' : ''}`} data-testid="retro-clock">
            {clockText(remaining)}
          </span>
          {!session.timerRunning && <span className="retro-paused">{t('retro.timer.paused')}</span>}
          <button type="button" onClick={toggleTimer}>
            {session.timerRunning ? t('retro.timer.pause') : t('retro.timer.resume')}
          </button>
          {[1, 5].map((minutes) => (
            <button key={minutes} type="button" aria-label={t('retro.timer.extendLabel', { minutes })} onClick={() => void act('retro:update', { update: { type: 'extend', minutes } })}>
              {t('retro.timer.extend', { minutes })}
            </button>
          ))}
        </div>
        <div className="retro-top-actions">
          <button type="button" onClick={() => void act('retro:update', { update: { type: 'nextPhase' } })} disabled={session.phase === 'actions'}>
            {t('retro.nextPhase')}
          </button>
          <button type="button" aria-label={t('retro.font.smaller')} onClick={() => zoom(-1)} disabled={scaleIndex === 0}>
            A−
          </button>
          <button type="button" aria-label={t('retro.font.larger')} onClick={() => zoom(1)} disabled={scaleIndex === SCALES.length - 1}>
            A+
          </button>
          <button type="button" onClick={() => useRetro.getState().leave()}>
            {t('retro.leave')}
          </button>
        </div>
        <p className="visually-hidden" aria-live="polite">
          {announcement}
        </p>
      </header>
      {error ? (
        <p className="retro-error" role="alert">
          {describeError(t, error)}
        </p>
      ) : null}
      <div className="retro-body">
        <section ref={slideRef} className="retro-slide" tabIndex={0} aria-label={t('retro.slides.label')} aria-roledescription="slide">
          {current ? <SlideView slide={current} session={session} /> : <p className="retro-empty">{t('retro.slides.empty')}</p>}
          <nav className="retro-slide-nav" aria-label={t('retro.slides.label')}>
            <button type="button" onClick={() => go(-1)} disabled={slideIndex === 0}>
              {t('retro.slides.previous')}
            </button>
            <span aria-hidden="true">
              {slides.length ? `${Math.min(slideIndex, slides.length - 1) + 1} / ${slides.length}` : ''}
            </span>
            <button type="button" onClick={() => go(1)} disabled={slideIndex >= slides.length - 1}>
              {t('retro.slides.next')}
            </button>
          </nav>
        </section>
        <RetroSidePanel session={session} />
      </div>
      <p className="retro-keys">{t('retro.keys')}</p>
    </div>,
    document.body,
  );
}

function PhaseBar({ session }: { session: FacilitatorView }) {
  const { t } = useTranslation();
  const act = useRetro.getState().act;
  const at = RETRO_PHASES.indexOf(session.phase);
  return (
    <ol className="retro-phases" aria-label={t('retro.phaseBar')}>
      {RETRO_PHASES.map((phase, i) => (
        <li key={phase} className={i < at ? 'is-done' : i === at ? 'is-current' : ''}>
          <button type="button" aria-current={i === at ? 'step' : undefined} onClick={() => void act('retro:update', { update: { type: 'phase', phase } })}>
            <span className="retro-phase-name">{t(`retro.phases.${phase}`)}</span>
            <span className="retro-phase-minutes">{t('retro.report.minutes', { count: session.durations[phase] })}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}

function SlideView({ slide, session }: { slide: Slide; session: FacilitatorView }) {
  const { t } = useTranslation();
  if (slide.kind === 'branch') {
    return (
      <div className="retro-branch">
        <p className="retro-slide-where">{t('retro.slides.branch', { analysis: slide.analysisNumber, n: slide.n, total: slide.total })}</p>
        <h3 className="retro-slide-title">{slide.question}</h3>
        <ol className="retro-why-path">
          {slide.path.map((why) => (
            <li key={why.id} className={why.isRootCause ? 'is-root' : undefined}>
              <span className="retro-why-answer">{why.answer}</span>
              {why.isRootCause && <span className="retro-badge">{t('retro.slides.rootCause')}</span>}
            </li>
          ))}
        </ol>
      </div>
    );
  }
  const totals = new Map((session.tally?.rows ?? []).map((r) => [r.causeId, r.votes]));
  return (
    <div className="retro-category">
      <p className="retro-slide-where">
        {t('retro.slides.category', { n: slide.n, total: slide.total })}
        {slide.pages > 1 ? ` · ${slide.page} / ${slide.pages}` : ''}
        {' · '}
        {t('retro.slides.causes', { count: slide.causeCount })}
      </p>
      <h3 className="retro-slide-title">{slide.label}</h3>
      {slide.rows.length ? (
        <ul className="retro-causes">
          {slide.rows.map(({ cause, depth }) => (
            <li key={cause.id} className="retro-cause" style={{ '--depth': depth } as CSSProperties}>
              <span className="retro-cause-text">{cause.text}</span>
              {cause.isRootCause && <span className="retro-badge">{t('retro.slides.rootCause')}</span>}
              {session.revealed && totals.has(cause.id) && <span className="retro-total">{t('retro.voting.total', { count: totals.get(cause.id)! })}</span>}
              <VoteButtons causeId={cause.id} text={cause.text} session={session} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="retro-empty">{t('retro.slides.noCauses')}</p>
      )}
    </div>
  );
}

/** In the vote phase, before the reveal: the chosen participant's dots on a cause, with +/-. */
function VoteButtons({ causeId, text, session }: { causeId: string; text: string; session: FacilitatorView }) {
  const { t } = useTranslation();
  const voterId = useRetro((s) => s.voterId);
  if (session.phase !== 'vote' || session.revealed || !voterId) return null;
  const voter = session.participants.find((p) => p.id === voterId);
  if (!voter) return null;
  const mine = session.roomVotes[voterId]?.[causeId] ?? 0;
  const name = voter.name ?? t('retro.participants.anonymousName', { n: session.participants.indexOf(voter) + 1 });
  const vote = (delta: 1 | -1) => void useRetro.getState().act('retro:vote', { participantId: voterId, causeId, delta });
  return (
    <span className="retro-vote">
      <span className="retro-dots" aria-label={t('retro.voting.mine', { count: mine, name })} role="img">
        {'●'.repeat(mine)}
      </span>
      <button type="button" aria-label={t('retro.voting.unvote', { cause: text })} onClick={() => vote(-1)} disabled={mine === 0}>
        −
      </button>
      <button type="button" aria-label={t('retro.voting.vote', { cause: text })} onClick={() => vote(1)}>
        +
      </button>
    </span>
  );
}

