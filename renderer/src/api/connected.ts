import type { DbStatus } from '../../../shared/contract/contract';
import { call } from './client';
import { whenConnected } from './connection';
import { ApiFailure } from './failure';

/** A failure that means "the host is not there (or does not know this page)", not "it said no". */
export function isConnectionFailure(e: unknown): boolean {
  return e instanceof ApiFailure && (e.error.reason === 'network' || e.error.code === 'unauthorized');
}

/** The database's state, asked again each time the host comes back until it answers. */
export async function connectedStatus(): Promise<DbStatus> {
  for (;;) {
    try {
      return await call('db:status', {});
    } catch (e) {
      if (!isConnectionFailure(e)) throw e;
      await whenConnected();
    }
  }
}
