import { createHash } from 'node:crypto';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The tables whose rows go into the insights figures or the KANO chart, with how a row names its
 *  case: its own case_id, or its parent's. */
const CHANGE_SOURCES: readonly { table: string; caseOf: (row: 'NEW' | 'OLD') => string }[] = [
  { table: 'cases', caseOf: (r) => `${r}.id` },
  ...['case_tags', 'fishbone_categories', 'causes', 'why_analyses', 'root_cause_links', 'actions', 'customer_needs'].map((table) => ({ table, caseOf: (r: string) => `${r}.case_id` })),
  { table: 'whys', caseOf: (r) => `(SELECT case_id FROM why_analyses WHERE id = ${r}.analysis_id)` },
  { table: 'action_root_causes', caseOf: (r) => `(SELECT case_id FROM actions WHERE id = ${r}.action_id)` },
  { table: 'effectiveness_checks', caseOf: (r) => `(SELECT case_id FROM actions WHERE id = ${r}.action_id)` },
  { table: 'kano_answers', caseOf: (r) => `(SELECT case_id FROM customer_needs WHERE id = ${r}.need_id)` },
];

/** Migration 10's SQL: the table of each case's latest change and the triggers that move it. A row
 *  whose parent is already gone (a cascade from a deleted case or analysis) names no case: the
 *  parent's own trigger has moved it. */
function caseChangesSql(): string {
  const bump = (caseSql: string, extra = '') =>
    `  INSERT INTO case_changes (case_id, seq) SELECT ${caseSql}, (SELECT ifnull(max(seq), 0) + 1 FROM case_changes) WHERE ${caseSql} IS NOT NULL${extra}
    ON CONFLICT (case_id) DO UPDATE SET seq = excluded.seq;`;
  const triggers = CHANGE_SOURCES.flatMap(({ table, caseOf }) => [
    `CREATE TRIGGER ${table}_changed_insert AFTER INSERT ON ${table} BEGIN\n${bump(caseOf('NEW'))}\nEND;`,
    // A row moved to another case changes both.
    `CREATE TRIGGER ${table}_changed_update AFTER UPDATE ON ${table} BEGIN\n${bump(caseOf('NEW'))}\n${bump(caseOf('OLD'), ` AND ${caseOf('OLD')} IS NOT ${caseOf('NEW')}`)}\nEND;`,
    `CREATE TRIGGER ${table}_changed_delete AFTER DELETE ON ${table} BEGIN\n${bump(caseOf('OLD'))}\nEND;`,
  ]);
  return `
CREATE TABLE case_changes (
  case_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX case_changes_seq ON case_changes (seq);
${triggers.join('\n')}
`;
}

/** Migration 12's SQL: the same triggers as 10's, appending to a log instead. Migration 10 moved a
 *  case's row in `case_changes` to the next number on every row written: a read of the highest
 *  number, an upsert and a second index entry per row, about 0.7 s of a 1,000-case import's 4 s.
 *  A log row is one append at the end of a b-tree. Readers take the cases of the rows after the
 *  number they last saw (`electron/backend/insights/case-mirror.ts`); the oldest rows are dropped
 *  (`compactChangeLog`), and a reader that finds the rows it needs gone reads everything again. */
function changeLogSql(): string {
  const log = (caseSql: string, extra = '') => `  INSERT INTO case_change_log (case_id) SELECT c FROM (SELECT ${caseSql} AS c) WHERE c IS NOT NULL${extra};`;
  const triggers = CHANGE_SOURCES.flatMap(({ table, caseOf }) => [
    `DROP TRIGGER ${table}_changed_insert;`,
    `DROP TRIGGER ${table}_changed_update;`,
    `DROP TRIGGER ${table}_changed_delete;`,
    `CREATE TRIGGER ${table}_logged_insert AFTER INSERT ON ${table} BEGIN\n${log(caseOf('NEW'))}\nEND;`,
    // A row moved to another case changes both.
    `CREATE TRIGGER ${table}_logged_update AFTER UPDATE ON ${table} BEGIN\n${log(caseOf('NEW'))}\n${log(caseOf('OLD'), ` AND c IS NOT ${caseOf('NEW')}`)}\nEND;`,
    `CREATE TRIGGER ${table}_logged_delete AFTER DELETE ON ${table} BEGIN\n${log(caseOf('OLD'))}\nEND;`,
  ]);
  return `
${triggers.join('\n')}
DROP TABLE case_changes;
CREATE TABLE case_change_log (
  seq INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL
);
`;
}

