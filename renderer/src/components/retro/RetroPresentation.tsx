import { useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
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
  const [height, setHeight] = useState(() => window.innerHeight - 200);
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

  // The rows a page holds follow the slide's real height (the bars above it wrap on narrow screens).
  useEffect(() => {
    const el = slideRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    setHeight(el.clientHeight);
    return () => observer.disconnect();
  }, [session !== null]);

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

  // Rows per page: estimated from the slide's height, then lowered while the shown page still
  // overflows (long causes wrap onto several lines), so a page never hides a cause below the fold.
  const estimate = rowsPerPage(scale, height);
  const [fit, setFit] = useState({ estimate, rows: estimate });
  const perPage = fit.estimate === estimate ? fit.rows : estimate;
  const slides = useMemo(() => buildSlides(fishbone, analyses, problem, perPage, t('report.analysis.effectFallback')), [fishbone, analyses, problem, perPage, t]);
  const current = slides[Math.min(slideIndex, slides.length - 1)] ?? null;
  useEffect(() => {
    if (slideIndex > slides.length - 1) setSlideIndex(Math.max(0, slides.length - 1));
  }, [slides.length, slideIndex]);

  useLayoutEffect(() => {
    const list = slideRef.current?.querySelector<HTMLElement>('.retro-causes-fit');
    if (list && list.scrollHeight > list.clientHeight + 1 && perPage > 2) setFit({ estimate, rows: Math.max(2, perPage - 2) });
  });

  // The facilitator's keys work wherever the focus is while the presentation shows (a button that
  // went away after a click leaves the focus on the page itself).
  const keyHandler = useRef<(e: globalThis.KeyboardEvent) => void>(() => undefined);
  useEffect(() => {
    const listener = (e: globalThis.KeyboardEvent) => keyHandler.current(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

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

  const onKey = (e: globalThis.KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target instanceof Element ? e.target : document.body;
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

  keyHandler.current = onKey;

  const style = { '--retro-scale': scale } as CSSProperties;
  return createPortal(
    <div ref={root} className="retro-present" role="dialog" aria-modal="true" aria-labelledby="retro-title" style={style}>
      <div className="retro-top">
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
            <button key={minutes} type="button" title={t('retro.timer.extendLabel', { minutes })} onClick={() => void act('retro:update', { update: { type: 'extend', minutes } })}>
              {t('retro.timer.extend', { minutes })}
            </button>
          ))}
        </div>
        <div className="retro-top-actions">
          <button type="button" onClick={() => void act('retro:update', { update: { type: 'nextPhase' } })} disabled={session.phase === 'actions'}>
            {t('retro.nextPhase')}
          </button>
          <button type="button" title={t('retro.font.smaller')} onClick={() => zoom(-1)} disabled={scaleIndex === 0}>
            A−<span className="visually-hidden"> {t('retro.font.smaller')}</span>
          </button>
          <button type="button" title={t('retro.font.larger')} onClick={() => zoom(1)} disabled={scaleIndex === SCALES.length - 1}>
            A+<span className="visually-hidden"> {t('retro.font.larger')}</span>
          </button>
          <button type="button" onClick={() => useRetro.getState().leave()}>
            {t('retro.leave')}
          </button>
        </div>
        <p className="visually-hidden" aria-live="polite">
          {announcement}
        </p>
      </div>
      {error ? (
        <p className="retro-error" role="alert">
          {typeof error === 'string' ? error : describeError(t, error)}
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

/** Two columns only when one would not hold the page's rows (a short category reads top to bottom). */
const perPageHalf = (slide: Extract<Slide, { kind: 'category' }>) => Math.max(1, slide.perPage / 2);

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
        <div className="retro-causes-fit">
        <ul className={`retro-causes${slide.rows.length > perPageHalf(slide) ? ' is-columns' : ''}`}>
          {slide.rows.map(({ cause, depth }) => (
            <li key={cause.id} className="retro-cause" style={{ '--depth': depth } as CSSProperties}>
              <span className="retro-cause-text">{cause.text}</span>
              {cause.isRootCause && <span className="retro-badge">{t('retro.slides.rootCause')}</span>}
              {session.revealed && totals.has(cause.id) && <span className="retro-total">{t('retro.voting.total', { count: totals.get(cause.id)! })}</span>}
              <VoteButtons causeId={cause.id} text={cause.text} session={session} />
            </li>
          ))}
        </ul>
        </div>
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

