import { describe, expect, it } from 'vitest';
import { MIGRATIONS, type Migration } from '../../electron/backend/migrations';
import { defaultActionFields } from '../../shared/domain/plan';
import { defaultWhyFields } from '../../shared/domain/whys';
import type { SearchHit, SearchPart } from '../../shared/domain/search';
import { indexMatch, matchExpression, queryWords } from '../../electron/backend/search/query';
import { cachedPrepare } from '../../electron/backend/sql';
import { useBackend, withConnection, type Backend } from '../support/backend';

const { start } = useBackend();

/** The sample cases in both languages, then a marker word written into every part of one Chinese
 *  and one English case through the same writes the app makes. */
function seed(b: Backend) {
  b.ok('demo:load', { language: 'zh-CN' });
  b.ok('demo:load', { language: 'en' });
  const items = b.library.repo.list({ search: '', sort: 'updated_desc', offset: 0, limit: 100, trashed: false } as never).items;
  const zh = items.find((c) => /[\u4e00-\u9fff]/u.test(c.title))!.id;
  const en = items.find((c) => !/[\u4e00-\u9fff]/u.test(c.title))!.id;
  return { zh, en, all: items.map((c) => c.id) };
}

const q = (b: Backend, query: string, extra: Record<string, unknown> = {}) => b.ok('search:query', { q: query, ...extra });
const casesOf = (hits: SearchHit[]) => [...new Set(hits.map((h) => h.caseId))].sort();
const partsOf = (hits: SearchHit[]) => [...new Set(hits.map((h) => h.part))].sort();
const marked = (h: SearchHit) => h.snippet.map((s) => (s.hit ? `[${s.text}]` : s.text)).join('');

function writeMarkers(b: Backend, caseId: string, m: Record<SearchPart, string>) {
  const lib = b.library;
  const c = lib.repo.getCase(caseId);
  lib.repo.update(caseId, c.revision, {
    title: `${c.title} ${m.title}`,
    problem: `${c.problem} ${m.problem}`,
    customerExperience: `${m.customerExperience}`,
    customerImpact: `${m.customerImpact}`,
    summary: m.summary,
    notes: m.notes,
    tags: [...c.tags, m.tags],
    department: m.department,
    location: m.location,
  });
  const event = lib.repo.timeline(caseId)[0]!;
  lib.repo.updateEvent(event.id, { description: `${event.description} ${m.timeline}` });
  const fishbone = lib.fishbones.get(caseId).fishbone!;
  const cause = fishbone.categories.find((k) => k.causes.length > 0)!.causes[0]!;
  lib.fishbones.apply(caseId, { type: 'updateCause', id: cause.id, patch: { evidence: m.cause } });
  const analysis = lib.whys.get(caseId).analyses[0]!;
  lib.whys.apply(caseId, { type: 'updateWhy', id: analysis.whys[0]!.id, patch: { evidence: m.why } });
  const plan = lib.plans.get(caseId).plan;
  const action = plan.actions[0]!;
  lib.plans.apply(caseId, { type: 'updateAction', id: action.id, patch: { description: m.action } });
  lib.plans.apply(caseId, { type: 'addProgress', actionId: action.id, index: 0, note: { id: crypto.randomUUID(), at: '2026-11-02T09:00:00.000Z', note: m.progress } });
  lib.plans.apply(caseId, {
    type: 'addCheck',
    actionId: action.id,
    index: 0,
    check: { id: crypto.randomUUID(), result: 'partly', evidence: m.check, checkedAt: '2026-11-20T09:00:00.000Z', checkedBy: 'QA' },
  });
  lib.plans.apply(caseId, { type: 'addFeedback', index: 0, feedback: { id: crypto.randomUUID(), at: null, note: m.feedback } });
  lib.plans.apply(caseId, { type: 'updateLesson', id: plan.lessons[0]!.id, patch: { text: m.lesson } });
  lib.plans.apply(caseId, { type: 'updateImprovement', id: plan.improvements[0]!.id, patch: { text: m.improvement } });
  lib.needs.apply(caseId, { type: 'addNeed', index: 0, need: { id: crypto.randomUUID(), text: m.need, kano: 'M', met: false, answers: [] } });
  return { cause: cause.id, analysis: analysis.id, why: analysis.whys[0]!.id, action: action.id };
}

