import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { join as joinPath } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import type { RetroLan } from '../../electron/backend/retro/lan-controller';
import { LAN_LIMITS, startLanHost, type LanHost } from '../../electron/backend/retro/lan-host';
import { phoneSession } from '../../electron/backend/retro/phone-session';
import { RetroSessionManager } from '../../electron/backend/retro/session-manager';
import { defaultCauseFields, type Fishbone } from '../../shared/domain/fishbone';
import { JOIN_CODE_ALPHABET, JoinCode } from '../../shared/domain/retro-phones';
import { dumpDatabase, useBackend } from '../support/backend';
import { phoneApi, raw } from '../support/lan';

/** The phones' server over real HTTP on 127.0.0.1 (random ports), on a real session of a case in a
 *  real library file: every refusal, and that nothing is written. */

const { start, tempDir } = useBackend();
const hosts: LanHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

function fishbone(): Fishbone {
  return {
    effect: null,
    template: null,
    orientation: 'head_right',
    categories: [
      {
        id: randomUUID(),
        label: 'Method',
        templateKey: null,
        causes: [
          { id: randomUUID(), ...defaultCauseFields('Unclear hand-over'), children: [] },
          { id: randomUUID(), ...defaultCauseFields('No alert'), children: [] },
        ],
      },
    ],
  };
}

/** A case with a fishbone, a team session on it (3 votes each, at most 2 per cause) and its phones' server. */
async function open({ anonymous = true, logs = [] as string[] } = {}) {
  const backend = start();
  const caseId = backend.ok('cases:create', { language: 'en', title: 'Outage' }).case.id;
  const bone = fishbone();
  backend.ok('fishbone:apply', { caseId, command: { type: 'replace', fishbone: bone } });
  const manager = new RetroSessionManager({ fishbone: (id) => backend.library.fishbones.get(id).fishbone });
  const { session: started } = manager.start(caseId, { voting: { votesPerParticipant: 3, maxPerItem: 2, anonymous } });
  const host = await startLanHost({ session: phoneSession(manager.participantApi(started.id)!), address: '127.0.0.1', assetDir: tempDir(), log: (l) => logs.push(l) });
  hosts.push(host);
  const view = () => manager.view(caseId)!;
  return {
    backend,
    caseId,
    manager,
    host,
    logs,
    view,
    categoryId: bone.categories[0]!.id,
    causes: bone.categories[0]!.causes.map((c) => c.id),
    dump: () => dumpDatabase(backend.path),
    api: (action: string, opts?: Parameters<typeof phoneApi>[3]) => phoneApi(host.port, host.joinCode, action, opts),
  };
}
type Room = Awaited<ReturnType<typeof open>>;

async function join(api: Room['api'], name = 'Ana'): Promise<string> {
  const res = await api('join', { body: { name } });
  expect(res.status, res.text).toBe(200);
  return res.json.value.token as string;
}

