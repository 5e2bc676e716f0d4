import type { CausewayApi, Input, Output } from '../../../shared/contract/contract';
import type { Result } from '../../../shared/contract/errors';
import { METHOD_NAMES, type MethodName } from '../../../shared/contract/methods';
import { reportDown, reportUp, setProbe, useConnection } from './connection';
import { ApiFailure } from './failure';

/** What the desktop preload puts on window (one function per method, plus menu events). */
export interface DesktopBridge extends CausewayApi {
  onMenuCommand?(cb: (command: string) => void): () => void;
  onDbChanged?(cb: () => void): () => void;
  setUiLanguage?(language: string): void;
}

declare global {
  interface Window {
    causeway?: DesktopBridge;
  }
}

const TOKEN_KEY = 'causeway.token';

/** In browser mode the host hands the page its token in the URL fragment; keep it for reloads
 *  and take it out of the address bar. The first call that shows it earns the page a session cookie
 *  (HttpOnly, see http-host.ts), which is what a new tab, a bookmark or a page without the token
 *  uses. */
export function takeToken(location: Location, storage: Storage): string | null {
  const match = /(?:^#|&)token=([0-9a-f]+)/.exec(location.hash);
  if (match) {
    storage.setItem(TOKEN_KEY, match[1]!);
    history.replaceState(null, '', location.pathname + location.search);
    return match[1]!;
  }
  return storage.getItem(TOKEN_KEY);
}

/** The browser-mode token this page was opened with (null in the desktop app, or when the page
 *  proves itself with the session cookie alone). */
let token: string | null = null;

function httpApi(): CausewayApi {
  token = takeToken(window.location, window.sessionStorage);
  // A fresh address pasted into this tab (the host printed a new one) changes only the fragment:
  // take its token and try again at once, without a reload.
  window.addEventListener('hashchange', () => {
    if (!/(?:^#|&)token=/.test(window.location.hash)) return;
    token = takeToken(window.location, window.sessionStorage);
    useConnection.getState().retryNow();
  });
  const send = async (method: string, input: unknown): Promise<Result<unknown>> => {
    try {
      const res = await fetch(`api/${encodeURIComponent(method)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', ...(token ? { 'x-causeway-token': token } : {}) },
        body: JSON.stringify(input ?? {}),
      });
      const result = (await res.json()) as Result<unknown>;
      if (res.status === 401) reportDown('unauthorized');
      else reportUp();
      return result;
    } catch (e) {
      reportDown('network');
      return { ok: false, error: { code: 'internal', message: String(e), reason: 'network' } };
    }
  };
  setProbe(async () => (await send('db:status', {})).ok);
  return Object.fromEntries(METHOD_NAMES.map((method) => [method, (input: unknown) => send(method, input)])) as CausewayApi;
}

export const bridge: DesktopBridge = window.causeway ?? httpApi();

/** In browser mode, downloads a file the backend wrote into the exports folder (a saved copy of
 *  the library) as the browser's own download. */
export async function fetchExport(fileName: string): Promise<Blob> {
  const res = await fetch(`download/${encodeURIComponent(fileName)}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: token ? { 'x-causeway-token': token } : {},
  });
  if (!res.ok) throw new ApiFailure({ code: res.status === 401 ? 'unauthorized' : 'not_found', message: `Download failed (${res.status}).` });
  return res.blob();
}

/** In browser mode, sends a case file to import to the host (`POST /upload`), which streams it to
 *  a temporary file: its path is then the import's source. A file over the host's limit is refused
 *  with reason `casefile_upload_too_large`. */
export async function uploadCaseFile(file: Blob): Promise<{ path: string; bytes: number }> {
  let result: Result<{ path: string; bytes: number }>;
  try {
    const res = await fetch('upload', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/octet-stream', ...(token ? { 'x-causeway-token': token } : {}) },
      body: file,
    });
    result = (await res.json()) as Result<{ path: string; bytes: number }>;
  } catch (e) {
    throw new ApiFailure({ code: 'internal', message: String(e), reason: 'network' });
  }
  if (!result.ok) throw new ApiFailure(result.error);
  return result.value;
}

export { ApiFailure };

/** Calls a method and returns its value, or throws ApiFailure. */
export async function call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
  const result = (await (bridge[method] as (i: Input<M>) => Promise<Result<Output<M>>>)(input)) as Result<Output<M>>;
  if (!result.ok) throw new ApiFailure(result.error);
  return result.value;
}
