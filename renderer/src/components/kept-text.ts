import { useCallback, useState } from 'react';
import { useWorkspace } from '../state/workspace';

/** The text of a form that adds an entry (a progress note, an effectiveness check, a lesson) is not
 *  an edit of anything stored until the user adds it, so it cannot go through the save queue. It is
 *  kept in the page's storage as it is typed instead, per case and form, and is there again after a
 *  reload or a closed window; adding the entry (or clearing the text) forgets it. */

const PREFIX = 'causeway.unsent-form:';

function storageKey(caseId: string | null, name: string): string | null {
  return caseId ? `${PREFIX}${caseId}:${name}` : null;
}

export function readKeptText(caseId: string | null, name: string): string {
  const key = storageKey(caseId, name);
  if (!key) return '';
  try {
    return window.localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

function writeKeptText(key: string | null, text: string): void {
  if (!key) return;
  try {
    if (text.trim() === '') window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, text);
  } catch {
    // Storage refused (full, disabled): the text stays in the form, as it always did.
  }
}

/** Like useState for a form's text, kept under `name` for the open case (see above). */
export function useKeptText(name: string): [string, (text: string) => void] {
  const caseId = useWorkspace((s) => s.caseId);
  const key = storageKey(caseId, name);
  const [text, setText] = useState(() => readKeptText(caseId, name));
  const set = useCallback(
    (next: string) => {
      setText(next);
      writeKeptText(key, next);
    },
    [key],
  );
  return [text, set];
}