/** Whether a TCP connection to the port is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false }, () => resolve(false));
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
    req.end();
  });
}

describe('phones server', () => {
  it('hands out a random join code of unambiguous characters and a 32-byte token per participant', async () => {
    const a = await open();
    const b = await open();
    expect(JoinCode.safeParse(a.host.joinCode).success).toBe(true);
    expect(a.host.joinCode).not.toBe(b.host.joinCode);
    expect(JOIN_CODE_ALPHABET).not.toMatch(/[0O1IL5S2Z]/);
    const t1 = await join(a.api, 'Ana');
    const t2 = await join(a.api, 'Bo');
    expect(Buffer.from(t1, 'base64url')).toHaveLength(32);
    expect(t1).not.toBe(t2);
    expect(a.view().participants.map((p) => [p.name, p.joinedVia])).toEqual([
      ['Ana', 'phone'],
      ['Bo', 'phone'],
    ]);
    // Neither the token nor the name reaches the log.
    expect(a.logs.join('\n')).not.toContain(t1);
    expect(a.logs.join('\n')).not.toContain('Ana');
  });

  it('serves the phone page with a strict CSP, no cookies and no CORS, in the language asked for', async () => {
    const { host } = await open();
    const page = await raw(host.port, { path: `/r/${host.joinCode}`, headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toContain('<html lang="zh-CN">');
    expect(page.text).not.toMatch(/https?:\/\//);
    const en = await raw(host.port, { path: `/r/${host.joinCode}`, headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(en.text).toContain('<html lang="en">');
    for (const res of [page, en]) {
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
    // A preflight earns nothing.
    const preflight = await raw(host.port, { method: 'OPTIONS', path: `/r/${host.joinCode}/api/join`, headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses every call without a valid token, and a wrong join code reaches nothing', async () => {
    const room = await open();
    const { host, api, categoryId, causes } = room;
    const before = room.dump();
    for (const action of ['state', 'propose', 'vote', 'unvote']) {
      const body = action === 'state' ? undefined : action === 'propose' ? { text: 'x', categoryId } : { causeId: causes[0] };
      expect((await api(action, { body })).status, action).toBe(401);
      expect((await api(action, { body, token: 'A'.repeat(43) })).status, action).toBe(401);
      expect((await api(action, { body, headers: { authorization: 'Basic abc' } })).status, action).toBe(401);
    }
    const token = await join(api);
    const wrongCode = host.joinCode === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';
    expect((await phoneApi(host.port, wrongCode, 'state', { token })).status).toBe(404);
    expect((await phoneApi(host.port, wrongCode, 'join', { body: { name: 'Eve' } })).status).toBe(404);
    expect((await raw(host.port, { path: `/r/${wrongCode}` })).status).toBe(404);
    expect((await raw(host.port, { path: '/' })).status).toBe(404);
    expect((await raw(host.port, { path: '/api/cases:list', method: 'POST' })).status).toBe(404);
    expect(room.view().participants).toHaveLength(1);
    expect(room.view().proposals).toEqual([]);
    expect(room.dump()).toEqual(before);
  });

  it("refuses another session's token", async () => {
    const a = await open();
    const b = await open();
    const tokenA = await join(a.api);
    const res = await b.api('propose', { token: tokenA, body: { text: 'From elsewhere', categoryId: b.categoryId } });
    expect(res.status).toBe(401);
    expect(b.view().proposals).toEqual([]);
    // Nor does session A's token work with session B's code on A's port.
    expect((await phoneApi(a.host.port, b.host.joinCode, 'state', { token: tokenA })).status).toBe(404);
  });

  it("refuses a removed participant's token at once", async () => {
    const room = await open();
    const token = await join(room.api);
    expect((await room.api('state', { token })).status).toBe(200);
    const id = room.view().participants[0]!.id;
    // Removed by the facilitator's screen through the session alone: the token dies with the participant.
    room.manager.removeParticipant(room.caseId, id);
    const res = await room.api('propose', { token, body: { text: 'After removal', categoryId: room.categoryId } });
    expect(res.status).toBe(401);
    expect((await room.api('state', { token })).status).toBe(401);
    expect(room.view().proposals).toEqual([]);
    // Joining again is a new participant with a new token; the old one stays dead.
    const again = await join(room.api, 'Ana');
    expect((await room.api('state', { token: again })).status).toBe(200);
    expect((await room.api('state', { token })).status).toBe(401);
  });

  it('answers nothing once closed: connection refused, on every path', async () => {
    const { host, api } = await open();
    const token = await join(api);
    await host.close();
    expect(host.closed).toBe(true);
    expect(await refused(host.port)).toBe(true);
    await expect(api('state', { token })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses everything of a session that ended while its server was still up', async () => {
    const room = await open();
    const token = await join(room.api);
    room.manager.close(room.caseId);
    expect((await room.api('state', { token })).status).toBe(401);
    expect((await room.api('join', { body: { name: 'Late' } })).status).toBe(404);
  });

  it('closes by itself when open longer than its limit', async () => {
    const room = await open();
    const host = await startLanHost({ session: phoneSession(room.manager.participantApi(room.view().sessionId)!), address: '127.0.0.1', assetDir: tempDir(), maxOpenMs: 50 });
    hosts.push(host);
    await new Promise((r) => setTimeout(r, 200));
    expect(host.closed).toBe(true);
    expect(await refused(host.port)).toBe(true);
  });

  it('keeps hostile strings as plain text and writes nothing to the library', async () => {
    const room = await open();
    const { api, categoryId } = room;
    const before = room.dump();
    const hostile = ['<script>alert(1)</script>', "'); DROP TABLE cases; --", '{{constructor.constructor("x")()}}', '\u202Egnp.exe', '<img src=x onerror=alert(1)>'];
    const token = await join(api, '<b onmouseover=alert(1)>Ana</b>');
    for (const text of hostile) {
      const res = await api('propose', { token, body: { text, categoryId } });
      expect(res.status, res.text).toBe(200);
      expect(res.headers['content-type']).toContain('application/json');
    }
    expect(room.view().proposals.map((p) => p.text)).toEqual(hostile);
    expect(room.view().participants[0]!.name).toBe('<b onmouseover=alert(1)>Ana</b>');
    // Unknown fields, prototype keys, over-long or empty text and bad ids are refused by the schema.
    for (const body of [
      { text: 'x', categoryId, extra: 1 },
      JSON.parse(`{"text":"x","categoryId":"${categoryId}","__proto__":{"admin":true}}`),
      { text: 'x'.repeat(501), categoryId },
      { text: '   ', categoryId },
      { text: 'x', categoryId: 'not-an-id' },
      { text: 'x', categoryId: randomUUID() },
      ['x'],
    ]) {
      const res = await api('propose', { token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.ok).toBe(false);
    }
    expect(room.view().proposals).toHaveLength(hostile.length);
    expect(room.dump()).toEqual(before);
  });

  it('rate limits a flood per token and per address with 429 and Retry-After, keeping nothing beyond the limit', async () => {
    const room = await open();
    const before = room.dump();
    const token = await join(room.api);
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => room.api('propose', { token, body: { text: `flood ${i}`, categoryId: room.categoryId } })));
    const ok = results.filter((r) => r.status === 200).length;
    const limited = results.filter((r) => r.status === 429);
    expect(ok).toBeLessThanOrEqual(LAN_LIMITS.perToken.capacity + 2);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(room.view().proposals).toHaveLength(ok);

    // Joins from one address are limited too: a flood makes at most a burst of participants.
    const joins = await Promise.all(Array.from({ length: 30 }, (_, i) => room.api('join', { body: { name: `bot ${i}` } })));
    expect(joins.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(room.view().participants.length).toBeLessThanOrEqual(LAN_LIMITS.joins.capacity);
    expect(room.dump()).toEqual(before);
  });

  it('refuses every request from an address past its limit, tokens or not', async () => {
    const { host } = await open();
    const results = await Promise.all(Array.from({ length: LAN_LIMITS.perAddress.capacity + 40 }, () => raw(host.port, { path: `/r/${host.joinCode}` })));
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.headers['retry-after']).toBeDefined();
  });

  it('refuses oversized bodies, other content types, non-JSON and wrong methods, keeping nothing', async () => {
    const room = await open();
    const { host, api, categoryId } = room;
    const token = await join(api);
    const path = `/r/${host.joinCode}/api/propose`;
    const auth = { authorization: `Bearer ${token}` };
    const big = JSON.stringify({ text: 'x'.repeat(LAN_LIMITS.maxBody), categoryId });
    expect((await raw(host.port, { method: 'POST', path, headers: { 'content-type': 'application/json', ...auth }, body: big })).status).toBe(413);
    // A body larger than it says is cut at the cap as well.
    expect((await raw(host.port, { method: 'POST', path, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...auth }, body: big })).status).toBe(413);
    expect((await raw(host.port, { method: 'POST', path, headers: { 'content-type': 'application/x-www-form-urlencoded', ...auth }, body: 'text=x' })).status).toBe(415);
    expect((await raw(host.port, { method: 'POST', path: `/r/${host.joinCode}/api/join`, headers: { 'content-type': 'text/plain' }, body: '{"name":"Eve"}' })).status).toBe(415);
    expect((await raw(host.port, { method: 'POST', path, headers: { 'content-type': 'application/json', ...auth }, body: '{text:' })).status).toBe(400);
    expect((await raw(host.port, { path, headers: auth })).status).toBe(405);
    expect(room.view().proposals).toEqual([]);
    expect(room.view().participants).toHaveLength(1);
  });

  it('refuses a Host header other than the opened address, and a foreign Origin', async () => {
    const room = await open();
    const { host, api } = room;
    for (const name of ['evil.example', `localhost:${host.port}`, `127.0.0.1:${host.port + 1}`, '127.0.0.1']) {
      const res = await raw(host.port, { method: 'POST', path: `/r/${host.joinCode}/api/join`, headers: { host: name, 'content-type': 'application/json' }, body: '{"name":"Eve"}' });
      expect(res.status, name).toBe(421);
    }
    expect((await raw(host.port, { path: `/r/${host.joinCode}`, headers: { host: 'evil.example' } })).status).toBe(421);
    expect((await api('join', { body: { name: 'Eve' }, headers: { origin: 'http://evil.example' } })).status).toBe(403);
    expect((await api('join', { body: { name: 'Eve' }, headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect(room.view().participants).toHaveLength(0);
    const own = await api('join', { body: { name: 'Ana' }, headers: { origin: `http://127.0.0.1:${host.port}`, 'sec-fetch-site': 'same-origin' } });
    expect(own.status).toBe(200);
  });

  it('enforces votes per person and per cause over HTTP, and only in the vote phase', async () => {
    const room = await open();
    const { api, causes } = room;
    const ana = await join(api, 'Ana');
    const bo = await join(api, 'Bo');
    const [first, second] = causes;
    expect((await api('vote', { token: ana, body: { causeId: first } })).json).toMatchObject({ ok: false, error: { reason: 'retro_not_vote_phase' } });
    room.manager.update(room.caseId, { type: 'phase', phase: 'vote' });
    expect((await api('vote', { token: ana, body: { causeId: first } })).status).toBe(200);
    expect((await api('vote', { token: ana, body: { causeId: first } })).status).toBe(200);
    const third = await api('vote', { token: ana, body: { causeId: first } });
    expect(third.status).toBe(400);
    expect(third.json.error.reason).toBe('retro_item_limit');
    const last = await api('vote', { token: ana, body: { causeId: second } });
    expect(last.json.value.votesLeft).toBe(0);
    const over = await api('vote', { token: ana, body: { causeId: second } });
    expect(over.json.error.reason).toBe('retro_no_votes_left');
    // A cause of another diagram is no cause here.
    expect((await api('vote', { token: bo, body: { causeId: randomUUID() } })).status).toBe(400);
    // Bo's votes are his own, and nobody sees totals before the reveal.
    const boState = await api('state', { token: bo });
    expect(boState.json.value.votesLeft).toBe(3);
    expect(boState.json.value.causes.every((c: { mine: number }) => c.mine === 0)).toBe(true);
    expect(boState.json.value.revealed).toBeNull();
    // Taking a vote back gives it back.
    expect((await api('unvote', { token: ana, body: { causeId: second } })).json.value.votesLeft).toBe(1);
    expect(room.view().participants.map((p) => p.usedVotes)).toEqual([2, 0]);
  });

  it('shows phones counts only after the reveal, never names, anonymous or named', async () => {
    for (const anonymous of [true, false]) {
      const room = await open({ anonymous });
      const ana = await join(room.api, 'Ana Secret');
      const bo = await join(room.api, 'Bo Hidden');
      room.manager.update(room.caseId, { type: 'phase', phase: 'vote' });
      await room.api('vote', { token: ana, body: { causeId: room.causes[0] } });
      await room.api('vote', { token: bo, body: { causeId: room.causes[0] } });
      room.manager.reveal(room.caseId);
      const state = await room.api('state', { token: ana });
      expect(state.json.value.revealed).toEqual({ [room.causes[0]!]: 2 });
      expect(state.text).not.toContain('Bo Hidden');
      expect(state.text).not.toContain('Ana Secret');
      expect(state.text).not.toContain(room.view().participants[1]!.id);
    }
  });
});

describe('opening a session to phones through the contract', () => {
  const lans: Array<() => RetroLan | undefined> = [];
  afterEach(async () => {
    for (const lan of lans.splice(0)) await lan()?.closeAll();
  });

  async function facilitator() {
    const backend = start();
    const caseId = backend.ok('cases:create', { language: 'en', title: 'Outage' }).case.id;
    backend.ok('fishbone:apply', { caseId, command: { type: 'replace', fishbone: fishbone() } });
    const manager = new RetroSessionManager({ fishbone: (id) => backend.library.fishbones.get(id).fishbone });
    let lan: RetroLan | undefined;
    const dispatch = createDispatch(
      createHandlers({
        library: backend.library,
        version: 'test',
        shell: 'browser',
        retro: manager,
        // Loopback only, in tests: no other address is ever offered or bound.
        retroPhones: { assetDir: tempDir(), interfaces: () => [{ name: 'lo', address: '127.0.0.1' }], register: (l) => (lan = l) },
      }),
    );
    lans.push(() => lan);
    const call = async (method: string, input: unknown) => (await dispatch(method, input)) as { ok: boolean; value?: any; error?: any };
    return { backend, caseId, manager, call };
  }

  it('opens on an offered address only, shows the join code and QR code, lists and removes participants, and closes', async () => {
    const { caseId, call } = await facilitator();
    expect((await call('retro:lanInterfaces', {})).value).toEqual({ interfaces: [{ name: 'lo', address: '127.0.0.1' }] });
    // No session yet: nothing to open.
    expect((await call('retro:openLan', { caseId, address: '127.0.0.1' })).error).toMatchObject({ code: 'not_found', reason: 'retro_lan_no_session' });
    expect((await call('retro:start', { caseId })).ok).toBe(true);
    // An address that is not offered is refused before anything listens.
    expect((await call('retro:openLan', { caseId, address: '127.0.0.2' })).error).toMatchObject({ code: 'validation', reason: 'retro_lan_address' });
    expect((await call('retro:openLan', { caseId, address: 'localhost' })).error).toMatchObject({ code: 'validation' });
    const opened = (await call('retro:openLan', { caseId, address: '127.0.0.1' })).value;
    expect(opened.url).toBe(`http://127.0.0.1:${new URL(opened.url).port}/r/${opened.joinCode}`);
    expect(opened.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(opened.qrSvg).not.toMatch(/<script|on\w+=/i);
    // Opening again is the same server and code.
    expect((await call('retro:openLan', { caseId, address: '127.0.0.1' })).value.joinCode).toBe(opened.joinCode);
    const port = Number(new URL(opened.url).port);

    const token = (await phoneApi(port, opened.joinCode, 'join', { body: { name: 'Ana' } })).json.value.token;
    const listed = (await call('retro:participants', { caseId })).value;
    expect(listed).toMatchObject({ open: true, url: opened.url, joinCode: opened.joinCode, participants: [{ name: 'Ana', joinedVia: 'phone', usedVotes: 0 }] });
    // Removed on the facilitator's screen: the phone's token is refused at once.
    expect((await call('retro:removeParticipant', { caseId, participantId: listed.participants[0].id })).ok).toBe(true);
    expect((await phoneApi(port, opened.joinCode, 'state', { token })).status).toBe(401);
    expect((await call('retro:participants', { caseId })).value.participants).toEqual([]);

    expect((await call('retro:closeLan', { caseId })).value).toEqual({ closed: true });
    expect(await refused(port)).toBe(true);
    expect((await call('retro:participants', { caseId })).value).toMatchObject({ open: false, url: null, joinCode: null });
    // Opened again: a new code, and the old one reaches nothing.
    const again = (await call('retro:openLan', { caseId, address: '127.0.0.1' })).value;
    expect(again.joinCode).not.toBe(opened.joinCode);
    expect(again.url).not.toBe(opened.url);
  });

  it('closes the phones server when the session ends', async () => {
    const { caseId, call } = await facilitator();
    await call('retro:start', { caseId });
    const opened = (await call('retro:openLan', { caseId, address: '127.0.0.1' })).value;
    const port = Number(new URL(opened.url).port);
    expect((await raw(port, { path: `/r/${opened.joinCode}` })).status).toBe(200);
    expect((await call('retro:close', { caseId })).ok).toBe(true);
    await expect.poll(() => refused(port)).toBe(true);
  });

  it('closes the phones server when another library is opened', async () => {
    const { caseId, call } = await facilitator();
    await call('retro:start', { caseId });
    const opened = (await call('retro:openLan', { caseId, address: '127.0.0.1' })).value;
    const port = Number(new URL(opened.url).port);
    expect((await call('db:openFile', { path: joinPath(tempDir(), 'other.sqlite') })).ok).toBe(true);
    await expect.poll(() => refused(port), { timeout: 5000 }).toBe(true);
  });
});