const ZH: Record<SearchPart, string> = {
  title: '冻结期',
  problem: '蓝鲸系统宕机',
  customerExperience: '旅客滞留在登机口',
  customerImpact: '索赔金额上升',
  summary: '鸵鸟结论明确',
  notes: '备注葡萄',
  tags: '樱桃标签',
  department: '西瓜事业部',
  location: '杭州萧山仓库',
  timeline: '凌晨回滚失败',
  cause: '证据显示菠萝脚本',
  why: '证据芒果日志',
  action: '开发柠檬开关',
  progress: '已完成榴莲演练',
  check: '抽查椰子报表',
  feedback: '客户表扬荔枝服务',
  lesson: '提前演练山竹预案',
  improvement: '建立石榴制度',
  need: '希望火龙果当天送达',
};
const EN: Record<SearchPart, string> = {
  title: 'walrus',
  problem: 'quokka outage of the backups',
  customerExperience: 'stranded narwhal travellers',
  customerImpact: 'refunds for pelican orders',
  summary: 'conclusion about flamingos',
  notes: 'note on armadillo',
  tags: 'ocelot',
  department: 'Platypus Operations',
  location: 'Wombat Harbour depot',
  timeline: 'rollback of the gecko release',
  cause: 'evidence: iguana scripts',
  why: 'evidence: marmot logs',
  action: 'build a toucan switch',
  progress: 'finished the lemur drill',
  check: 'sampled jackal reports',
  feedback: 'customer praised the meerkat service',
  lesson: 'rehearse the koala plan early',
  improvement: 'set up a mongoose standard',
  need: 'a capybara call back the same day',
};

