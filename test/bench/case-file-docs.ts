/** The realistic case documents of the case-file benchmark (and of profiling runs of it): mixed
 *  Chinese and English texts, a timeline, a fishbone of 15-45 causes, 5-Whys analyses, a plan with
 *  owners, checks, feedback and lessons, and personal data in some texts. */
import { CaseDocument } from '../../shared/domain/case-file';
import { walkCauses } from '../../shared/domain/fishbone';
import { ACTION_KINDS, ACTION_STATUSES, EFFECTIVENESS, LESSON_KINDS, LEVELS } from '../../shared/domain/vocabulary';
import { caseFields, fishboneTree, paragraph, prng, Rand, timeline, whyAnalysesTree } from './dataset';

const PEOPLE_EXTRA = ['王建国', '陈晓燕', 'Maria Garcia', 'Tom Becker'];

export function realisticDoc(r: Rand, i: number): CaseDocument {
  const caseId = r.uuid();
  const at = Date.parse('2026-01-01T00:00:00Z') + i * 3_600_000;
  const fields = caseFields(r, at);
  // Personal data as people write it in service cases: a customer's phone, an e-mail, sometimes an ID.
  const zh = /[\u4e00-\u9fff]/.test(fields.title);
  const phone = `1${r.int(3, 9)}${String(r.int(0, 999_999_999)).padStart(9, '0')}`;
  fields.problem += zh ? `客户${r.pick(PEOPLE_EXTRA)}（${phone}）来电投诉。` : ` Customer ${r.pick(PEOPLE_EXTRA)} (+44 20 7946 ${String(r.int(1000, 9999))}) wrote to ops${i}@example.com.`;
  const fishbone = fishboneTree(r, r.int(15, 45));
  const causeIds: string[] = [];
  walkCauses(fishbone, (c) => void causeIds.push(c.id));
  const analyses = whyAnalysesTree(r, r.int(5, 20), causeIds.slice(0, r.int(0, 2)));
  const iso = (ms: number) => new Date(ms).toISOString();
  const stamp = iso(at);
  const actions = Array.from({ length: r.int(1, 6) }, (_, n) => {
    const status = r.pick(ACTION_STATUSES);
    return {
      id: r.uuid(),
      title: paragraph(r, zh, 1).slice(0, 120) || `Action ${n}`,
      description: paragraph(r, zh, r.int(0, 2)),
      kind: r.pick(ACTION_KINDS),
      owner: r.pick([...PEOPLE_EXTRA, fields.reporter]),
      dueAt: r.chance(0.7) ? iso(at + r.int(1, 60) * 86_400_000) : null,
      priority: r.pick(LEVELS),
      impact: r.pick(LEVELS),
      effort: r.pick(LEVELS),
      expectedEffect: paragraph(r, zh, r.int(0, 1)),
      status,
      cancelReason: status === 'cancelled' ? 'budget' : '',
      rootCauses: causeIds.length ? [{ source: 'fishbone' as const, id: r.pick(causeIds) }] : [],
      progress: Array.from({ length: r.int(0, 3) }, () => ({ id: r.uuid(), at: stamp, note: paragraph(r, zh, 1) || 'progress' })),
      checks: Array.from({ length: r.int(0, 1) }, () => ({ id: r.uuid(), result: r.pick(EFFECTIVENESS), evidence: paragraph(r, zh, 1), checkedAt: stamp, checkedBy: r.pick(PEOPLE_EXTRA) })),
    };
  });
  return CaseDocument.parse({
    case: { ...fields, id: caseId, revision: r.int(1, 80), createdAt: stamp, updatedAt: stamp, deletedAt: null, templateId: null },
    timeline: timeline(r, r.int(1, 8), at).map((e, position) => ({ ...e, id: r.uuid(), caseId, position, createdAt: stamp, updatedAt: stamp })),
    fishbone,
    analyses,
    plan: {
      actions,
      feedback: Array.from({ length: r.int(0, 2) }, () => ({ id: r.uuid(), at: null, note: paragraph(r, zh, 1) || 'ok' })),
      lessons: Array.from({ length: r.int(1, 4) }, () => ({ id: r.uuid(), kind: r.pick(LESSON_KINDS), text: paragraph(r, zh, 1) || 'lesson', appliesDepartment: '', appliesTouchpoint: null, appliesScenario: null })),
      improvements: [],
    },
    rootCauseLinks: [],
  });
}

/** `count` documents from a fixed seed: the same cases on every run. */
export function realisticDocs(count: number, seed = 20261207): CaseDocument[] {
  const r = new Rand(prng(seed));
  return Array.from({ length: count }, (_, i) => realisticDoc(r, i));
}
