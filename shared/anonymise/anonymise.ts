import type { AnonymiseHit, AnonymiseKind, CaseDocument } from '../domain/case-file';
import type { Language } from '../i18n/languages';
import { findPatterns, keepFirst, NameFinder, type Span } from './detectors';

/** Anonymising case documents for a case file: every text field of every part (case, timeline,
 *  fishbone, 5 Whys, plan) has its people's names, phones, e-mails, resident ID numbers and bank
 *  card numbers replaced by pseudonyms that are stable within the file (张三 is 人员A in every
 *  case, field and diagram). The word is the case's language's: 人员A in a Chinese case,
 *  Person A in an English one. Pure: the documents given are not changed. */

/** Keys whose string values (or arrays of strings) are free text people write. Every other string
 *  of a document is an id, a timestamp or a fixed choice (a test checks the two lists cover every
 *  key of a full document). */
export const TEXT_KEYS: ReadonlySet<string> = new Set([
  'title', 'problem', 'customerExperience', 'customerImpact', 'location', 'department', 'reporter', 'facilitator',
  'participants', 'tags', 'summary', 'closeReason', 'reference', 'notes', 'touchpoint', 'description', 'effect',
  'label', 'text', 'evidence', 'question', 'answer', 'stopNote', 'owner', 'expectedEffect', 'cancelReason', 'note',
  'checkedBy', 'appliesDepartment', 'appliesTouchpoint',
  // A team session's participants and voters.
  'name',
]);

/** Keys that are never free text. */
export const NON_TEXT_KEYS: ReadonlySet<string> = new Set([
  'id', 'caseId', 'revision', 'createdAt', 'updatedAt', 'deletedAt', 'templateId', 'occurredAt', 'detectedAt', 'resolvedAt',
  'followUpAt', 'severity', 'scenarioType', 'motFailure', 'step', 'status', 'at', 'kind', 'position', 'template', 'orientation',
  'templateKey', 'isRootCause', 'votes', 'servqual', 'collapsed', 'startCauseId', 'direction', 'stopReason', 'dueAt', 'priority',
  'impact', 'effort', 'source', 'result', 'checkedAt', 'appliesScenario', 'area', 'same',
  // A team session (shared/domain/retro.ts).
  'startedAt', 'closedAt', 'version', 'sessionId', 'joinedVia', 'phase', 'plannedMinutes', 'actualMs', 'visited',
  'votesPerParticipant', 'maxPerItem', 'anonymous', 'revealed', 'causeId', 'accepted', 'rejected', 'pending',
]);

const PSEUDONYM_WORDS: Record<Language, Record<AnonymiseKind, string>> = {
  'zh-CN': { name: '人员', phone: '电话', email: '邮箱', id_number: '证件号', bank_card: '银行卡' },
  en: { name: 'Person ', phone: 'Phone ', email: 'Email ', id_number: 'ID number ', bank_card: 'Card ' },
};

/** A, B … Z, AA, AB …: people are lettered, other values numbered. */
function letters(n: number): string {
  let s = '';
  for (let k = n + 1; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** The language a case is written in: Chinese when its title or problem has Chinese characters. */
export function caseLanguage(doc: Pick<CaseDocument, 'case'>): Language {
  return /[\u3400-\u9fff]/.test(doc.case.title + doc.case.problem) ? 'zh-CN' : 'en';
}

/** Splits a name field ("张三、李四", "Ann Lee (lead), Bo Chen") into the names in it. */
export function splitNames(value: string): string[] {
  return value
    .split(/[,，、;；/|\n]|\s+(?:and|&)\s+|和|及/)
    .map((part) => part.replace(/[(（][^)）]*[)）]?/g, '').trim())
    .filter((part) => [...part].length >= 2);
}

/** The people a case names in its own fields: participants, reporter, facilitator, action owners
 *  and the people who checked the actions' effect. */
export function caseNames(doc: CaseDocument): string[] {
  const fields = [doc.case.reporter, doc.case.facilitator, ...doc.case.participants];
  for (const action of doc.plan.actions) {
    fields.push(action.owner);
    for (const check of action.checks) fields.push(check.checkedBy);
  }
  for (const session of doc.retroSessions ?? []) for (const p of session.summary?.participants ?? []) if (p.name) fields.push(p.name);
  return fields.flatMap(splitNames);
}

export interface AnonymiseRun {
  /** The documents with every hit not skipped replaced. */
  docs: CaseDocument[];
  /** Every hit, in reading order (case by case). */
  hits: AnonymiseHit[];
  replaced: number;
}

export interface AnonymiseRequest {
  dictionary?: readonly string[];
  skip?: Iterable<string>;
  /** Keep only the first `maxHits` hits in `hits` (they are all still replaced). */
  maxHits?: number;
  /** Skip collecting hits (export does not need the list). */
  collectHits?: boolean;
}

const CONTEXT = 16;

/** Finds and replaces in `docs`. One pseudonym per distinct value across all of them. */
export function anonymise(docs: readonly CaseDocument[], request: AnonymiseRequest = {}): AnonymiseRun {
  const finder = new NameFinder([...(request.dictionary ?? []), ...docs.flatMap(caseNames)]);
  const skip = new Set(request.skip ?? []);
  const collect = request.collectHits ?? true;
  const maxHits = request.maxHits ?? Infinity;
  const counters: Record<AnonymiseKind, number> = { name: 0, phone: 0, email: 0, id_number: 0, bank_card: 0 };
  const numbers = new Map<string, string>();
  const hits: AnonymiseHit[] = [];
  let replaced = 0;

  const suffixOf = (s: Span): string => {
    let suffix = numbers.get(s.key);
    if (suffix === undefined) {
      const n = counters[s.kind]++;
      suffix = s.kind === 'name' ? letters(n) : String(n + 1);
      numbers.set(s.key, suffix);
    }
    return suffix;
  };

  const out = docs.map((doc) => {
    const words = PSEUDONYM_WORDS[caseLanguage(doc)];
    const caseId = doc.case.id;
    const rewrite = (text: string, path: (string | number)[], field: string): string => {
      const spans = keepFirst([...findPatterns(text), ...finder.find(text)]);
      if (spans.length === 0) return text;
      let result = '';
      let last = 0;
      for (const s of spans) {
        const pseudonym = words[s.kind] + suffixOf(s);
        const id = `${caseId}/${path.join('.')}/${s.start}`;
        if (collect && hits.length < maxHits) {
          hits.push({
            id,
            kind: s.kind,
            text: s.text,
            pseudonym,
            caseId,
            caseTitle: doc.case.title,
            path,
            field,
            context: text.slice(Math.max(0, s.start - CONTEXT), s.end + CONTEXT),
          });
        }
        if (skip.has(id)) continue;
        result += text.slice(last, s.start) + pseudonym;
        last = s.end;
        replaced++;
      }
      return result + text.slice(last);
    };
    const walk = (value: unknown, path: (string | number)[], textKey: string | null): unknown => {
      if (typeof value === 'string') return textKey ? rewrite(value, path, textKey) : value;
      if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i], textKey));
      if (value && typeof value === 'object') {
        const copy: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) copy[k] = walk(v, [...path, k], TEXT_KEYS.has(k) ? k : null);
        return copy;
      }
      return value;
    };
    return walk(doc, [], null) as CaseDocument;
  });
  return { docs: out, hits, replaced };
}
