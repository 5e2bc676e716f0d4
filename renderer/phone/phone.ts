/** The page participants open on their phones (served by electron/backend/retro/lan-host.ts).
 *  Plain DOM, no framework: it must load fast over a room's Wi-Fi. Every text goes in as text
 *  (textContent), never as markup, so a hostile cause or name shows as what it is. */
import type { PhoneState } from '../../shared/domain/retro-phones';
import type { Catalog } from '../../shared/i18n/en';

type Strings = Catalog['retroPhones']['phone'];
type Lang = 'zh-CN' | 'en';
interface PageData {
  language: Lang;
  joinCode: string;
  strings: Record<Lang, Strings>;
}

const data = JSON.parse(document.getElementById('phone-data')!.textContent!) as PageData;
const base = `/r/${data.joinCode}`;
const tokenKey = `causeway-phone-${data.joinCode}`;
const langKey = 'causeway-phone-language';
const POLL_MS = 2000;

let lang: Lang = (sessionStorage.getItem(langKey) as Lang | null) ?? data.language;
if (!(lang in data.strings)) lang = data.language;
let token = sessionStorage.getItem(tokenKey);
let state: PhoneState | null = null;
let ended: 'removed' | 'closed' | null = null;
let notice: { text: string; kind: 'info' | 'error' } | null = null;
let offline = false;
let stateAt = 0;
let lastKey = '';

const t = (): Strings => data.strings[lang];

/** `{{name}}` and `{{name, number}}` filled in, numbers in the page's language. */
function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)(?:\s*,\s*number)?\s*\}\}/g, (_, key: string) => {
    const v = values[key];
    return typeof v === 'number' ? new Intl.NumberFormat(lang).format(v) : String(v ?? '');
  });
}

/** The plural form of `votes` for a count, by the language's rules. */
function votesText(count: number): string {
  const form = new Intl.PluralRules(lang).select(count) === 'one' ? t().votes_one : t().votes_other;
  return fill(form, { count });
}

type Child = Node | string | null | false | undefined;
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k, v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false) el.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== false && c !== undefined) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

interface Reply {
  status: number;
  body: { ok: boolean; value?: unknown; error?: { code: string; reason?: string } } | null;
}

async function call(action: string, body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}/api/${action}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
  });
  let parsed: Reply['body'] = null;
  try {
    parsed = (await res.json()) as Reply['body'];
  } catch {
    parsed = null;
  }
  return { status: res.status, body: parsed };
}

/** What a refused call means to the participant. */
function explain(reply: Reply): string {
  if (reply.status === 429) return t().tooMany;
  const error = reply.body?.error as { reason?: string; issues?: Array<{ reason: string }> } | undefined;
  const reasons = t().reasons as Record<string, string>;
  const reason = [error?.reason, ...(error?.issues ?? []).map((i) => i.reason)].find((r) => r && reasons[r]);
  return reason ? fill(t().refused, { reason: reasons[reason]! }) : t().invalid;
}

function handleAuthLoss(reply: Reply): boolean {
  if (reply.status === 401 && token) {
    ended = 'removed';
    token = null;
    sessionStorage.removeItem(tokenKey);
    render(true);
    return true;
  }
  return false;
}

async function poll(): Promise<void> {
  if (ended) return;
  if (token) {
    try {
      const reply = await call('state');
      offline = false;
      if (handleAuthLoss(reply)) return;
      if (reply.status === 200 && reply.body?.ok) {
        state = reply.body.value as PhoneState;
        stateAt = Date.now();
      }
    } catch {
      // The server is gone: closed by the facilitator, or the network dropped. Keep trying quietly.
      offline = true;
    }
    render();
  }
  setTimeout(() => void poll(), POLL_MS);
}

