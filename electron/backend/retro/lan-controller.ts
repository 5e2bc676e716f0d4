import { networkInterfaces } from 'node:os';
import QRCode from 'qrcode';
import { CausewayError } from '../../../shared/contract/errors';
import type { LanInterface } from '../../../shared/domain/retro-phones';
import { startLanHost, type LanHost } from './lan-host';
import { phoneSession } from './phone-session';
import type { RetroSessionManager } from './session-manager';

/** The machine's non-internal IPv4 addresses: the networks a facilitator may open a session on. */
export function machineInterfaces(): LanInterface[] {
  return Object.entries(networkInterfaces()).flatMap(([name, list]) =>
    (list ?? []).filter((i) => i.family === 'IPv4' && !i.internal).map((i) => ({ name, address: i.address })),
  );
}

export interface RetroLanOptions {
  manager: RetroSessionManager;
  /** Folder of the built phone page (dist/phone). */
  assetDir: string;
  /** The addresses offered; the machine's own by default. Tests offer 127.0.0.1 and nothing else. */
  interfaces?: () => LanInterface[];
  log?: (line: string) => void;
  /** The open library's file: when it changes (another library was opened), every phones' server
   *  of the previous one is closed. */
  libraryPath?: () => string;
  /** How often that is checked, in milliseconds. */
  libraryCheckMs?: number;
}

/** The facilitator's side of the phones: opens a session's phones' server on a chosen address,
 *  closes it (and does so by itself when the session ends), lists and removes participants. */
export class RetroLan {
  private readonly hosts = new Map<string, { host: LanHost; sessionId: string; address: string; library: string | null; watch: NodeJS.Timeout }>();
  private readonly interfaces: () => LanInterface[];

  constructor(private readonly options: RetroLanOptions) {
    this.interfaces = options.interfaces ?? machineInterfaces;
    // A session that ends takes its phones' server with it: every token dies with it.
    options.manager.subscribe((event) => {
      if (event.kind === 'closed') void this.close(event.caseId);
    });
  }

  addresses(): LanInterface[] {
    return this.interfaces();
  }

  async open(caseId: string, address: string): Promise<{ url: string; joinCode: string; qrSvg: string }> {
    const session = this.options.manager.get(caseId);
    if (!session) throw new CausewayError('not_found', `No open team session for case ${caseId}.`, { reason: 'retro_lan_no_session' });
    if (!this.interfaces().some((i) => i.address === address)) {
      throw new CausewayError('validation', `${address} is not one of this machine's network addresses.`, { reason: 'retro_lan_address', issues: [{ path: ['address'], reason: 'retro_lan_address' }] });
    }
    const current = this.hosts.get(caseId);
    if (current && current.sessionId === session.id && current.address === address && !current.host.closed) return this.describe(current.host);
    if (current) await this.close(caseId);
    const api = this.options.manager.participantApi(session.id)!;
    let host: LanHost;
    try {
      host = await startLanHost({ session: phoneSession(api), address, assetDir: this.options.assetDir, ...(this.options.log ? { log: this.options.log } : {}) });
    } catch (e) {
      throw new CausewayError('conflict', `Cannot listen on ${address}: ${(e as Error).message}`, { reason: 'retro_lan_listen' });
    }
    const library = this.options.libraryPath?.() ?? null;
    const watch = setInterval(() => {
      if (library !== null && this.options.libraryPath?.() !== library) void this.close(caseId);
    }, this.options.libraryCheckMs ?? 2000);
    watch.unref();
    this.hosts.set(caseId, { host, sessionId: session.id, address, library, watch });
    return this.describe(host);
  }

  private async describe(host: LanHost) {
    const qrSvg = await QRCode.toString(host.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { url: host.url, joinCode: host.joinCode, qrSvg };
  }

  async close(caseId: string): Promise<{ closed: boolean }> {
    const current = this.hosts.get(caseId);
    if (!current) return { closed: false };
    this.hosts.delete(caseId);
    clearInterval(current.watch);
    await current.host.close();
    return { closed: true };
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.hosts.keys()].map((caseId) => this.close(caseId)));
  }

  /** Who is in the session, and where the phones join while open. */
  participants(caseId: string) {
    const view = this.options.manager.view(caseId);
    const current = this.hosts.get(caseId);
    const open = !!current && !current.host.closed && current.sessionId === view?.sessionId;
    return {
      open,
      url: open ? current!.host.url : null,
      joinCode: open ? current!.host.joinCode : null,
      participants: (view?.participants ?? []).map((p) => ({ id: p.id, name: p.name, joinedVia: p.joinedVia, usedVotes: p.usedVotes })),
    };
  }
}
