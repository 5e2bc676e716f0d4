import { z } from 'zod';
import data from '../../resources/whys/hint-rules.json';
import { LANGUAGES, type Language } from '../i18n/languages';
import type { Why, WhyAnalysis } from './whys';
import { LIMITS } from './vocabulary';

/** Analysis hints shown beside a 5-Whys tree: gentle prompts a facilitator would give ("this
 *  blames a person", "keep asking why", "note the evidence"). They never block anything. The
 *  rules are data, in resources/whys/hint-rules.json, checked here once at load.
 *
 *  Every rule looks at whys marked as root causes only. A ruled-out why gets no hint, and neither
 *  does anything under it: the team has already set that branch aside. */

export const HINT_KINDS = ['blames_person', 'short_chain', 'no_evidence', 'stop_without_reason', 'needs_data_root'] as const;
export type HintKind = (typeof HINT_KINDS)[number];

const slug = z.string().regex(/^[a-z0-9][a-z0-9_]*$/, { error: 'invalid_format' }).max(100);
const text = z.string().trim().min(1);
const Message = z.object({ 'zh-CN': text, en: text }).strict();
const phrase = z.string().trim().min(1).max(100);
const PhraseLists = (min: number) => z.object({ 'zh-CN': z.array(phrase).min(min), en: z.array(phrase).min(min) }).strict();

const noParams = z.object({}).strict();
const rule = <K extends HintKind, P extends z.ZodType>(kind: K, params: P) =>
  z.object({ id: slug, kind: z.literal(kind), params, message: Message }).strict();

const BlamesPersonParams = z
  .object({
    /** Phrases that put the cause on a person ("human error", "粗心"). */
    phrases: PhraseLists(1),
    /** Words that show the answer already points at the system ("process", "流程"). */
    systemWords: PhraseLists(0),
    /** Phrases that look like blame but are not ("lazy loading", "忘记密码"), removed first. */
    ignore: PhraseLists(0),
  })
  .strict();
export type BlamesPersonParams = z.infer<typeof BlamesPersonParams>;

export const HintRule = z.discriminatedUnion('kind', [
  rule('blames_person', BlamesPersonParams),
  rule('short_chain', z.object({ minDepth: z.number().int().min(2).max(LIMITS.whyDepth) }).strict()),
  rule('no_evidence', noParams),
  rule('stop_without_reason', noParams),
  rule('needs_data_root', noParams),
]);
export type HintRule = z.infer<typeof HintRule>;

/** The placeholders each kind's message may use. */
const PLACEHOLDERS: Record<HintKind, readonly string[]> = {
  blames_person: ['depth'],
  short_chain: ['depth', 'minDepth'],
  no_evidence: ['depth'],
  stop_without_reason: ['depth'],
  needs_data_root: ['depth'],
};

const HintRuleFile = z
  .object({ $comment: z.string().optional(), rules: z.array(HintRule).min(1) })
  .strict()
  .superRefine((file, ctx) => {
    const ids = file.rules.map((r) => r.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `Duplicate rule id ${id}.` });
    });
    file.rules.forEach((r, i) => {
      for (const language of LANGUAGES) {
        for (const [, name] of r.message[language].matchAll(/\{(\w+)\}/g)) {
          if (!PLACEHOLDERS[r.kind].includes(name!)) {
            ctx.addIssue({ code: 'custom', path: ['rules', i, 'message', language], message: `Unknown placeholder {${name}} for ${r.kind}.` });
          }
        }
      }
    });
  });

/** Checks a rules file; throws with every problem listed when it is broken. */
export function parseHintRules(input: unknown): HintRule[] {
  const parsed = HintRuleFile.safeParse(input);
  if (!parsed.success) throw new Error(`Invalid 5-Whys hint rules (resources/whys/hint-rules.json):\n${z.prettifyError(parsed.error)}`);
  return parsed.data.rules;
}

/** Validated once at load: a broken rules file fails loudly in tests, not in a user's hands. */
export const HINT_RULES: readonly HintRule[] = parseHintRules(data);

// ---- Phrase matching ----------------------------------------------------------------------------

/** Case- and width-insensitive form used on both sides of a match (full-width Ｌａｔｉｎ, curly
 *  apostrophes and runs of spaces count as their plain forms). */
