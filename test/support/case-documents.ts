import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { withNewIds } from '../../electron/backend/case-file';
import { CaseDocument } from '../../shared/domain/case-file';
import { walkCauses, type Fishbone } from '../../shared/domain/fishbone';
import type { RootCauseRef } from '../../shared/domain/plan';
import { walk } from '../../shared/domain/tree';
import { KANO_ANSWERS, KANO_CATEGORIES } from '../../shared/domain/kano';
import { ACTION_KINDS, ACTION_STATUSES, EFFECTIVENESS, IMPROVEMENT_AREAS, LESSON_KINDS, LEVELS, SEVERITIES, TIMELINE_KINDS } from '../../shared/domain/vocabulary';
import type { WhyAnalysis } from '../../shared/domain/whys';
import { fishboneArb } from './fishbones';
import { fullSnapshot } from './report-fixtures';
import { whyAnalysisArb } from './whys';

/** Random case documents (every part of a case, with its fishbone and 5-Whys trees, plan, links
 *  and needs), valid as a case file holds them: what the case-file property tests store, export and
 *  import. */

const text = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim().length > 0);
const instant = fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') }).map((t) => new Date(t).toISOString());

/** Fresh ids for every `id` in a value (the fixtures' generators reuse numbered ids across trees). */
const freshIds = <T>(value: T): T => withNewIds(value as unknown as CaseDocument, new Map()) as unknown as T;

export const caseArb = fc
  .record({
    title: text(60),
    problem: fc.string({ maxLength: 200 }),
    reporter: fc.string({ maxLength: 20 }),
    participants: fc.array(fc.string({ maxLength: 20 }), { maxLength: 4 }),
    tags: fc.uniqueArray(text(10).map((s) => s.trim()), { maxLength: 3 }),
    severity: fc.constantFrom(...SEVERITIES),
    occurredAt: fc.option(instant, { nil: null }),
    revision: fc.nat(50),
    createdAt: instant,
    timeline: fc.array(fc.record({ at: fc.option(instant, { nil: null }), description: fc.string({ maxLength: 80 }), kind: fc.constantFrom(...TIMELINE_KINDS) }), { maxLength: 4 }),
    fishbone: fishboneArb(3),
    analyses: fc.array(whyAnalysisArb(4), { maxLength: 2 }),
    seed: fc.array(fc.nat(1_000_000), { minLength: 40, maxLength: 40 }),
  })
  .map((r): CaseDocument => {
    let s = 0;
    const int = (n: number) => (n <= 0 ? 0 : r.seed[s++ % r.seed.length]! % n);
    const pick = <T>(items: readonly T[]) => items[int(items.length)]!;
    const fishbone = freshIds(r.fishbone) as Fishbone;
    const causeIds: string[] = [];
    walkCauses(fishbone, (c) => void causeIds.push(c.id));
    const analyses = r.analyses.map((a) => ({ ...freshIds(a), startCauseId: causeIds.length && int(2) ? pick(causeIds) : null })) as WhyAnalysis[];
    const whyIds: string[] = [];
    // The shared generator predates the team's own reason to stop: give it one.
    for (const a of analyses) walk(a.whys, (w) => {
      whyIds.push(w.id);
      w.stopNote ??= int(2) ? '' : '数据不足 / more data';
    });
    const refs: RootCauseRef[] = [...causeIds.map((id) => ({ source: 'fishbone' as const, id })), ...whyIds.map((id) => ({ source: 'whys' as const, id }))];
    const caseId = randomUUID();
    const actions = Array.from({ length: int(4) }, (_, i) => {
      const status = pick(ACTION_STATUSES);
      return {
        id: randomUUID(),
        title: `Action ${i} ${pick(['培训', 'retrain', '<b>x</b>'])}`,
        description: pick(['', 'desc', '描述']),
        kind: pick(ACTION_KINDS),
        owner: pick(['', '张三', 'Ann']),
        dueAt: int(2) ? null : '2026-06-01T00:00:00.000Z',
        priority: pick(LEVELS),
        impact: pick(LEVELS),
        effort: pick(LEVELS),
        expectedEffect: '',
        status,
        cancelReason: status === 'cancelled' ? 'no budget' : '',
        rootCauses: refs.length ? [...new Map(Array.from({ length: int(3) }, () => pick(refs)).map((ref) => [ref.id, ref])).values()] : [],
        progress: Array.from({ length: int(2) }, () => ({ id: randomUUID(), at: '2026-05-02T09:00:00.000Z', note: 'note' })),
        checks: Array.from({ length: int(2) }, () => ({ id: randomUUID(), result: pick(EFFECTIVENESS), evidence: '', checkedAt: '2026-05-20T09:00:00.000Z', checkedBy: 'Bo' })),
      };
    });
    // A link is a pair without direction; the store keeps its places in key order.
    const rootRefs = refs.slice(0, 2).sort((x, y) => (`${x.source}:${x.id}` < `${y.source}:${y.id}` ? -1 : 1));
    const links = rootRefs.length >= 2 && int(2) ? [{ a: rootRefs[0]!, b: rootRefs[1]!, same: int(2) === 1 }] : [];
    return CaseDocument.parse({
      case: {
        ...fullSnapshot('en').case,
        title: r.title,
        problem: r.problem,
        reporter: r.reporter,
        participants: r.participants,
        tags: [...r.tags].sort(),
        severity: r.severity,
        occurredAt: r.occurredAt,
        id: caseId,
        revision: r.revision,
        createdAt: r.createdAt,
        updatedAt: r.createdAt,
        deletedAt: null,
        templateId: null,
      },
      timeline: r.timeline.map((e, position) => ({ ...e, id: randomUUID(), caseId, position, createdAt: r.createdAt, updatedAt: r.createdAt })),
      fishbone,
      analyses,
      plan: {
        actions,
        feedback: Array.from({ length: int(2) }, () => ({ id: randomUUID(), at: null, note: '客户满意' })),
        lessons: Array.from({ length: int(3) }, () => ({ id: randomUUID(), kind: pick(LESSON_KINDS), text: 'lesson', appliesDepartment: '', appliesTouchpoint: null, appliesScenario: null })),
        improvements: Array.from({ length: int(2) }, () => ({ id: randomUUID(), area: pick(IMPROVEMENT_AREAS), text: 'improve' })),
      },
      rootCauseLinks: links,
      needs: Array.from({ length: int(3) }, (_, i) => ({
        id: randomUUID(),
        text: i === 0 ? r.title : `需要 ${i}`,
        kano: int(2) ? pick(KANO_CATEGORIES) : null,
        met: int(2) === 1,
        answers: Array.from({ length: int(3) }, () => ({ id: randomUUID(), functional: pick(KANO_ANSWERS), dysfunctional: pick(KANO_ANSWERS), respondent: int(2) ? '' : r.reporter })),
      })),
    });
  });