/** Forward-only. A shipped migration is never edited: its checksum is stored when it runs,
 *  and a database whose recorded checksum differs is refused. Add a new migration instead. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'whole domain',
    sql: `
CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  problem TEXT NOT NULL DEFAULT '',
  customer_experience TEXT NOT NULL DEFAULT '',
  customer_impact TEXT NOT NULL DEFAULT '',
  occurred_at TEXT,
  detected_at TEXT,
  resolved_at TEXT,
  location TEXT NOT NULL DEFAULT '',
  department TEXT NOT NULL DEFAULT '',
  severity TEXT NOT NULL DEFAULT 'medium' CHECK (severity IN ('low','medium','high','critical')),
  scenario_type TEXT NOT NULL DEFAULT 'other',
  mot_failure TEXT NOT NULL DEFAULT 'other',
  touchpoint TEXT,
  reporter TEXT NOT NULL DEFAULT '',
  facilitator TEXT NOT NULL DEFAULT '',
  participants TEXT NOT NULL DEFAULT '[]',
  step TEXT NOT NULL DEFAULT 'identify' CHECK (step IN ('identify','analyse','design','execute','improve')),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed','archived')),
  close_reason TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  follow_up_at TEXT,
  fishbone_effect TEXT,
  fishbone_template TEXT,
  fishbone_orientation TEXT NOT NULL DEFAULT 'head_right' CHECK (fishbone_orientation IN ('head_right','head_left')),
  revision INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
-- The library list reads only these two indexes, never the rows with their long texts: the first
-- covers a page in update order, the second the filters and the counts per step.
CREATE INDEX cases_list_page ON cases (deleted_at, updated_at DESC, id, title, step, status, severity, scenario_type, mot_failure, department, occurred_at);
CREATE INDEX cases_list_filter ON cases (deleted_at, step, severity, status, scenario_type, title, id);

CREATE TABLE case_tags (
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (case_id, tag)
) WITHOUT ROWID;
CREATE INDEX case_tags_tag ON case_tags (tag, case_id);

CREATE TABLE timeline_events (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  at TEXT,
  description TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'other',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX timeline_events_case ON timeline_events (case_id, position);

CREATE TABLE fishbone_categories (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  label TEXT NOT NULL,
  template_key TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX fishbone_categories_case ON fishbone_categories (case_id, position);

CREATE TABLE causes (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  category_id TEXT NOT NULL REFERENCES fishbone_categories(id) ON DELETE CASCADE,
  parent_id TEXT REFERENCES causes(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'hypothesis' CHECK (status IN ('hypothesis','investigating','confirmed','ruled_out')),
  is_root_cause INTEGER NOT NULL DEFAULT 0 CHECK (is_root_cause IN (0,1)),
  evidence TEXT NOT NULL DEFAULT '',
  votes INTEGER NOT NULL DEFAULT 0,
  touchpoint TEXT,
  servqual TEXT,
  collapsed INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX causes_case ON causes (case_id);
CREATE INDEX causes_parent ON causes (category_id, parent_id, position);

CREATE TABLE why_analyses (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  start_cause_id TEXT REFERENCES causes(id) ON DELETE SET NULL,
  question TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL,
  direction TEXT NOT NULL DEFAULT 'LR' CHECK (direction IN ('LR','TB')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX why_analyses_case ON why_analyses (case_id, position);

CREATE TABLE whys (
  id TEXT PRIMARY KEY,
  analysis_id TEXT NOT NULL REFERENCES why_analyses(id) ON DELETE CASCADE,
  parent_id TEXT REFERENCES whys(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  answer TEXT NOT NULL,
  evidence TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'hypothesis' CHECK (status IN ('hypothesis','verified','ruled_out')),
  is_root_cause INTEGER NOT NULL DEFAULT 0 CHECK (is_root_cause IN (0,1)),
  stop_reason TEXT CHECK (stop_reason IS NULL OR stop_reason IN ('controllable','outside_control','needs_data')),
  collapsed INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX whys_tree ON whys (analysis_id, parent_id, position);

CREATE TABLE actions (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'corrective' CHECK (kind IN ('containment','corrective','preventive','improvement')),
  owner TEXT NOT NULL DEFAULT '',
  due_at TEXT,
  priority TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('low','medium','high')),
  effort TEXT NOT NULL DEFAULT 'medium' CHECK (effort IN ('low','medium','high')),
  expected_effect TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','in_progress','done','verified','cancelled')),
  cancel_reason TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX actions_case ON actions (case_id, position);
CREATE INDEX actions_due ON actions (status, due_at);

CREATE TABLE action_root_causes (
  action_id TEXT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  cause_id TEXT REFERENCES causes(id) ON DELETE CASCADE,
  why_id TEXT REFERENCES whys(id) ON DELETE CASCADE,
  CHECK ((cause_id IS NULL) <> (why_id IS NULL))
);
CREATE UNIQUE INDEX action_root_causes_unique ON action_root_causes (action_id, ifnull(cause_id, ''), ifnull(why_id, ''));

CREATE TABLE action_progress (
  id TEXT PRIMARY KEY,
  action_id TEXT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  note TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX action_progress_action ON action_progress (action_id, at);

CREATE TABLE effectiveness_checks (
  id TEXT PRIMARY KEY,
  action_id TEXT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  result TEXT NOT NULL CHECK (result IN ('effective','partly','not_effective')),
  evidence TEXT NOT NULL DEFAULT '',
  checked_at TEXT NOT NULL,
  checked_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX effectiveness_checks_action ON effectiveness_checks (action_id, checked_at);

CREATE TABLE customer_feedback (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  at TEXT,
  note TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX customer_feedback_case ON customer_feedback (case_id, at);

CREATE TABLE lessons (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('went_well','went_wrong','got_lucky')),
  text TEXT NOT NULL,
  applies_department TEXT NOT NULL DEFAULT '',
  applies_touchpoint TEXT,
  applies_scenario TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX lessons_case ON lessons (case_id, position);

CREATE TABLE improvements (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  area TEXT NOT NULL CHECK (area IN ('process','training','authorisation','communication')),
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX improvements_case ON improvements (case_id, position);
`,
  },
  {
    version: 2,
    name: 'action plan: impact and list order',
    // Impact places an action on the impact / effort matrix. Progress notes, checks, feedback and an
    // action's root causes become ordered lists like the plan's others: a position each. Rows already
    // there are numbered in time order (as instants, whatever their offset; undated feedback last;
    // then by id), root causes in the order they were written.
    sql: `
ALTER TABLE actions ADD COLUMN impact TEXT NOT NULL DEFAULT 'medium' CHECK (impact IN ('low','medium','high'));

ALTER TABLE action_root_causes ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE action_root_causes SET position = (SELECT count(*) FROM action_root_causes o
  WHERE o.action_id = action_root_causes.action_id AND o.rowid < action_root_causes.rowid);
CREATE INDEX action_root_causes_order ON action_root_causes (action_id, position);

ALTER TABLE action_progress ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE action_progress SET position = (SELECT count(*) FROM action_progress o WHERE o.action_id = action_progress.action_id
  AND (ifnull(julianday(o.at), 1e9) < ifnull(julianday(action_progress.at), 1e9)
    OR (ifnull(julianday(o.at), 1e9) = ifnull(julianday(action_progress.at), 1e9) AND o.id < action_progress.id)));
CREATE INDEX action_progress_order ON action_progress (action_id, position);

ALTER TABLE effectiveness_checks ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE effectiveness_checks SET position = (SELECT count(*) FROM effectiveness_checks o WHERE o.action_id = effectiveness_checks.action_id
  AND (ifnull(julianday(o.checked_at), 1e9) < ifnull(julianday(effectiveness_checks.checked_at), 1e9)
    OR (ifnull(julianday(o.checked_at), 1e9) = ifnull(julianday(effectiveness_checks.checked_at), 1e9) AND o.id < effectiveness_checks.id)));
CREATE INDEX effectiveness_checks_order ON effectiveness_checks (action_id, position);

ALTER TABLE customer_feedback ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE customer_feedback SET position = (SELECT count(*) FROM customer_feedback o WHERE o.case_id = customer_feedback.case_id
  AND (ifnull(julianday(o.at), 1e9) < ifnull(julianday(customer_feedback.at), 1e9)
    OR (ifnull(julianday(o.at), 1e9) = ifnull(julianday(customer_feedback.at), 1e9) AND o.id < customer_feedback.id)));
CREATE INDEX customer_feedback_order ON customer_feedback (case_id, position);
`,
  },
  {
    version: 3,
    name: 'root cause identity',
    // A root cause found in two places (a fishbone cause, a 5-Whys answer; see
    // shared/domain/root-causes.ts) is one thing. Most pairs are told by a rule and stored nowhere; a
    // link row records what the team said: two places are the same root cause (same = 1), or a pair
    // the rule joins is not (same = 0). A pair is stored once, whichever way round (the repository
    // writes the smaller ref first), and goes with either of its places. Existing rows need nothing:
    // every action keeps the causes and whys it links to, and the rule joins them at read time.
    sql: `
CREATE TABLE root_cause_links (
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  a_cause_id TEXT REFERENCES causes(id) ON DELETE CASCADE,
  a_why_id TEXT REFERENCES whys(id) ON DELETE CASCADE,
  b_cause_id TEXT REFERENCES causes(id) ON DELETE CASCADE,
  b_why_id TEXT REFERENCES whys(id) ON DELETE CASCADE,
  same INTEGER NOT NULL CHECK (same IN (0,1)),
  created_at TEXT NOT NULL,
  CHECK ((a_cause_id IS NULL) <> (a_why_id IS NULL)),
  CHECK ((b_cause_id IS NULL) <> (b_why_id IS NULL))
);
CREATE UNIQUE INDEX root_cause_links_pair ON root_cause_links (case_id, ifnull(a_cause_id, ''), ifnull(a_why_id, ''), ifnull(b_cause_id, ''), ifnull(b_why_id, ''));
CREATE INDEX root_cause_links_a_cause ON root_cause_links (a_cause_id);
CREATE INDEX root_cause_links_a_why ON root_cause_links (a_why_id);
CREATE INDEX root_cause_links_b_cause ON root_cause_links (b_cause_id);
CREATE INDEX root_cause_links_b_why ON root_cause_links (b_why_id);
`,
  },
  {
    version: 4,
    name: 'case reference, notes and template; stop reason in words; technology and monitoring improvements',
    // Fields a real case needed: its own reference number and free notes; the template it was
    // started from (its prompts are shown as guidance, never stored as text: see below); a stop reason in
    // words beside its category. Improvements gain the technology and monitoring areas: SQLite
    // cannot change a CHECK in place, and nothing references improvements, so the table is rebuilt.
    sql: `
ALTER TABLE cases ADD COLUMN reference TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN template_id TEXT;

-- Cases made from a template before now hold its prompts as their text (where nobody replaced
-- them): they became the fishbone head, the 5-Whys question and report text. The template is
-- recorded and a field still exactly its prompt is emptied; the prompts are shown as guidance
-- again. The prompts are the ones shipped up to this migration, written out: it never changes.
UPDATE cases SET template_id = 'cross_department' WHERE template_id IS NULL AND (
  problem = '哪个需求或信息在部门之间丢失或被误传？涉及哪些部门（如销售、技术、客服）？
问题从何时开始，造成了多长时间的延误？'
  OR customer_experience = '客户提出了什么需求？客户实际得到了什么，何时发现两者不一致？'
  OR customer_impact = '对客户的影响（延误、返工、费用、信任）：'
  OR problem = 'Which requirement or piece of information was lost or distorted between departments? Which departments (e.g. sales, engineering, support)?
When did it start, and how long was the delay?'
  OR customer_experience = 'What did the customer ask for? What did they actually get, and when did they notice the gap?'
  OR customer_impact = 'Impact on the customer (delay, rework, cost, trust): ');
UPDATE cases SET template_id = 'contract_dispute' WHERE template_id IS NULL AND (
  problem = '争议涉及合同的哪一条款？双方对条款的理解分别是什么？
争议何时提出，目前处于什么阶段？'
  OR customer_experience = '客户认为自己应当得到什么？客户的原话是什么？'
  OR customer_impact = '对客户的影响（经济损失、业务中断、关系受损）：'
  OR problem = 'Which contract clause is disputed? How does each side read it?
When was the dispute raised, and where does it stand now?'
  OR customer_experience = 'What does the customer believe they are owed? In their own words?'
  OR customer_impact = 'Impact on the customer (financial loss, business interruption, relationship): ');
UPDATE cases SET template_id = 'emergency' WHERE template_id IS NULL AND (
  problem = '发生了什么（设备故障、质量事故、系统宕机）？何时发生、何时发现、影响范围多大？
采取了哪些临时措施？'
  OR customer_experience = '客户在事件中经历了什么？他们何时、通过什么渠道得知？'
  OR customer_impact = '对客户的影响（业务停顿时长、受影响客户数、损失）：'
  OR problem = 'What happened (equipment failure, quality incident, outage)? When did it start, when was it detected, how wide was the impact?
What containment was put in place?'
  OR customer_experience = 'What did customers go through during the incident? When and how were they told?'
  OR customer_impact = 'Impact on customers (downtime, number affected, losses): ');
UPDATE cases SET template_id = 'requirement_change' WHERE template_id IS NULL AND (
  problem = '客户的需求在何时、如何发生了变化？变更是否经过评估与确认？
变更对进度、成本和质量有什么影响？'
  OR customer_experience = '客户期望变更后得到什么？客户感受到的响应如何？'
  OR customer_impact = '对客户的影响（期望落差、交付延期、额外费用）：'
  OR problem = 'When and how did the customer''s requirement change? Was the change assessed and confirmed?
What did it do to schedule, cost and quality?'
  OR customer_experience = 'What did the customer expect after the change? How did our response feel to them?'
  OR customer_impact = 'Impact on the customer (expectation gap, late delivery, extra cost): ');
UPDATE cases SET template_id = 'service_delay' WHERE template_id IS NULL AND (
  problem = '在哪个接触点（咨询、交付、售后）发生了延误？承诺的时间与实际时间分别是多少？'
  OR customer_experience = '客户等待了多久？等待期间是否得到了进展通知？'
  OR customer_impact = '对客户的影响（投诉、退单、流失）：'
  OR problem = 'At which touchpoint (inquiry, delivery, after-sales) did the delay happen? What time was promised and what was delivered?'
  OR customer_experience = 'How long did the customer wait? Were they kept informed while waiting?'
  OR customer_impact = 'Impact on the customer (complaints, cancellations, churn): ');
UPDATE cases SET template_id = 'information_asymmetry' WHERE template_id IS NULL AND (
  problem = '客户缺少或误解了哪些信息？这些信息本应由谁、在何时提供？'
  OR customer_experience = '客户基于错误或缺失的信息做了什么决定？'
  OR customer_impact = '对客户的影响（误解、额外成本、信任下降）：'
  OR problem = 'What information did the customer lack or misunderstand? Who should have given it, and when?'
  OR customer_experience = 'What did the customer decide on the basis of missing or wrong information?'
  OR customer_impact = 'Impact on the customer (misunderstanding, extra cost, loss of trust): ');
UPDATE cases SET template_id = 'staff_attitude' WHERE template_id IS NULL AND (
  problem = '在哪个接触点、哪种情境下客户感到被怠慢？员工当时是否有权限解决问题？'
  OR customer_experience = '客户描述的经历是什么？客户的原话是什么？'
  OR customer_impact = '对客户的影响（情绪、投诉升级、口碑）：'
  OR problem = 'At which touchpoint and in what situation did the customer feel badly treated? Was the employee empowered to solve the problem?'
  OR customer_experience = 'How does the customer describe what happened? In their own words?'
  OR customer_impact = 'Impact on the customer (frustration, escalation, word of mouth): ');
UPDATE cases SET template_id = 'product_quality' WHERE template_id IS NULL AND (
  problem = '哪个产品或批次出现了什么缺陷？缺陷在哪个环节被发现，影响多少客户？'
  OR customer_experience = '客户在使用中遇到了什么？客户如何反馈给我们？'
  OR customer_impact = '对客户的影响（安全、损失、退换货）：'
  OR problem = 'Which product or batch has what defect? Where was it found, and how many customers are affected?'
  OR customer_experience = 'What did the customer run into when using it? How did they tell us?'
  OR customer_impact = 'Impact on the customer (safety, losses, returns): ');
UPDATE cases SET problem = '' WHERE problem IN (
  '哪个需求或信息在部门之间丢失或被误传？涉及哪些部门（如销售、技术、客服）？
问题从何时开始，造成了多长时间的延误？',
  'Which requirement or piece of information was lost or distorted between departments? Which departments (e.g. sales, engineering, support)?
When did it start, and how long was the delay?',
  '争议涉及合同的哪一条款？双方对条款的理解分别是什么？
争议何时提出，目前处于什么阶段？',
  'Which contract clause is disputed? How does each side read it?
When was the dispute raised, and where does it stand now?',
  '发生了什么（设备故障、质量事故、系统宕机）？何时发生、何时发现、影响范围多大？
采取了哪些临时措施？',
  'What happened (equipment failure, quality incident, outage)? When did it start, when was it detected, how wide was the impact?
What containment was put in place?',
  '客户的需求在何时、如何发生了变化？变更是否经过评估与确认？
变更对进度、成本和质量有什么影响？',
  'When and how did the customer''s requirement change? Was the change assessed and confirmed?
What did it do to schedule, cost and quality?',
  '在哪个接触点（咨询、交付、售后）发生了延误？承诺的时间与实际时间分别是多少？',
  'At which touchpoint (inquiry, delivery, after-sales) did the delay happen? What time was promised and what was delivered?',
  '客户缺少或误解了哪些信息？这些信息本应由谁、在何时提供？',
  'What information did the customer lack or misunderstand? Who should have given it, and when?',
  '在哪个接触点、哪种情境下客户感到被怠慢？员工当时是否有权限解决问题？',
  'At which touchpoint and in what situation did the customer feel badly treated? Was the employee empowered to solve the problem?',
  '哪个产品或批次出现了什么缺陷？缺陷在哪个环节被发现，影响多少客户？',
  'Which product or batch has what defect? Where was it found, and how many customers are affected?');
UPDATE cases SET customer_experience = '' WHERE customer_experience IN (
  '客户提出了什么需求？客户实际得到了什么，何时发现两者不一致？',
  'What did the customer ask for? What did they actually get, and when did they notice the gap?',
  '客户认为自己应当得到什么？客户的原话是什么？',
  'What does the customer believe they are owed? In their own words?',
  '客户在事件中经历了什么？他们何时、通过什么渠道得知？',
  'What did customers go through during the incident? When and how were they told?',
  '客户期望变更后得到什么？客户感受到的响应如何？',
  'What did the customer expect after the change? How did our response feel to them?',
  '客户等待了多久？等待期间是否得到了进展通知？',
  'How long did the customer wait? Were they kept informed while waiting?',
  '客户基于错误或缺失的信息做了什么决定？',
  'What did the customer decide on the basis of missing or wrong information?',
  '客户描述的经历是什么？客户的原话是什么？',
  'How does the customer describe what happened? In their own words?',
  '客户在使用中遇到了什么？客户如何反馈给我们？',
  'What did the customer run into when using it? How did they tell us?');
UPDATE cases SET customer_impact = '' WHERE customer_impact IN (
  '对客户的影响（延误、返工、费用、信任）：',
  'Impact on the customer (delay, rework, cost, trust): ',
  '对客户的影响（经济损失、业务中断、关系受损）：',
  'Impact on the customer (financial loss, business interruption, relationship): ',
  '对客户的影响（业务停顿时长、受影响客户数、损失）：',
  'Impact on customers (downtime, number affected, losses): ',
  '对客户的影响（期望落差、交付延期、额外费用）：',
  'Impact on the customer (expectation gap, late delivery, extra cost): ',
  '对客户的影响（投诉、退单、流失）：',
  'Impact on the customer (complaints, cancellations, churn): ',
  '对客户的影响（误解、额外成本、信任下降）：',
  'Impact on the customer (misunderstanding, extra cost, loss of trust): ',
  '对客户的影响（情绪、投诉升级、口碑）：',
  'Impact on the customer (frustration, escalation, word of mouth): ',
  '对客户的影响（安全、损失、退换货）：',
  'Impact on the customer (safety, losses, returns): ');

ALTER TABLE whys ADD COLUMN stop_note TEXT NOT NULL DEFAULT '';

-- An action may be blocked (started, waiting on someone outside the team). The status column's
-- CHECK cannot change without rebuilding actions and the three tables that reference it, so a
-- blocked action keeps status 'in_progress' (it is open: the overdue and closing checks count it)
-- and carries this flag.
ALTER TABLE actions ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1));

CREATE TABLE improvements_v4 (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  area TEXT NOT NULL CHECK (area IN ('process','training','authorisation','communication','technology','monitoring')),
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO improvements_v4 (id, case_id, position, area, text, created_at, updated_at)
  SELECT id, case_id, position, area, text, created_at, updated_at FROM improvements;
DROP TABLE improvements;
ALTER TABLE improvements_v4 RENAME TO improvements;
CREATE INDEX improvements_case ON improvements (case_id, position);
`,
  },
  {
    version: 5,
    name: 'remembered write operations',
    // Each write the app sends names an operation id. The reply of one that was applied is kept
    // here, so the same write sent again (its reply was lost when the host stopped) is answered,
    // not applied twice nor refused as stale. Old entries are pruned by age (see op-log.ts).
    sql: `
CREATE TABLE applied_ops (
  op_id TEXT PRIMARY KEY,
  method TEXT NOT NULL,
  result TEXT NOT NULL,
  applied_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX applied_ops_age ON applied_ops (applied_at);
`,
  },
  {
    version: 6,
    name: 'search index',
    // Every word of every case: one document per case field or item (a cause, a why, an action, a
    // lesson...), its text as written, and an FTS5 index over a segmented copy (words separated by
    // spaces: SQL cannot segment Chinese, so the rows are written by the backend, see
    // electron/backend/search/index.ts, which rebuilds them when search_meta says they are missing
    // or were built by another version). The FTS table is contentless: the text lives once, here.
    // A document goes with its case (cascade), and its index entry with it (trigger). A document's id
    // is its case's number times 2^20 plus a count (search_cases), so the index alone tells which
    // case a hit is in: counting hits and cases, and ranking cases, need no join.
    sql: `
CREATE TABLE search_cases (
  num INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL UNIQUE REFERENCES cases(id) ON DELETE CASCADE,
  next_doc INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE search_docs (
  id INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  part TEXT NOT NULL,
  item_id TEXT,
  analysis_id TEXT,
  action_id TEXT,
  text TEXT NOT NULL
);
CREATE INDEX search_docs_case ON search_docs (case_id);
CREATE VIRTUAL TABLE search_fts USING fts5(body, tokenize = 'porter unicode61', content = '', contentless_delete = 1);
CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row');
CREATE TRIGGER search_docs_gone AFTER DELETE ON search_docs BEGIN
  DELETE FROM search_fts WHERE rowid = old.id;
END;
CREATE TABLE search_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`,
  },
  {
    version: 7,
    name: 'customer needs and KANO answers',
    // Step 1's customer needs (换位思考), each classified by KANO directly (kano) or through answer
    // pairs (kano_answers, read with the evaluation table of shared/domain/kano.ts), and whether the
    // case met it: an incident usually failed the need, so a need is not met unless said so.
    sql: `
CREATE TABLE customer_needs (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  kano TEXT CHECK (kano IN ('A','O','M','I','R','Q')),
  met INTEGER NOT NULL DEFAULT 0 CHECK (met IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX customer_needs_case ON customer_needs (case_id, position);

CREATE TABLE kano_answers (
  id TEXT PRIMARY KEY,
  need_id TEXT NOT NULL REFERENCES customer_needs(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  functional TEXT NOT NULL CHECK (functional IN ('like','expect','neutral','live_with','dislike')),
  dysfunctional TEXT NOT NULL CHECK (dysfunctional IN ('like','expect','neutral','live_with','dislike')),
  respondent TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX kano_answers_need ON kano_answers (need_id, position);
`,
  },
  {
    version: 8,
    name: 'insights: touchpoint emotion scores',
    // How customers feel at a touchpoint (-3..3), as the team scores it on the insights journey view:
    // for every journey (journey '') or for one. Kept per library, one row per journey and touchpoint.
    // The indexes let the insights figures (electron/backend/insights/) read the cases and their root
    // causes from indexes alone: the case fields the figures use, and partial indexes holding only the
    // root causes (a small share of all causes and whys) with the columns read, so the rows with their
    // long texts are never visited.
    sql: `
CREATE TABLE touchpoint_emotions (
  journey TEXT NOT NULL DEFAULT '',
  touchpoint TEXT NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN -3 AND 3),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (journey, touchpoint)
) WITHOUT ROWID;
CREATE INDEX cases_insights ON cases (deleted_at, id, severity, department, scenario_type, mot_failure, touchpoint, occurred_at, created_at, detected_at, resolved_at, step, status, title);
CREATE INDEX causes_root ON causes (case_id, category_id, position, id, status, servqual, touchpoint, created_at, text) WHERE is_root_cause = 1;
CREATE INDEX whys_root ON whys (analysis_id, position, id, status, created_at, answer) WHERE is_root_cause = 1;
`,
  },
  {
    version: 9,
    name: 'retrospective sessions',
    // A team session run on the room's screen (shared/domain/retro.ts). The live session is held in
    // memory; its row is written when it starts and its summary (JSON checked by RetroSummary on
    // every read) when it closes. A row without a summary is a session that never closed (the app
    // stopped). Sessions go with their case.
    sql: `
CREATE TABLE retro_sessions (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  started_at TEXT NOT NULL,
  closed_at TEXT,
  summary TEXT
);
CREATE INDEX retro_sessions_case ON retro_sessions (case_id, started_at);
`,
  },
  {
    version: 10,
    name: 'insights: which cases changed',
    // Every write to what the insights figures and the KANO chart read moves its case's row here to
    // the next sequence number, whoever writes (this app, the command line, another window, a raw
    // SQL tool): the figures kept in memory read again only the cases changed since the number they
    // last saw, instead of every case after any other connection's write.
    sql: caseChangesSql(),
  },
  {
    version: 11,
    name: 'cases in date order',
    // Search sorted by date (electron/backend/search/query.ts) reads the cases newest first, by the
    // date it sorts on (when a case happened, or when it was recorded if that is unknown), and
    // stops once its page is filled: without this index every search sorted all the cases first.
    sql: `
CREATE INDEX cases_by_date ON cases (deleted_at, coalesce(occurred_at, created_at) DESC, id);
`,
  },
  {
    version: 12,
    name: 'insights: a log of changed cases',
    sql: changeLogSql(),
  },
];

export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;

export function checksum(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}

