/** Causes, whys, actions, checks, lessons and improvements for the search benchmark's cases. */
import type { Db } from '../../electron/backend/database';
import { paragraph, prng, Rand } from './dataset';

const CAUSES_ZH = ['拣货人员临时抽调，未经培训上岗', '系统回滚后库存未同步', '配送路线规划没有考虑高峰期', '客服话术缺少延误说明', '供应商数据库备份失败'];
const CAUSES_EN = ['Pickers were moved from another site without training', 'Stock was not synced after the rollback', 'Route planning ignored the peak', 'Agents had no script for delays', 'Supplier database backups failed'];
const ACTIONS_ZH = ['高峰期前两周完成拣货培训', '上线库存同步监控', '修订客服延误话术'];
const ACTIONS_EN = ['Train pickers two weeks before the peak', 'Monitor stock sync after releases', 'Rewrite the delay script for agents'];
const LESSONS_ZH = ['促销前必须做容量评估', '跨部门交接要有书面确认'];
const LESSONS_EN = ['Plan capacity before every campaign', 'Hand-overs between departments need a written confirmation'];

/** Causes, whys, actions (with progress, checks), feedback, lessons and improvements for every case,
 *  written as rows (the repositories would take hours at 100k); the index is then built from them as
 *  a library upgraded to migration 6 is. */
export function addAnalysisRows(db: Db, seed: number): void {
  const r = new Rand(prng(seed));
  const at = '2026-11-01T00:00:00.000Z';
  const ids = db.prepare('SELECT id FROM cases').pluck().all() as string[];
  const cat = db.prepare('INSERT INTO fishbone_categories (id, case_id, position, label, template_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const cause = db.prepare('INSERT INTO causes (id, case_id, category_id, parent_id, position, text, evidence, is_root_cause, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)');
  const analysis = db.prepare('INSERT INTO why_analyses (id, case_id, start_cause_id, question, position, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)');
  const why = db.prepare('INSERT INTO whys (id, analysis_id, parent_id, position, answer, evidence, is_root_cause, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)');
  const action = db.prepare('INSERT INTO actions (id, case_id, position, title, description, kind, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const progress = db.prepare('INSERT INTO action_progress (id, action_id, at, note, position, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)');
  const check = db.prepare('INSERT INTO effectiveness_checks (id, action_id, result, evidence, checked_at, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)');
  const lesson = db.prepare('INSERT INTO lessons (id, case_id, position, kind, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const improvement = db.prepare("INSERT INTO improvements (id, case_id, position, area, text, created_at, updated_at) VALUES (?, ?, 0, 'training', ?, ?, ?)");
  db.transaction(() => {
    for (const caseId of ids) {
      const zh = r.chance(0.55);
      const categories = ['人 People', '机 Machine', '法 Method', '环 Environment'].map((label, i) => {
        const id = r.uuid();
        cat.run(id, caseId, i, label, ['people', 'machine', 'method', 'environment'][i], at, at);
        return id;
      });
      const causeIds: string[] = [];
      for (let i = 0; i < r.int(3, 8); i++) {
        const id = r.uuid();
        cause.run(id, caseId, r.pick(categories), i, r.pick(zh ? CAUSES_ZH : CAUSES_EN), r.chance(0.5) ? paragraph(r, zh, 1) : '', r.chance(0.2) ? 1 : 0, at, at);
        causeIds.push(id);
      }
      const a = r.uuid();
      analysis.run(a, caseId, causeIds[0]!, '', at, at);
      let parent: string | null = null;
      for (let i = 0; i < r.int(2, 5); i++) {
        const id = r.uuid();
        why.run(id, a, parent, r.pick(zh ? CAUSES_ZH : CAUSES_EN), r.chance(0.5) ? paragraph(r, zh, 1) : '', 0, at, at);
        parent = id;
      }
      for (let i = 0; i < r.int(1, 3); i++) {
        const id = r.uuid();
        action.run(id, caseId, i, r.pick(zh ? ACTIONS_ZH : ACTIONS_EN), paragraph(r, zh, 1), 'corrective', r.chance(0.5) ? 'verified' : 'in_progress', at, at);
        if (r.chance(0.6)) progress.run(r.uuid(), id, at, paragraph(r, zh, 1), at, at);
        if (r.chance(0.4)) check.run(r.uuid(), id, r.chance(0.7) ? 'effective' : 'partly', paragraph(r, zh, 1), at, at, at);
      }
      for (let i = 0; i < r.int(0, 2); i++) lesson.run(r.uuid(), caseId, i, r.pick(['went_well', 'went_wrong', 'got_lucky']), r.pick(zh ? LESSONS_ZH : LESSONS_EN), at, at);
      if (r.chance(0.5)) improvement.run(r.uuid(), caseId, r.pick(zh ? ACTIONS_ZH : ACTIONS_EN), at, at);
    }
  })();
}

