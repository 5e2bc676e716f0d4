import { useEffect, useId } from 'react';
import { queue } from '../state/workspace';

/** Keeps what was typed when the page goes away, on every screen (any step, the library): text a
 *  field still holds is queued, everything queued is sent, and while anything is not stored yet
 *  the browser (or the desktop window) asks before leaving. A hidden window sends what is queued. */
export function useLeaveGuard(): void {
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') void queue.flush();
    };
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      queue.settle();
      // Kept in the page's storage now, not at the next microtask: the page may be gone by then.
      queue.persistNow();
      if (queue.hasPending || queue.current.kind === 'failed') {
        // The write starts now, while the user is being asked.
        void queue.flush();
        e.preventDefault();
        e.returnValue = '';
      }
    };
    const onPageHide = () => {
      queue.settle();
      queue.persistNow();
      void queue.flush();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('beforeunload', onBeforeUnload);
      window.removeEventListener('pagehide', onPageHide);
    };
  }, []);
}

/** A form whose text is saved only when it is submitted (a new case's title, a new action's, a
 *  reason asked for before a step) counts as pending while `typed`: the header does not say saved,
 *  and leaving the page asks first. */
export function usePendingForm(typed: boolean): void {
  const key = `form:${useId()}`;
  useEffect(() => {
    if (typed) queue.hold(key, () => undefined);
    else queue.release(key);
  }, [typed, key]);
  useEffect(() => () => queue.release(key), [key]);
}
