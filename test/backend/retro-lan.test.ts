import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { LAN_LIMITS, startLanHost, type LanHost } from '../../electron/backend/retro/lan-host';
import { JOIN_CODE_ALPHABET, JoinCode } from '../../shared/domain/retro-phones';
import { phoneApi, raw } from '../support/lan';
import { TestSession } from '../support/retro-session';
import { useTempDir } from '../support/temp';

/** The phones' server over real HTTP on 127.0.0.1 (random ports): every refusal, and what it writes. */

const tempDir = useTempDir();
const hosts: LanHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

async function open(session = new TestSession(), logs: string[] = []) {
  const host = await startLanHost({ session, address: '127.0.0.1', assetDir: tempDir(), log: (l) => logs.push(l) });
  hosts.push(host);
  return { host, session, logs, api: (action: string, opts?: Parameters<typeof phoneApi>[3]) => phoneApi(host.port, host.joinCode, action, opts) };
}

async function join(api: Awaited<ReturnType<typeof open>>['api'], name = 'Ana'): Promise<string> {
  const res = await api('join', { body: { name } });
  expect(res.status).toBe(200);
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
    expect(a.session.people.size).toBe(2);
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
    const { host, api, session } = await open();
    const causeId = session.causes[0]!.id;
    for (const action of ['state', 'propose', 'vote', 'unvote']) {
      const body = action === 'state' ? undefined : action === 'propose' ? { text: 'x', categoryId: session.categories[0]!.id } : { causeId };
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
    expect(session.people.size).toBe(1);
    expect(session.proposals).toEqual([]);
  });

  it("refuses another session's token", async () => {
    const a = await open();
    const b = await open();
    const tokenA = await join(a.api);
    const res = await b.api('propose', { token: tokenA, body: { text: 'From elsewhere', categoryId: b.session.categories[0]!.id } });
    expect(res.status).toBe(401);
    expect(b.session.proposals).toEqual([]);
    // Nor does session A's token work with session B's code on A's port.
    expect((await phoneApi(a.host.port, b.host.joinCode, 'state', { token: tokenA })).status).toBe(404);
  });

  it("revokes a removed participant's token at once", async () => {
    const { host, api, session } = await open();
    const token = await join(api);
    expect((await api('state', { token })).status).toBe(200);
    const [id] = session.people.keys();
    session.remove(id!);
    host.revoke(id!);
    const res = await api('propose', { token, body: { text: 'After removal', categoryId: session.categories[0]!.id } });
    expect(res.status).toBe(401);
    expect((await api('state', { token })).status).toBe(401);
    expect(session.proposals).toEqual([]);
  });

  it('answers nothing once closed: connection refused, on every path', async () => {
    const { host, api } = await open();
    const token = await join(api);
    await host.close();
    expect(host.closed).toBe(true);
    expect(await refused(host.port)).toBe(true);
    await expect(api('state', { token })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('closes by itself when the session outlives its limit', async () => {
    const host = await startLanHost({ session: new TestSession(), address: '127.0.0.1', assetDir: tempDir(), maxOpenMs: 50 });
    hosts.push(host);
    await new Promise((r) => setTimeout(r, 200));
    expect(host.closed).toBe(true);
    expect(await refused(host.port)).toBe(true);
  });

  it('stores hostile strings as plain text and nothing else', async () => {
    const { api, session } = await open();
    const hostile = ['<script>alert(1)</script>', "'); DROP TABLE cases; --", '{{constructor.constructor("x")()}}', '\u202Egnp.exe', '<img src=x onerror=alert(1)>'];
    const token = await join(api, '<b onmouseover=alert(1)>Ana</b>');
    for (const text of hostile) {
      const res = await api('propose', { token, body: { text, categoryId: session.categories[0]!.id } });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('application/json');
    }
    expect(session.proposals.map((p) => p.text)).toEqual(hostile);
    expect([...session.people.values()][0]!.name).toBe('<b onmouseover=alert(1)>Ana</b>');
    // Unknown fields, prototype keys and over-long text are refused by the contract's schema.
    const categoryId = session.categories[0]!.id;
    for (const body of [{ text: 'x', categoryId, extra: 1 }, JSON.parse('{"text":"x","categoryId":"' + categoryId + '","__proto__":{"admin":true}}'), { text: 'x'.repeat(501), categoryId }, { text: '   ', categoryId }, { text: 'x', categoryId: 'not-an-id' }, ['x']]) {
      const res = await api('propose', { token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.ok).toBe(false);
    }
    expect(session.proposals).toHaveLength(hostile.length);
  });

  it('rate limits a flood per token and per address with 429 and Retry-After, writing nothing beyond the limit', async () => {
    const { api, session } = await open();
    const token = await join(api);
    const categoryId = session.categories[0]!.id;
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => api('propose', { token, body: { text: `flood ${i}`, categoryId } })));
    const ok = results.filter((r) => r.status === 200).length;
    const limited = results.filter((r) => r.status === 429);
    expect(ok).toBeLessThanOrEqual(LAN_LIMITS.perToken.capacity + 2);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(session.proposals).toHaveLength(ok);

    // Joins from one address are limited too: a flood makes at most a burst of participants.
    const joins = await Promise.all(Array.from({ length: 30 }, (_, i) => api('join', { body: { name: `bot ${i}` } })));
    expect(joins.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(session.people.size).toBeLessThanOrEqual(1 + LAN_LIMITS.joins.capacity);
  });

  it('refuses every request from an address past its limit, tokens or not', async () => {
    const { host } = await open();
    const results = await Promise.all(Array.from({ length: LAN_LIMITS.perAddress.capacity + 40 }, () => raw(host.port, { path: `/r/${host.joinCode}` })));
    expect(results.filter((r) => r.status === 429).length).toBeGreaterThan(0);
  });

  it('refuses oversized bodies, other content types, non-JSON and wrong methods, writing nothing', async () => {
    const { host, api, session } = await open();
    const token = await join(api);
    const categoryId = session.categories[0]!.id;
    const big = JSON.stringify({ text: 'x'.repeat(LAN_LIMITS.maxBody), categoryId });
    const tooBig = await raw(host.port, { method: 'POST', path: `/r/${host.joinCode}/api/propose`, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: big });
    expect(tooBig.status).toBe(413);
    const form = await raw(host.port, { method: 'POST', path: `/r/${host.joinCode}/api/propose`, headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` }, body: 'text=x' });
    expect(form.status).toBe(415);
    const plain = await raw(host.port, { method: 'POST', path: `/r/${host.joinCode}/api/join`, headers: { 'content-type': 'text/plain' }, body: '{"name":"Eve"}' });
    expect(plain.status).toBe(415);
    const notJson = await raw(host.port, { method: 'POST', path: `/r/${host.joinCode}/api/propose`, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{text:' });
    expect(notJson.status).toBe(400);
    const get = await raw(host.port, { path: `/r/${host.joinCode}/api/propose`, headers: { authorization: `Bearer ${token}` } });
    expect(get.status).toBe(405);
    expect(session.proposals).toEqual([]);
    expect(session.people.size).toBe(1);
  });

  it('refuses a Host header other than the opened address, and a foreign Origin', async () => {
    const { host, api, session } = await open();
    for (const name of ['evil.example', `localhost:${host.port}`, `127.0.0.1:${host.port + 1}`, '127.0.0.1']) {
      const res = await raw(host.port, { method: 'POST', path: `/r/${host.joinCode}/api/join`, headers: { host: name, 'content-type': 'application/json' }, body: '{"name":"Eve"}' });
      expect(res.status, name).toBe(421);
    }
    const foreign = await api('join', { body: { name: 'Eve' }, headers: { origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    const crossSite = await api('join', { body: { name: 'Eve' }, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    expect(session.people.size).toBe(0);
    const own = await api('join', { body: { name: 'Ana' }, headers: { origin: `http://127.0.0.1:${host.port}`, 'sec-fetch-site': 'same-origin' } });
    expect(own.status).toBe(200);
  });
  it('enforces votes per person and per cause over HTTP, and only in the voting phase', async () => {
    const { api, session } = await open();
    const ana = await join(api, 'Ana');
    const bo = await join(api, 'Bo');
    const [first, second] = session.causes;
    expect((await api('vote', { token: ana, body: { causeId: first!.id } })).json).toMatchObject({ ok: false, error: { reason: 'wrong_phase' } });
    session.phase = 'vote';
    expect((await api('vote', { token: ana, body: { causeId: first!.id } })).status).toBe(200);
    expect((await api('vote', { token: ana, body: { causeId: first!.id } })).status).toBe(200);
    const third = await api('vote', { token: ana, body: { causeId: first!.id } });
    expect(third.status).toBe(409);
    expect(third.json.error.reason).toBe('max_per_cause');
    const last = await api('vote', { token: ana, body: { causeId: second!.id } });
    expect(last.json.value.votesLeft).toBe(0);
    const over = await api('vote', { token: ana, body: { causeId: second!.id } });
    expect(over.json.error.reason).toBe('no_votes_left');
    // Bo's votes are his own.
    const boState = await api('state', { token: bo });
    expect(boState.json.value.votesLeft).toBe(3);
    expect(boState.json.value.causes.every((c: { mine: number }) => c.mine === 0)).toBe(true);
    expect(boState.json.value.revealed).toBeNull();
    // Taking a vote back gives it back.
    expect((await api('unvote', { token: ana, body: { causeId: second!.id } })).json.value.votesLeft).toBe(1);
  });
});
