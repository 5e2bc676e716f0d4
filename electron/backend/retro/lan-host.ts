/** The phones' server for a retrospective opened to the local network: a SEPARATE HTTP server from
 *  the app's own host, listening on one address the facilitator picked, only while the session is
 *  open. It serves nothing but the phone page and the open session's endpoints. Never imports electron. */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { z } from 'zod';
import { CausewayError, issuesFromZod, type ApiError } from '../../../shared/contract/errors';
import { PhoneJoin, PhoneProposal, PhoneVote, type LanParticipant, type PhoneState } from '../../../shared/domain/retro-phones';
import { newJoinCode } from './join-code';
import { phonePageHtml, PHONE_PAGE_CSP } from './phone-page';
import { RateLimiter } from './rate-limit';

/** What the phones' server needs of a retrospective session (the session model owns the rules:
 *  votes per person and per cause, phases, what a participant may see). Its methods throw a
 *  CausewayError to refuse. */
export interface PhoneSession {
  /** A new participant; returns their id. */
  join(name: string): string;
  view(participantId: string): PhoneState;
  propose(participantId: string, proposal: PhoneProposal): void;
  vote(participantId: string, causeId: string): void;
  unvote(participantId: string, causeId: string): void;
  /** Whether the participant is still in the session (a removed one is not). */
  has(participantId: string): boolean;
}

export const LAN_LIMITS = {
  /** Bytes of a request body: a proposal is at most 500 characters. */
  maxBody: 4096,
  /** Per participant token: a burst of 20, then 2 a second (polling every 2 s uses a quarter). */
  perToken: { capacity: 20, perSecond: 2 },
  /** Per remote address, every request: a room of phones behind one address still fits. */
  perAddress: { capacity: 120, perSecond: 20 },
  /** Joins per remote address: 10 at once, then one every 5 s. */
  joins: { capacity: 10, perSecond: 0.2 },
  /** Participants in one session. */
  maxParticipants: 200,
  /** The server closes itself after this long open, whatever happens. */
  maxOpenMs: 8 * 60 * 60 * 1000,
} as const;

export interface LanHostOptions {
  session: PhoneSession;
  /** One of the machine's IPv4 addresses (127.0.0.1 in tests). */
  address: string;
  port?: number;
  /** Folder of the built phone script and style (dist/phone). */
  assetDir: string;
  /** Called with short lines about the server: opened, closed, joins, refusals. Never bodies, names or tokens. */
  log?: (line: string) => void;
  maxOpenMs?: number;
  now?: () => number;
}

export interface LanHost {
  joinCode: string;
  /** The join page's address, for the QR code. */
  url: string;
  port: number;
  /** Revokes every token of a participant at once (they were removed). */
  revoke(participantId: string): void;
  /** Stops listening and cuts every connection: afterwards the port refuses connections. */
  close(): Promise<void>;
  closed: boolean;
}

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const STATUS: Record<ApiError['code'], number> = { validation: 400, not_found: 404, conflict: 409, unauthorized: 401, storage: 500, damaged: 500, internal: 500 };

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...JSON_HEADERS, ...extra });
  res.end(JSON.stringify(body));
}

function refuse(res: ServerResponse, status: number, code: ApiError['code'], message: string, extra: Record<string, string> = {}, reason?: string): void {
  sendJson(res, status, { ok: false, error: { code, message, ...(reason ? { reason } : {}) } }, extra);
}

const digest = (token: string) => createHash('sha256').update(token).digest('base64url');

/** The body as text, or null past the cap (reading stops there and the connection is cut after answering). */
function readBody(req: IncomingMessage, cap: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > cap) return resolve(null);
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        chunks.length = 0;
        req.removeAllListeners('data');
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseWith<T>(schema: z.ZodType<T>, body: unknown): { ok: true; value: T } | { ok: false; error: ApiError } {
  const parsed = schema.safeParse(body);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, error: { code: 'validation', message: 'Invalid input.', issues: issuesFromZod(parsed.error) } };
}