function formatTime(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

function languageSwitch(): HTMLElement {
  const option = (value: Lang, label: string) =>
    h(
      'button',
      {
        type: 'button',
        lang: value,
        'aria-pressed': String(lang === value),
        class: 'lang',
        click: () => {
          lang = value;
          sessionStorage.setItem(langKey, value);
          render(true);
        },
      },
      label,
    );
  return h('div', { class: 'langs', role: 'group', 'aria-label': t().language }, option('zh-CN', '中文'), option('en', 'English'));
}

function joinView(): HTMLElement {
  const input = h('input', { id: 'name', name: 'name', autocomplete: 'nickname', maxlength: '40', required: true, 'aria-describedby': 'name-hint' });
  const form = h(
    'form',
    {
      class: 'card',
      submit: async (e: Event) => {
        e.preventDefault();
        const name = input.value.trim();
        if (!name) return input.focus();
        try {
          const reply = await call('join', { name });
          if (reply.status === 200 && reply.body?.ok) {
            token = (reply.body.value as { token: string }).token;
            sessionStorage.setItem(tokenKey, token);
            notice = null;
            void poll();
            return;
          }
          notice = { text: explain(reply), kind: 'error' };
        } catch {
          notice = { text: t().offline, kind: 'error' };
        }
        render(true);
      },
    },
    h('h1', {}, t().joinTitle),
    h('p', { class: 'code' }, fill(t().joinCode, { code: data.joinCode })),
    h('label', { for: 'name' }, t().name),
    input,
    h('p', { id: 'name-hint', class: 'hint' }, t().nameHint),
    h('button', { type: 'submit', class: 'primary' }, t().join),
  );
  return form;
}

function proposeView(s: PhoneState): HTMLElement {
  const previous = document.getElementById('cause-text') as HTMLTextAreaElement | null;
  const previousCategory = document.getElementById('cause-category') as HTMLSelectElement | null;
  const text = h('textarea', { id: 'cause-text', rows: '3', maxlength: '500', required: true });
  text.value = previous?.value ?? '';
  const select = h('select', { id: 'cause-category' }, ...s.categories.map((c) => h('option', { value: c.id }, c.label)));
  if (previousCategory?.value) select.value = previousCategory.value;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'propose-title' },
    h('h2', { id: 'propose-title' }, t().proposeTitle),
    h(
      'form',
      {
        submit: async (e: Event) => {
          e.preventDefault();
          const value = text.value.trim();
          if (!value) return text.focus();
          try {
            const reply = await call('propose', { text: value, categoryId: select.value || null });
            if (handleAuthLoss(reply)) return;
            if (reply.status === 200 && reply.body?.ok) {
              state = reply.body.value as PhoneState;
              text.value = '';
              notice = { text: t().sent, kind: 'info' };
            } else notice = { text: explain(reply), kind: 'error' };
          } catch {
            notice = { text: t().offline, kind: 'error' };
          }
          render(true);
          document.getElementById('cause-text')?.focus();
        },
      },
      h('label', { for: 'cause-text' }, t().causeText),
      text,
      h('label', { for: 'cause-category' }, t().category),
      select,
      h('button', { type: 'submit', class: 'primary' }, t().send),
    ),
    s.proposals.length > 0 &&
      h(
        'div',
        {},
        h('h3', {}, t().yourProposals),
        h('ul', { class: 'proposals' }, ...s.proposals.map((p) => h('li', {}, h('span', { class: 'text' }, p.text), h('span', { class: `status ${p.status}` }, t().status[p.status])))),
      ),
  );
}

