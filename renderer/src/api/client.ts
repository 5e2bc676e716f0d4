import type { CausewayApi, Input, Output } from '../../../shared/contract/contract';
import type { Result } from '../../../shared/contract/errors';
import { METHOD_NAMES, type MethodName } from '../../../shared/contract/methods';
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

/** In browser mode the host hands the page a per-run token in the URL fragment; keep it for reloads
 *  and take it out of the address bar. */
export function takeToken(location: Location, storage: Storage): string | null {
  const match = /(?:^#|&)token=([0-9a-f]+)/.exec(location.hash);
  if (match) {
    storage.setItem(TOKEN_KEY, match[1]!);
    history.replaceState(null, '', location.pathname + location.search);
    return match[1]!;
  }
  return storage.getItem(TOKEN_KEY);
}

function httpApi(token: string | null): CausewayApi {
  const entries = METHOD_NAMES.map((method) => [
    method,
    async (input: unknown): Promise<Result<unknown>> => {
      try {
        const res = await fetch(`api/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-causeway-token': token ?? '' },
          body: JSON.stringify(input ?? {}),
        });
        return (await res.json()) as Result<unknown>;
      } catch (e) {
        return { ok: false, error: { code: 'internal', message: String(e), reason: 'network' } };
      }
    },
  ]);
  return Object.fromEntries(entries) as CausewayApi;
}

const browserToken = window.causeway ? null : takeToken(window.location, window.sessionStorage);
export const bridge: DesktopBridge = window.causeway ?? httpApi(browserToken);

/** In browser mode, downloads a file the backend wrote into the exports folder (a saved copy of
 *  the library) as the browser's own download. */
export async function fetchExport(fileName: string): Promise<Blob> {
  const res = await fetch(`download/${encodeURIComponent(fileName)}`, { method: 'POST', headers: { 'x-causeway-token': browserToken ?? '' } });
  if (!res.ok) throw new ApiFailure({ code: res.status === 401 ? 'unauthorized' : 'not_found', message: `Download failed (${res.status}).` });
  return res.blob();
}

export { ApiFailure };

/** Calls a method and returns its value, or throws ApiFailure. */
export async function call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
  const result = (await (bridge[method] as (i: Input<M>) => Promise<Result<Output<M>>>)(input)) as Result<Output<M>>;
  if (!result.ok) throw new ApiFailure(result.error);
  return result.value;
}
