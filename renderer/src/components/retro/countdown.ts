import { useEffect, useRef, useState } from 'react';
import type { FacilitatorView } from '../../../../shared/domain/retro';

/** The phase's countdown on this page: the backend's `remainingMs` when it answered, less the time
 *  since (while running). Re-synced on every answer, so a paused timer or an extension shows at once. */
export function useCountdown(session: FacilitatorView | null, receivedAt: number): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!session?.timerRunning) return;
    const timer = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(timer);
  }, [session?.timerRunning, receivedAt]);
  if (!session) return 0;
  if (!session.timerRunning) return session.remainingMs;
  return Math.max(0, session.remainingMs - Math.max(0, now - receivedAt));
}

/** "4:05", "12:00", "0:00". */
export function clockText(ms: number): string {
  const total = Math.ceil(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** The whole minutes left, for the screen-reader announcement: it changes once a minute, not every second. */
export const minutesLeft = (ms: number) => Math.ceil(ms / 60_000);

/** The text to announce when the minute count changes (not on the first render). */
export function useMinuteAnnouncement(ms: number, phaseKey: string, say: (minutes: number) => string): string {
  const minutes = minutesLeft(ms);
  const last = useRef<{ minutes: number; phase: string } | null>(null);
  const [text, setText] = useState('');
  useEffect(() => {
    const before = last.current;
    last.current = { minutes, phase: phaseKey };
    if (before && (before.minutes !== minutes || before.phase !== phaseKey)) setText(say(minutes));
    // `say` is recreated each render; the announcement only follows the minute and the phase.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [minutes, phaseKey]);
  return text;
}