export function normaliseForMatch(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'").replace(/\s+/g, ' ');
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** A letter or digit that would make a Latin phrase part of a longer word. Chinese characters
 *  are not: "员工careless" still contains the word "careless". */
const WORD_CHAR = String.raw`[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{N}_]`;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One regular expression for a list of phrases, longest first; null for an empty list. Phrases
 *  with Chinese (or other CJK) characters match anywhere, Latin ones only as whole words. Both the
 *  phrases and the text are normalised (lower case) first, so the expression needs no `i` flag:
 *  case-insensitive Unicode matching made compiling it cost tens of ms at the first hint shown, and
 *  the word boundary is checked once for all Latin phrases rather than once per phrase. */
function phraseRegex(phrases: readonly string[]): RegExp | null {
  const sources = [...new Set(phrases.map((p) => normaliseForMatch(p).trim()).filter(Boolean))]
    .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
    .map((p) => ({ cjk: CJK.test(p), body: p.split(' ').map(escape).join(String.raw`\s+`) }));
  const cjk = sources.filter((s) => s.cjk).map((s) => s.body);
  const latin = sources.filter((s) => !s.cjk).map((s) => s.body);
  const parts = [...cjk];
  if (latin.length) parts.push(`(?<!${WORD_CHAR})(?:${latin.join('|')})(?!${WORD_CHAR})`);
  return parts.length ? new RegExp(parts.join('|'), 'gu') : null;
}

interface BlameMatcher {
  phrases: RegExp | null;
  systemWords: RegExp | null;
  ignore: RegExp | null;
}

const matchers = new WeakMap<BlamesPersonParams, BlameMatcher>();

function blameMatcher(params: BlamesPersonParams): BlameMatcher {
  let m = matchers.get(params);
  if (!m) {
    const all = (lists: BlamesPersonParams['phrases']) => LANGUAGES.flatMap((l) => lists[l]);
    m = { phrases: phraseRegex(all(params.phrases)), systemWords: phraseRegex(all(params.systemWords)), ignore: phraseRegex(all(params.ignore)) };
    matchers.set(params, m);
  }
  return m;
}

/** Whether an answer puts the cause on a person: it holds a blaming phrase (either language's
 *  list), after ignore phrases are removed, and names no system word outside the blaming
 *  phrases. So "员工粗心导致错发" blames, "系统允许粗心操作而不报警" does not (it already points
 *  at the system), and "员工没按流程操作" still blames ("没按流程" is itself a blaming phrase,
 *  so its 流程 does not count). */
export function blamesPerson(answer: string, params: BlamesPersonParams): boolean {
  const m = blameMatcher(params);
  if (!m.phrases) return false;
  let value = normaliseForMatch(answer);
  if (m.ignore) value = value.replace(m.ignore, ' ');
  let found = false;
  const rest = value.replace(m.phrases, () => {
    found = true;
    return ' ';
  });
  if (!found || !m.systemWords) return found;
  m.systemWords.lastIndex = 0;
  return !m.systemWords.test(rest);
}

// ---- Hints --------------------------------------------------------------------------------------

export interface WhyHint {
  ruleId: string;
  kind: HintKind;
  whyId: string;
  message: string;
}

export interface CaseHint extends WhyHint {
  analysisId: string;
}

function fires(rule: HintRule, why: Why, depth: number): boolean {
  if (!why.isRootCause) return false;
  switch (rule.kind) {
    case 'blames_person':
      return blamesPerson(why.answer, rule.params);
    case 'short_chain':
      return depth < rule.params.minDepth;
    case 'no_evidence':
      return why.evidence.trim() === '';
    case 'stop_without_reason':
      return why.stopReason === null;
    case 'needs_data_root':
      return why.stopReason === 'needs_data';
  }
}

function fill(template: string, values: Record<string, number>): string {
  return template.replace(/\{(\w+)\}/g, (all, name: string) => (name in values ? String(values[name]) : all));
}

/** The hints for one analysis, in reading order of the tree (depth first, as the outline reads),
 *  then in rule order for each why. Pure and deterministic. */
export function whyHints(analysis: WhyAnalysis, language: Language, rules: readonly HintRule[] = HINT_RULES): WhyHint[] {
  const out: WhyHint[] = [];
  const visit = (list: readonly Why[], depth: number) => {
    for (const why of list) {
      if (why.status === 'ruled_out') continue;
      for (const rule of rules) {
        if (!fires(rule, why, depth)) continue;
        const values: Record<string, number> = { depth };
        if (rule.kind === 'short_chain') values.minDepth = rule.params.minDepth;
        out.push({ ruleId: rule.id, kind: rule.kind, whyId: why.id, message: fill(rule.message[language], values) });
      }
      visit(why.children, depth + 1);
    }
  };
  visit(analysis.whys, 1);
  return out;
}

/** The hints of every analysis of a case, analysis by analysis in their order. */
export function caseHints(analyses: readonly WhyAnalysis[], language: Language, rules: readonly HintRule[] = HINT_RULES): CaseHint[] {
  return analyses.flatMap((analysis) => whyHints(analysis, language, rules).map((h) => ({ ...h, analysisId: analysis.id })));
}
