import { create } from 'zustand';

/** Whether the page can reach the browser-mode host, and when it will try again. While it cannot,
 *  it asks again by itself, less often the longer the host stays away (1 s, 2 s, 4 s... at most
 *  every 10 s), and tells everything waiting on it (unsent edits, the first screen) once it is back:
 *  no reload is needed. The desktop app never loses its backend. */

export type Connection = { kind: 'ok' } | { kind: 'down'; reason: 'network' | 'unauthorized'; retryAt: number };

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 10_000;

interface ConnectionState {
  connection: Connection;
  /** Tries at once (the user asked, or pasted a fresh address). */
  retryNow(): void;
}

let probe: (() => Promise<boolean>) | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;
let delay = FIRST_DELAY_MS;
let probing = false;
const backListeners = new Set<() => void>();

export const useConnection = create<ConnectionState>(() => ({
  connection: { kind: 'ok' },
  retryNow: () => void runProbe(),
}));

/** How to ask the host whether it answers (set by the HTTP client). */
export function setProbe(fn: () => Promise<boolean>): void {
  probe = fn;
}

/** Called once the host answers again after being away. */
export function onReconnected(listener: () => void): () => void {
  backListeners.add(listener);
  return () => backListeners.delete(listener);
}

/** Resolves once the host answers (at once when it does now). */
export function whenConnected(): Promise<void> {
  if (useConnection.getState().connection.kind === 'ok') return Promise.resolve();
  return new Promise((resolve) => {
    const off = onReconnected(() => {
      off();
      resolve();
    });
  });
}

function schedule(reason: 'network' | 'unauthorized'): void {
  if (timer) clearTimeout(timer);
  const wait = delay;
  delay = Math.min(delay * 2, MAX_DELAY_MS);
  useConnection.setState({ connection: { kind: 'down', reason, retryAt: Date.now() + wait } });
  timer = setTimeout(() => void runProbe(), wait);
}

async function runProbe(): Promise<void> {
  if (!probe || probing) return;
  if (timer) clearTimeout(timer);
  timer = null;
  probing = true;
  try {
    await probe(); // its outcome is reported through reportUp / reportDown
  } finally {
    probing = false;
  }
}

/** Every call's outcome: a network failure or a refused session takes the connection down. */
export function reportDown(reason: 'network' | 'unauthorized'): void {
  if (timer && useConnection.getState().connection.kind === 'down') {
    // Already waiting to try again; a newer reason replaces the shown one.
    const current = useConnection.getState().connection;
    if (current.kind === 'down' && current.reason !== reason) useConnection.setState({ connection: { ...current, reason } });
    return;
  }
  schedule(reason);
}

export function reportUp(): void {
  if (useConnection.getState().connection.kind === 'ok') return;
  if (timer) clearTimeout(timer);
  timer = null;
  delay = FIRST_DELAY_MS;
  useConnection.setState({ connection: { kind: 'ok' } });
  for (const l of [...backListeners]) l();
}