describe('search:query', () => {
  it('finds a word written in every part of a case, in both languages, and says which part and item', () => {
    const b = start();
    const { zh, en } = seed(b);
    const zhIds = writeMarkers(b, zh, ZH);
    const enIds = writeMarkers(b, en, EN);
    const queries: [string, string, SearchPart][] = [
      ['冻结', zh, 'title'], // a 2-character word inside 冻结期
      ['宕机', zh, 'problem'],
      ['滞留', zh, 'customerExperience'],
      ['索赔', zh, 'customerImpact'],
      ['鸵鸟', zh, 'summary'],
      ['葡萄', zh, 'notes'],
      ['樱桃', zh, 'tags'],
      ['西瓜', zh, 'department'],
      ['萧山', zh, 'location'],
      ['回滚', zh, 'timeline'],
      ['菠萝', zh, 'cause'],
      ['芒果', zh, 'why'],
      ['柠檬', zh, 'action'],
      ['榴莲', zh, 'progress'],
      ['椰子', zh, 'check'],
      ['荔枝', zh, 'feedback'],
      ['山竹', zh, 'lesson'],
      ['石榴', zh, 'improvement'],
      ['火龙果', zh, 'need'],
      ['walrus', en, 'title'],
      ['quokka', en, 'problem'],
      ['narwhal', en, 'customerExperience'],
      ['pelican', en, 'customerImpact'],
      ['flamingo', en, 'summary'], // singular finds the plural
      ['armadillo', en, 'notes'],
      ['ocelot', en, 'tags'],
      ['platypus', en, 'department'],
      ['wombat', en, 'location'],
      ['gecko', en, 'timeline'],
      ['iguana', en, 'cause'],
      ['marmot', en, 'why'],
      ['toucan', en, 'action'],
      ['lemurs', en, 'progress'], // the plural finds the singular
      ['jackal', en, 'check'],
      ['meerkat', en, 'feedback'],
      ['koala', en, 'lesson'],
      ['mongoose', en, 'improvement'],
      ['capybara', en, 'need'],
    ];
    for (const [word, caseId, part] of queries) {
      const r = q(b, word);
      expect({ word, cases: casesOf(r.hits), parts: partsOf(r.hits) }).toEqual({ word, cases: [caseId], parts: [part] });
      expect(r.total).toBe(r.hits.length);
      expect(r.cases).toBe(1);
      expect(r.hits[0]!.snippet.some((s) => s.hit)).toBe(true);
    }
    // Where a click leads.
    expect(q(b, '菠萝').hits[0]).toMatchObject({ part: 'cause', itemId: zhIds.cause, analysisId: null });
    expect(q(b, '芒果').hits[0]).toMatchObject({ part: 'why', itemId: zhIds.why, analysisId: zhIds.analysis });
    expect(q(b, 'toucan').hits[0]).toMatchObject({ part: 'action', itemId: enIds.action });
    expect(q(b, 'lemur').hits[0]).toMatchObject({ part: 'progress', actionId: enIds.action });
    // Snippets: hits marked, no space put between Chinese characters.
    expect(marked(q(b, '回滚').hits[0]!)).toContain('凌晨[回滚]失败');
    expect(marked(q(b, 'backup').hits[0]!)).toContain('[backups]');
  });

  it('ANDs words that are not adjacent, matches prefixes, and reads FTS syntax and hostile text as plain words', () => {
    const b = start();
    const { zh, en } = seed(b);
    writeMarkers(b, zh, ZH);
    writeMarkers(b, en, EN);
    expect(casesOf(q(b, 'outage quokka').hits)).toEqual([en]);
    expect(casesOf(q(b, 'quok').hits)).toEqual([en]);
    expect(casesOf(q(b, '蓝鲸 宕机').hits)).toEqual([zh]);
    expect(q(b, 'quokka walrus').total).toBe(0); // in two different parts: no single place has both
    for (const hostile of ['"', '"quokka', 'quokka"', 'NEAR(quokka walrus)', 'quokka*', '-quokka', 'title:quokka', 'quokka AND', 'OR', '*', '^quokka', "quokka'); DROP TABLE cases; --", '\\', '%', '_']) {
      const r = q(b, hostile);
      expect(Array.isArray(r.hits)).toBe(true);
      // Syntax around the one word is plain text: the word is still found.
      if (/^[^\p{L}]*quokka[^\p{L}]*$/u.test(hostile)) expect({ hostile, cases: casesOf(r.hits) }).toEqual({ hostile, cases: [en] });
    }
    // The words of an operator are words, looked for as any other: no place says these beside quokka.
    expect(q(b, "quokka'); DROP TABLE cases; --").total).toBe(0);
    expect(q(b, 'quokka').total).toBe(1);
    // Punctuation alone is looked for as written.
    expect(q(b, '%').hits.every((h) => marked(h).includes('[%]'))).toBe(true);
    // One Chinese character is looked for in the text.
    expect(casesOf(q(b, '鲸').hits)).toEqual([zh]);
    expect(q(b, '   ').total).toBe(0);
  });

  it('finds every word a Chinese prefix starts, as the index\u2019s own prefix search does, written out or not', () => {
    const b = start();
    seed(b);
    const make = (title: string, problem: string) => {
      const id = b.ok('cases:create', { language: 'zh-CN', title }).case.id;
      b.library.repo.update(id, b.library.repo.getCase(id).revision, { problem });
      return id;
    };
    const plain = make('物流延误', '包装缺陷导致退货');
    const longer = make('物流配送中断', '包装缺陷率上升');
    const other = make('物流园区停电', '仓库包装破损');
    // More longer words than a phrase lists: the index's prefix search.
    const many = ['中国银行', '中国移动', '中国电信', '中国政府', '中国队', '中国式', '中国化', '中国共产党', '中国石油', '中国科学院'].map((name) => make(`${name}投诉`, `${name}线路`));
    const db = (b.library as unknown as { state: { db: import('better-sqlite3').Database } }).state.db;
    const stmt = cachedPrepare(db as never);
    const rowids = (match: string) => db.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid').pluck().all(match);
    for (const typed of ['物流', '物流 包装', '包装缺陷', '中国', '中国 线路', '物流 parcel', 'deliv', '不存在的词']) {
      const words = queryWords(typed);
      expect({ typed, rowids: rowids(indexMatch(stmt, words)) }).toEqual({ typed, rowids: rowids(matchExpression(words)) });
    }
    expect(indexMatch(stmt, queryWords('物流'))).toMatch(/^\("物流" OR "物流/u);
    expect(indexMatch(stmt, queryWords('中国'))).toBe('"中国"*');
    expect(casesOf(q(b, '物流', { limit: 100 }).hits)).toEqual(expect.arrayContaining([plain, longer, other]));
    const packaging = casesOf(q(b, '包装缺陷', { limit: 100 }).hits);
    expect(packaging).toEqual(expect.arrayContaining([plain, longer]));
    expect(packaging).not.toContain(other);
    expect(q(b, '中国').cases).toBe(many.length);
  });

  it('filters, excludes trashed cases, sorts by relevance or date, and pages', () => {
    const b = start();
    const { zh, en } = seed(b);
    writeMarkers(b, zh, ZH);
    writeMarkers(b, en, EN);
    expect(casesOf(q(b, 'ocelot', { tag: 'OCELOT' }).hits)).toEqual([en]);
    expect(q(b, 'ocelot', { tag: 'zzz' }).total).toBe(0);
    expect(casesOf(q(b, 'quokka', { department: 'platypus operations' }).hits)).toEqual([en]);
    expect(q(b, 'quokka', { department: 'Sales' }).total).toBe(0);
    const enCase = b.library.repo.getCase(en);
    expect(q(b, 'quokka', { severity: enCase.severity }).total).toBe(1);
    expect(q(b, 'quokka', { severity: enCase.severity === 'low' ? 'high' : 'low' }).total).toBe(0);
    expect(q(b, 'quokka', { scenarioType: enCase.scenarioType, motFailure: enCase.motFailure, step: enCase.step, status: enCase.status }).total).toBe(1);
    const day = (enCase.occurredAt ?? enCase.createdAt).slice(0, 10);
    expect(q(b, 'quokka', { from: `${day}T00:00:00.000Z`, to: `${day}T23:59:59.999Z` }).total).toBe(1);
    expect(q(b, 'quokka', { from: '2099-01-01T00:00:00.000Z' }).total).toBe(0);
    // A word in several cases: both sorts give every hit, date newest first.
    const all = q(b, 'customer', { limit: 100 });
    expect(all.cases).toBeGreaterThan(1);
    const byDate = q(b, 'customer', { sort: 'date', limit: 100 });
    expect(byDate.total).toBe(all.total);
    const dates = byDate.hits.map((h) => h.occurredAt ?? '');
    expect([...dates].sort().reverse()).toEqual(dates);
    const page2 = q(b, 'customer', { offset: 2, limit: 2 });
    expect(page2.hits.map((h) => [h.caseId, h.part, h.itemId])).toEqual(all.hits.slice(2, 4).map((h) => [h.caseId, h.part, h.itemId]));
    // Trash and restore.
    b.library.repo.trash(en);
    expect(q(b, 'quokka').total).toBe(0);
    b.library.repo.restore(en);
    expect(casesOf(q(b, 'quokka').hits)).toEqual([en]);
    b.library.repo.trash(en);
    b.library.repo.emptyTrash();
    expect(q(b, 'quokka').total).toBe(0);
    expect(withConnection(b.library.dbPath, (db) => db.prepare('SELECT count(*) FROM search_docs WHERE case_id = ?').pluck().get(en))).toBe(0);
  });

  it('keeps no case of the trash in the index: trashing takes its documents out, restoring puts them back, an older index is rebuilt without them', () => {
    const b = start();
    const { zh, en } = seed(b);
    writeMarkers(b, en, EN);
    const docsOf = (id: string) => withConnection(b.library.dbPath, (db) => db.prepare('SELECT count(*) FROM search_docs WHERE case_id = ?').pluck().get(id));
    const indexed = docsOf(en);
    expect(indexed).toBeGreaterThan(10);
    b.library.repo.trash(en);
    expect(docsOf(en)).toBe(0);
    expect(q(b, 'walrus').total).toBe(0);
    b.library.repo.restore(en);
    expect(docsOf(en)).toBe(indexed);
    expect(casesOf(q(b, 'walrus').hits)).toEqual([en]);
    expect(q(b, 'walrus', { tag: 'ocelot' }).total).toBe(1);
    // An index written by the builder before this one held trashed cases: it is built again.
    b.library.repo.trash(zh);
    const path = b.library.dbPath;
    const zhDocs = (db: { prepare: (sql: string) => { pluck: () => { get: (id: string) => unknown } } }) => db.prepare('SELECT count(*) FROM search_docs WHERE case_id = ?').pluck().get(zh);
    b.library.close();
    withConnection(path, (db) => {
      db.prepare(`INSERT INTO search_docs (id, case_id, part, text) VALUES (?, ?, 'notes', '冻结期')`).run(2 ** 40, zh);
      db.prepare(`INSERT INTO search_fts (rowid, body) VALUES (?, '冻结期')`).run(2 ** 40);
      db.prepare(`UPDATE search_meta SET value = '1' WHERE key = 'builder'`).run();
      expect(zhDocs(db)).toBe(1);
    });
    const again = start({ path });
    expect(withConnection(path, zhDocs)).toBe(0);
    expect(q(again, '冻结期').total).toBe(0);
    expect(casesOf(q(again, 'walrus').hits)).toEqual([en]);
  });

  it('follows every kind of write: an edit replaces the old words, a removal takes them away', () => {
    const b = start();
    const { zh } = seed(b);
    const ids = writeMarkers(b, zh, ZH);
    const lib = b.library;
    lib.fishbones.apply(zh, { type: 'updateCause', id: ids.cause, patch: { evidence: '新的凤梨证据' } });
    expect(q(b, '菠萝').total).toBe(0);
    expect(casesOf(q(b, '凤梨').hits)).toEqual([zh]);
    lib.fishbones.apply(zh, { type: 'removeCause', id: ids.cause });
    expect(q(b, '凤梨').total).toBe(0);
    lib.plans.apply(zh, { type: 'removeAction', id: ids.action });
    expect(q(b, '柠檬').total + q(b, '榴莲').total + q(b, '椰子').total).toBe(0);
    const event = lib.repo.timeline(zh)[0]!;
    lib.repo.removeEvent(event.id);
    expect(q(b, '回滚').total).toBe(0);
    const added = lib.repo.addEvent(zh, { at: null, description: '夜间扩容', kind: 'other' } as never);
    expect(q(b, '扩容').hits[0]).toMatchObject({ caseId: zh, part: 'timeline', itemId: added.event.id });
    const c = lib.repo.getCase(zh);
    // Indexing reads through the repositories' shared statements and leaves them as they were.
    expect(c.tags).toContain('樱桃标签');
    lib.repo.update(zh, c.revision, { tags: [] });
    expect(q(b, '樱桃').total).toBe(0);
  });

  it('indexes, when opened, a library written before the index existed', () => {
    const b = start();
    const { zh, en } = seed(b);
    writeMarkers(b, zh, ZH);
    writeMarkers(b, en, EN);
    const path = b.library.dbPath;
    b.library.close();
    // As migration 6 leaves a library written before it: tables there, no rows, no builder recorded.
    withConnection(path, (db) => db.exec(`DELETE FROM search_docs; INSERT INTO search_fts (search_fts) VALUES ('delete-all'); DELETE FROM search_meta;`));
    const again = start({ path });
    expect(casesOf(q(again, '菠萝').hits)).toEqual([zh]);
    expect(casesOf(q(again, 'lemur').hits)).toEqual([en]);
  });

  it('upgrades a schema-5 library and indexes it', () => {
    const shipped = [...MIGRATIONS];
    try {
      (MIGRATIONS as Migration[]).length = shipped.filter((m) => m.version <= 5).length;
      const old = start();
      // Written as that build would: a case and a 5-Whys answer (the sample cases of today's build
      // carry customer needs, which came with migration 7).
      const en = old.ok('cases:create', { language: 'en', title: 'Backups failed overnight' }).case.id;
      const why = { id: crypto.randomUUID(), ...defaultWhyFields('The job ran out of disk'), evidence: EN.why, children: [] };
      old.ok('whys:apply', { caseId: en, command: { type: 'addAnalysis', index: 0, analysis: { id: crypto.randomUUID(), startCauseId: null, question: '', direction: 'LR', whys: [why] } } });
      const path = old.library.dbPath;
      old.library.close();
      (MIGRATIONS as Migration[]).splice(0, MIGRATIONS.length, ...shipped);
      const now = start({ path });
      expect(casesOf(q(now, 'marmot').hits)).toEqual([en]);
    } finally {
      (MIGRATIONS as Migration[]).splice(0, MIGRATIONS.length, ...shipped);
    }
  });
});

describe('search:similar and lessons:list', () => {
  it('ranks the same incident in the other language and cases sharing fields first, with reasons, root causes, actions and lessons', () => {
    const b = start();
    const { all } = seed(b);
    const target = all[0]!;
    const me = b.library.repo.getCase(target);
    const similar = b.ok('search:similar', { caseId: target, limit: 5 });
    expect(similar.length).toBeGreaterThan(0);
    expect(similar.map((s) => s.caseId)).not.toContain(target);
    const scores = similar.map((s) => s.score);
    expect([...scores].sort((a, c) => c - a)).toEqual(scores);
    // The sample of the other language is the same incident: same scenario, MOT failure and touchpoint.
    const twin = similar.find((s) => {
      const c = b.library.repo.getCase(s.caseId);
      return c.scenarioType === me.scenarioType && c.motFailure === me.motFailure;
    })!;
    expect(twin).toBeDefined();
    expect(twin.reasons.map((r) => r.kind)).toEqual(expect.arrayContaining(['scenarioType', 'motFailure']));
    expect(twin.rootCauses.length).toBeGreaterThan(0);
    expect(twin.actions.length).toBeGreaterThan(0);
    expect(twin.lessons.length).toBeGreaterThan(0);
    expect(similar[0]!.reasons.length).toBeGreaterThan(0);
    expect(b.fail('search:similar', { caseId: crypto.randomUUID() }).code).toBe('not_found');
  });

  it('finds for each sample case its translation and no unrelated sample that merely shares a few words', () => {
    const b = start();
    const { all } = seed(b);
    const cases = all.map((id) => b.library.repo.getCase(id));
    for (const me of cases) {
      // The same incident in the other language: its fields are the same.
      const twin = cases.find((c) => c.id !== me.id && c.scenarioType === me.scenarioType && c.motFailure === me.motFailure && c.touchpoint === me.touchpoint)!;
      expect(twin).toBeDefined();
      const similar = b.ok('search:similar', { caseId: me.id, limit: 5 });
      expect(similar.map((s) => s.title), me.title).toEqual([twin.title]);
    }
  });

  it('prefers shared key terms and fields, and a case whose action was verified effective', () => {
    const b = start();
    seed(b);
    const lib = b.library;
    const make = (title: string) => b.ok('cases:create', { language: 'zh-CN', title }).case.id;
    const setFields = (id: string, patch: Record<string, unknown>) => lib.repo.update(id, lib.repo.getCase(id).revision, patch as never);
    const target = make('冷库断电导致生鲜变质');
    setFields(target, { problem: '夜间冷库压缩机断电，温控告警没有人接收，整批冷链生鲜变质。', scenarioType: 'emergency', motFailure: 'information_asymmetry' });
    const worked = make('冷链运输途中温控失效');
    setFields(worked, { problem: '冷链车辆温控告警没有人接收，压缩机故障两小时。', scenarioType: 'other', motFailure: 'other' });
    const unverified = make('冷链仓库温控告警被忽略');
    setFields(unverified, { problem: '冷链仓库温控告警没有人接收，压缩机停机。', scenarioType: 'other', motFailure: 'other' });
    const fieldsOnly = make('门店收银排队过长');
    setFields(fieldsOnly, { problem: '周末收银台只开两个。', scenarioType: 'emergency', motFailure: 'information_asymmetry' });
    const unrelated = make('发票抬头错误');
    setFields(unrelated, { problem: '财务系统模板过期。', scenarioType: 'other', motFailure: 'other' });
    const actionId = crypto.randomUUID();
    lib.plans.apply(worked, { type: 'addAction', index: 0, action: { ...defaultActionFields('温控告警接入值班电话'), id: actionId, status: 'verified', progress: [], checks: [] } });
    lib.plans.apply(worked, {
      type: 'addCheck',
      actionId,
      index: 0,
      check: { id: crypto.randomUUID(), result: 'effective', evidence: '三个月无告警漏接', checkedAt: '2026-11-20T09:00:00.000Z', checkedBy: 'QA' },
    });
    const similar = b.ok('search:similar', { caseId: target, limit: 10 });
    const ids = similar.map((s) => s.caseId);
    expect(ids.indexOf(worked)).toBe(0);
    expect(ids.indexOf(unverified)).toBeGreaterThan(0);
    expect(ids).toContain(fieldsOnly);
    expect(ids).not.toContain(unrelated);
    expect(ids).not.toContain(target);
    const first = similar[0]!;
    const terms = first.reasons.find((r) => r.kind === 'terms');
    expect(terms && terms.kind === 'terms' ? terms.terms : []).toEqual(expect.arrayContaining(['冷链', '温控']));
    expect(first.reasons).toContainEqual({ kind: 'verifiedEffective', actions: 1 });
    expect(first.actions).toEqual([{ id: actionId, title: '温控告警接入值班电话', kind: 'corrective', verifiedEffective: true }]);
    expect(similar.find((s) => s.caseId === fieldsOnly)!.reasons).toEqual(
      expect.arrayContaining([
        { kind: 'scenarioType', value: 'emergency' },
        { kind: 'motFailure', value: 'information_asymmetry' },
      ]),
    );
  });

  it('lists every lesson and improvement, filtered by kind and where it applies, trashed cases left out', () => {
    const b = start();
    const { all, en } = seed(b);
    const every = b.ok('lessons:list', { limit: 200 });
    const counts = all.map((id) => b.library.plans.get(id).plan).reduce((n, p) => n + p.lessons.length + p.improvements.length, 0);
    expect(every.total).toBe(counts);
    const wrong = b.ok('lessons:list', { kind: 'went_wrong', limit: 200 });
    expect(wrong.items.every((i) => i.lesson?.kind === 'went_wrong')).toBe(true);
    expect(wrong.total).toBe(all.flatMap((id) => b.library.plans.get(id).plan.lessons).filter((l) => l.kind === 'went_wrong').length);
    const improvements = b.ok('lessons:list', { kind: 'improvement', limit: 200 });
    expect(improvements.items.every((i) => i.improvement && !i.lesson)).toBe(true);
    const enCase = b.library.repo.getCase(en);
    const byScenario = b.ok('lessons:list', { scenarioType: enCase.scenarioType, limit: 200 });
    expect(byScenario.items.map((i) => i.caseId)).toContain(en);
    b.library.repo.trash(en);
    expect(b.ok('lessons:list', { limit: 200 }).items.map((i) => i.caseId)).not.toContain(en);
  });
});