function voteView(s: PhoneState): HTMLElement {
  const vote = async (action: 'vote' | 'unvote', causeId: string, focusId: string) => {
    try {
      const reply = await call(action, { causeId });
      if (handleAuthLoss(reply)) return;
      if (reply.status === 200 && reply.body?.ok) {
        state = reply.body.value as PhoneState;
        notice = null;
      } else notice = { text: explain(reply), kind: 'error' };
    } catch {
      notice = { text: t().offline, kind: 'error' };
    }
    render(true);
    document.getElementById(focusId)?.focus();
  };
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'vote-title' },
    h('h2', { id: 'vote-title' }, t().voteTitle),
    h('p', { class: 'left', id: 'votes-left' }, fill(t().votesLeft, { left: s.votesLeft, total: s.votesPerPerson })),
    h('p', { class: 'hint' }, fill(t().maxPerCause, { count: s.maxPerCause })),
    s.causes.length === 0
      ? h('p', {}, t().noCauses)
      : h(
          'ul',
          { class: 'causes' },
          ...s.causes.map((c) =>
            h(
              'li',
              {},
              h('span', { class: 'text' }, c.text, h('span', { class: 'category' }, c.category)),
              h(
                'span',
                { class: 'stepper' },
                h('button', { type: 'button', id: `minus-${c.id}`, 'aria-label': fill(t().removeVote, { cause: c.text }), disabled: c.mine === 0, click: () => void vote('unvote', c.id, `minus-${c.id}`) }, '−'),
                h('output', { 'aria-label': fill(t().yourVotes, { count: c.mine }) }, fill('{{n, number}}', { n: c.mine })),
                h('button', { type: 'button', id: `plus-${c.id}`, 'aria-label': fill(t().addVote, { cause: c.text }), disabled: s.votesLeft === 0 || c.mine >= s.maxPerCause, click: () => void vote('vote', c.id, `plus-${c.id}`) }, '+'),
              ),
            ),
          ),
        ),
  );
}

function resultsView(s: PhoneState, revealed: Record<string, number>): HTMLElement {
  const rows = [...s.causes].sort((a, b) => (revealed[b.id] ?? 0) - (revealed[a.id] ?? 0));
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'results-title' },
    h('h2', { id: 'results-title' }, t().resultsTitle),
    h('ol', { class: 'results' }, ...rows.map((c) => h('li', {}, h('span', { class: 'text' }, c.text), h('span', { class: 'tally' }, votesText(revealed[c.id] ?? 0))))),
  );
}

function timerText(s: PhoneState): string {
  if (s.remainingMs === null) return '';
  if (s.paused) return t().paused;
  return fill(t().timeLeft, { time: formatTime(s.remainingMs - (Date.now() - stateAt)) });
}

/** Redraws when something a participant sees changed (or `force`); the timer ticks on its own. */
function render(force = false): void {
  const app = document.getElementById('app')!;
  document.documentElement.lang = lang;
  document.title = t().title;
  const key = JSON.stringify([lang, ended, offline, notice, token ? 1 : 0, state && { ...state, remainingMs: null }]);
  if (!force && key === lastKey) return updateTimer();
  lastKey = key;
  const focused = document.activeElement?.id;
  const header = h('header', {}, h('p', { class: 'brand' }, t().title), languageSwitch());
  const body: Array<Node | string> = [];
  if (ended) body.push(h('p', { class: 'card ended', role: 'status' }, ended === 'removed' ? t().removed : t().closed));
  else if (!token) body.push(joinView());
  else if (state) {
    const phases = t().phases as Record<string, string>;
    body.push(h('div', { class: 'phase' }, h('h1', {}, fill(t().phase, { phase: phases[state.phase] ?? state.phase })), h('p', { class: 'timer', id: 'timer' }, timerText(state))));
    if (state.revealed) body.push(resultsView(state, state.revealed));
    else if (state.phase === 'brainstorm') body.push(proposeView(state));
    else if (state.phase === 'vote') body.push(voteView(state));
    else body.push(h('p', { class: 'card' }, t().waiting));
  } else body.push(h('p', {}, t().loading));
  const status = h('p', { class: `notice ${notice?.kind ?? ''}`, role: notice?.kind === 'error' ? 'alert' : 'status' }, offline ? t().offline : (notice?.text ?? ''));
  app.replaceChildren(header, ...body, status);
  if (focused) document.getElementById(focused)?.focus();
}

function updateTimer(): void {
  const el = document.getElementById('timer');
  if (el && state) el.textContent = timerText(state);
}

setInterval(updateTimer, 1000);
render(true);
void poll();
