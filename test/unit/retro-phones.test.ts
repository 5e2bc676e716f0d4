import { describe, expect, it } from 'vitest';
import { newJoinCode } from '../../electron/backend/retro/join-code';
import { phoneLanguage, phonePageHtml } from '../../electron/backend/retro/phone-page';
import { phoneState } from '../../electron/backend/retro/phone-session';
import { RateLimiter } from '../../electron/backend/retro/rate-limit';
import type { PublicState } from '../../electron/backend/retro/session-manager';
import { JoinCode, PhoneProposal, PhoneState } from '../../shared/domain/retro-phones';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('phone page language', () => {
  it('follows Accept-Language by weight, any Chinese to zh-CN, else English', () => {
    expect(phoneLanguage('zh-TW,zh;q=0.9')).toBe('zh-CN');
    expect(phoneLanguage('fr-FR,en;q=0.5,zh;q=0.8')).toBe('zh-CN');
    expect(phoneLanguage('en-GB,zh-CN;q=0.1')).toBe('en');
    expect(phoneLanguage('de-DE')).toBe('en');
    expect(phoneLanguage(undefined)).toBe('en');
    expect(phoneLanguage('zh;q=0,en;q=0.1')).toBe('en');
  });

  it('carries both languages as data no catalog text can break out of', () => {
    const html = phonePageHtml({ joinCode: 'ABCDEF', acceptLanguage: 'zh-CN' });
    const data = /<script type="application\/json" id="phone-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(data).not.toContain('<');
    const parsed = JSON.parse(data);
    expect(Object.keys(parsed.strings)).toEqual(['zh-CN', 'en']);
    expect(parsed.language).toBe('zh-CN');
    // Only the script and style of this server are referenced.
    expect([...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])).toEqual(['/r/ABCDEF/phone.css', '/r/ABCDEF/phone.js']);
  });
});

describe('rate limiter', () => {
  it('allows a burst, then refills at its rate, and says how long to wait', () => {
    let now = 0;
    const limiter = new RateLimiter({ capacity: 3, perSecond: 0.5, now: () => now });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(2);
    expect(limiter.take('b')).toBe(0);
    now = 2000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
  });

  it('forgets the stalest keys past its cap', () => {
    const limiter = new RateLimiter({ capacity: 1, perSecond: 0.001, maxKeys: 2, now: () => 0 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    // `a` was forgotten, so it starts full again; `c` is remembered and empty.
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('c')).toBeGreaterThan(0);
  });
});

describe('join codes', () => {
  it('are valid and never repeat', () => {
    const codes = Array.from({ length: 2000 }, newJoinCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(JoinCode.safeParse(code).success).toBe(true);
  });
});

describe('what a phone sees', () => {
  it('keeps its own votes and proposals, counts after the reveal, and no names even when voting is named', () => {
    const state: PublicState = {
      sessionId: id(1),
      phase: 'discuss',
      durations: { brainstorm: 5, group: 5, vote: 2, discuss: 20, actions: 10 },
      remainingMs: 1000,
      timerRunning: false,
      voting: { votesPerParticipant: 5, maxPerItem: 3, anonymous: false },
      revealed: true,
      participantCount: 2,
      names: ['Ana', 'Bo'],
      me: { id: id(2), name: 'Ana', remainingVotes: 4, votes: { [id(10)]: 1 }, proposals: [{ id: id(20), participantId: id(2), text: 'Mine', categoryId: null, status: 'pending', createdAt: 0, causeId: null }] },
      tally: { anonymous: false, total: 2, rows: [{ causeId: id(10), votes: 2, voters: [{ participantId: id(2), name: 'Ana', votes: 1 }, { participantId: id(3), name: 'Bo', votes: 1 }] }] },
      ballot: [{ id: id(30), label: 'Method', causes: [{ id: id(10), text: 'No alert', depth: 0 }] }],
    };
    const seen = phoneState(state);
    expect(PhoneState.parse(seen)).toEqual(seen);
    expect(seen).toMatchObject({ paused: true, votesLeft: 4, revealed: { [id(10)]: 2 }, causes: [{ id: id(10), text: 'No alert', category: 'Method', mine: 1 }] });
    const text = JSON.stringify(seen);
    expect(text).not.toContain('Bo');
    expect(text).not.toContain('Ana');
    expect(text).not.toContain(id(3));
  });

  it('accepts a proposal with or without a category, and nothing else', () => {
    expect(PhoneProposal.safeParse({ text: ' x ', categoryId: null }).data).toEqual({ text: 'x', categoryId: null });
    expect(PhoneProposal.safeParse({ text: 'x' }).success).toBe(true);
    expect(PhoneProposal.safeParse({ text: 'x', participantId: id(1) }).success).toBe(false);
  });
});
