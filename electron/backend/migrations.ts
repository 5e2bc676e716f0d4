import { createHash } from 'node:crypto';

export interface Migration {
  version: number;
  name: string;
  sql: string;
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
    version: 4,
    name: 'case reference, notes and template; stop reason in words; technology and monitoring improvements',
    // Fields a real case needed: its own reference number and free notes; the template it was
    // started from (its prompts are shown as guidance, never stored as text); a stop reason in
    // words beside its category. Improvements gain the technology and monitoring areas: SQLite
    // cannot change a CHECK in place, and nothing references improvements, so the table is rebuilt.
    sql: `
ALTER TABLE cases ADD COLUMN reference TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN template_id TEXT;

ALTER TABLE whys ADD COLUMN stop_note TEXT NOT NULL DEFAULT '';

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
];

export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;

export function checksum(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}