/** Starts the phones' server on `address`. */
export async function startLanHost({ session, address, port = 0, assetDir, log = () => {}, maxOpenMs = LAN_LIMITS.maxOpenMs, now = Date.now }: LanHostOptions): Promise<LanHost> {
  const joinCode = newJoinCode();
  const prefix = `/r/${joinCode}`;
  /** Token digests to participant ids: the tokens themselves are never kept. */
  const tokens = new Map<string, string>();
  const perToken = new RateLimiter({ ...LAN_LIMITS.perToken, now });
  const perAddress = new RateLimiter({ ...LAN_LIMITS.perAddress, now });
  const joins = new RateLimiter({ ...LAN_LIMITS.joins, now });
  const asset = (name: string): string | null => {
    try {
      return readFileSync(join(assetDir, name), 'utf8');
    } catch {
      return null;
    }
  };
  let bound = 0;
  let closed = false;

  const server: Server = createServer(async (req, res) => {
    try {
      const remote = req.socket.remoteAddress ?? '?';
      // A name other than the address and port the facilitator opened (DNS rebinding, a proxy) reaches nothing.
      if (req.headers.host !== `${address}:${bound}`) return refuse(res, 421, 'unauthorized', 'Wrong host.');
      const wait = perAddress.take(remote);
      if (wait) return refuse(res, 429, 'conflict', 'Too many requests.', { 'retry-after': String(wait) }, 'rate_limited');
      const path = (req.url ?? '/').split('?')[0]!;
      // Browsers ask for an icon by themselves: answered empty rather than as an error.
      if (path === '/favicon.ico' && req.method === 'GET') {
        res.writeHead(204, { 'cache-control': 'max-age=86400' });
        return void res.end();
      }
      if (path !== prefix && !path.startsWith(`${prefix}/`)) return refuse(res, 404, 'not_found', 'Nothing here.');
      const rest = path.slice(prefix.length);
      if (rest === '' || rest === '/' || rest === '/phone.js' || rest === '/phone.css') {
        if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'validation', 'GET only.', { allow: 'GET' });
        return servePage(req, res, rest);
      }
      if (!rest.startsWith('/api/')) return refuse(res, 404, 'not_found', 'Nothing here.');
      // Only the phone page itself calls the API: a page from elsewhere (no CORS is ever granted)
      // is refused even when a browser would let it send the request.
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${address}:${bound}`) return refuse(res, 403, 'unauthorized', 'Foreign origin.');
      const site = req.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin') return refuse(res, 403, 'unauthorized', 'Foreign origin.');
      return await api(req, res, rest.slice('/api/'.length), remote);
    } catch (e) {
      if (res.headersSent) return res.destroy();
      if (e instanceof CausewayError) return sendJson(res, STATUS[e.code], { ok: false, error: e.toJSON() });
      log(`retro phones: internal error ${(e as Error).message}`);
      refuse(res, 500, 'internal', 'Internal error.');
    }
  });

  function servePage(req: IncomingMessage, res: ServerResponse, rest: string): void {
    const common = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store', 'x-frame-options': 'DENY' };
    if (rest === '/phone.js' || rest === '/phone.css') {
      const text = asset(rest.slice(1));
      if (text === null) return refuse(res, 503, 'internal', 'The phone page is not built.');
      res.writeHead(200, { ...common, 'content-type': rest.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8' });
      return void res.end(req.method === 'HEAD' ? undefined : text);
    }
    res.writeHead(200, { ...common, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PHONE_PAGE_CSP });
    res.end(req.method === 'HEAD' ? undefined : phonePageHtml({ joinCode, acceptLanguage: req.headers['accept-language'] }));
  }

  /** The participant a request's bearer token belongs to, or null. */
  function participantOf(req: IncomingMessage): string | null {
    const match = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(req.headers.authorization ?? '');
    if (!match) return null;
    const key = digest(match[1]!);
    const id = tokens.get(key);
    if (!id) return null;
    if (session.has(id)) return id;
    // Removed from the session (or the session ended): the token is forgotten for good.
    tokens.delete(key);
    return null;
  }

  async function api(req: IncomingMessage, res: ServerResponse, action: string, remote: string): Promise<void> {
    const known = ['join', 'state', 'propose', 'vote', 'unvote'];
    if (!known.includes(action)) return refuse(res, 404, 'not_found', 'Nothing here.');
    const method = action === 'state' ? 'GET' : 'POST';
    if (req.method !== method) return refuse(res, 405, 'validation', `${method} only.`, { allow: method });
    let participant: string | null = null;
    if (action !== 'join') {
      // Token check before reading any body, and its own bucket: one phone cannot starve others.
      participant = participantOf(req);
      if (!participant) return refuse(res, 401, 'unauthorized', 'Missing, wrong or revoked token.');
      const wait = perToken.take(digest(req.headers.authorization!.slice(7)));
      if (wait) return refuse(res, 429, 'conflict', 'Too many requests.', { 'retry-after': String(wait) }, 'rate_limited');
    } else {
      const wait = joins.take(remote);
      if (wait) return refuse(res, 429, 'conflict', 'Too many joins.', { 'retry-after': String(wait) }, 'rate_limited');
    }
    if (method === 'GET') return sendJson(res, 200, { ok: true, value: session.view(participant!) });
    if (!/^application\/json(\s*;|$)/i.test(req.headers['content-type'] ?? '')) return refuse(res, 415, 'validation', 'JSON only.', {}, 'json_only');
    const text = await readBody(req, LAN_LIMITS.maxBody);
    if (text === null) {
      res.writeHead(413, { ...JSON_HEADERS, connection: 'close' });
      res.end(JSON.stringify({ ok: false, error: { code: 'validation', message: 'Request too large.', reason: 'too_long' } }));
      // The rest of the body is not waited for.
      setTimeout(() => req.socket.destroy(), 200).unref();
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return refuse(res, 400, 'validation', 'Body is not JSON.', {}, 'not_json');
    }
    if (action === 'join') {
      const input = parseWith(PhoneJoin, body);
      if (!input.ok) return sendJson(res, 400, input);
      if (tokens.size >= LAN_LIMITS.maxParticipants) return refuse(res, 409, 'conflict', 'The session is full.', {}, 'session_full');
      const id = session.join(input.value.name);
      const token = randomBytes(32).toString('base64url');
      tokens.set(digest(token), id);
      log(`retro phones: participant ${id} joined from ${remote}`);
      return sendJson(res, 200, { ok: true, value: { token } });
    }
    if (action === 'propose') {
      const input = parseWith(PhoneProposal, body);
      if (!input.ok) return sendJson(res, 400, input);
      session.propose(participant!, input.value);
    } else {
      const input = parseWith(PhoneVote, body);
      if (!input.ok) return sendJson(res, 400, input);
      if (action === 'vote') session.vote(participant!, input.value.causeId);
      else session.unvote(participant!, input.value.causeId);
    }
    return sendJson(res, 200, { ok: true, value: session.view(participant!) });
  }

  // The server refuses connections at all beyond what a room needs.
  server.maxConnections = 500;
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, address, () => ok());
  });
  bound = (server.address() as AddressInfo).port;
  log(`retro phones: open on ${address}:${bound}`);
  const host: LanHost = {
    joinCode,
    url: `http://${address}:${bound}${prefix}`,
    port: bound,
    revoke(participantId) {
      for (const [key, id] of tokens) if (id === participantId) tokens.delete(key);
    },
    get closed() {
      return closed;
    },
    close: () =>
      new Promise<void>((ok) => {
        clearTimeout(expiry);
        if (closed) return ok();
        closed = true;
        tokens.clear();
        server.closeAllConnections();
        server.close(() => {
          log(`retro phones: closed ${address}:${bound}`);
          ok();
        });
      }),
  };
  const expiry = setTimeout(() => void host.close(), maxOpenMs);
  expiry.unref();
  return host;
}
