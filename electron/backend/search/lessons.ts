import type { Improvement, Lesson } from '../../../shared/domain/plan';
import type { LessonEntry, LessonsQuery } from '../../../shared/domain/search';
import type { Prepare } from '../sql';
import { filterSql } from './query';

/** lessons:list: every lesson and improvement of the live cases in one list, newest case first.
 *  Where a lesson applies (department, touchpoint, scenario type) is its own when it says, else its
 *  case's; an improvement applies where its case does. */

type Row = Record<string, unknown>;

export function listLessons(stmt: Prepare, input: Omit<LessonsQuery, 'offset' | 'limit'> & { offset: number; limit: number }): { items: LessonEntry[]; total: number } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (input.kind !== 'improvement') {
    const where = filterSql(
      input,
      params,
      'coalesce(l.applies_touchpoint, c.touchpoint)',
      `(CASE WHEN l.applies_department <> '' THEN l.applies_department ELSE c.department END)`,
      'coalesce(l.applies_scenario, c.scenario_type)',
    );
    if (input.kind) {
      where.push('l.kind = ?');
      params.push(input.kind);
    }
    parts.push(`SELECT 'lesson' AS type, l.id, l.case_id, l.position, l.kind, l.text, l.applies_department, l.applies_touchpoint, l.applies_scenario, NULL AS area,
      c.title, c.updated_at FROM lessons l JOIN cases c ON c.id = l.case_id WHERE ${where.join(' AND ')}`);
  }
  if (!input.kind || input.kind === 'improvement') {
    const where = filterSql(input, params);
    parts.push(`SELECT 'improvement' AS type, i.id, i.case_id, i.position, NULL, i.text, NULL, NULL, NULL, i.area,
      c.title, c.updated_at FROM improvements i JOIN cases c ON c.id = i.case_id WHERE ${where.join(' AND ')}`);
  }
  const union = parts.join(' UNION ALL ');
  const total = stmt(`SELECT count(*) FROM (${union})`).pluck(true).get(...params) as number;
  const rows = stmt(`SELECT * FROM (${union}) ORDER BY updated_at DESC, case_id, type DESC, position LIMIT ? OFFSET ?`).all(
    ...params,
    input.limit,
    input.offset,
  ) as Row[];
  return {
    total,
    items: rows.map((r) => ({
      caseId: r.case_id as string,
      caseTitle: r.title as string,
      caseUpdatedAt: r.updated_at as string,
      lesson:
        r.type === 'lesson'
          ? {
              id: r.id as string,
              kind: r.kind as Lesson['kind'],
              text: r.text as string,
              appliesDepartment: r.applies_department as string,
              appliesTouchpoint: (r.applies_touchpoint as Lesson['appliesTouchpoint']) ?? null,
              appliesScenario: (r.applies_scenario as Lesson['appliesScenario']) ?? null,
            }
          : null,
      improvement: r.type === 'improvement' ? { id: r.id as string, area: r.area as Improvement['area'], text: r.text as string } : null,
    })),
  };
}
