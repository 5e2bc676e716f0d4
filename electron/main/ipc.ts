import type { Result } from '../../shared/contract/errors';
import { METHOD_NAMES } from '../../shared/contract/methods';
import type { AnyDispatch } from '../backend/dispatch';
import { isAppUrl } from './protocol';

/** The parts of an `invoke` event the check reads. */
export interface InvokeEventLike {
  sender: unknown;
  senderFrame: { url: string } | null;
}

/** The slice of Electron's ipcMain this needs, so the wiring can be tested without Electron. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export type SenderCheck = (event: InvokeEventLike) => boolean;

const UNAUTHORIZED: Result<never> = {
  ok: false,
  error: { code: 'unauthorized', message: 'Only the Causeway window may call the backend.' },
};

/** Trusts a call only from the main window's own contents, and only while its frame shows an
 *  app:// page: a frame that navigated elsewhere (or was destroyed) has no say. */
export function createSenderCheck(mainContents: () => unknown): SenderCheck {
  return (event) => {
    const contents = mainContents();
    return contents != null && event.sender === contents && event.senderFrame != null && isAppUrl(event.senderFrame.url);
  };
}

/** One handler per contract method; each checks the caller, then hands the payload to the
 *  dispatcher, which validates it. Returns a function that removes them all. */
export function registerIpc(ipcMain: IpcMainLike, dispatch: AnyDispatch, isTrustedSender: SenderCheck): () => void {
  for (const name of METHOD_NAMES) {
    ipcMain.handle(name, (event, input) => (isTrustedSender(event) ? dispatch(name, input) : UNAUTHORIZED));
  }
  return () => {
    for (const name of METHOD_NAMES) ipcMain.removeHandler(name);
  };
}
