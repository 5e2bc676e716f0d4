import { defaultCaseFields, type CaseRecord, type TimelineEvent } from '../../shared/domain/case';
import { defaultCauseFields, type Cause, type Fishbone } from '../../shared/domain/fishbone';
import { defaultActionFields, type Action, type CasePlan, type RootCauseRef } from '../../shared/domain/plan';
import { ACTION_KINDS, ACTION_STATUSES, EFFECTIVENESS, IMPROVEMENT_AREAS, LESSON_KINDS, LEVELS } from '../../shared/domain/vocabulary';
import { defaultWhyFields, type Why, type WhyAnalysis } from '../../shared/domain/whys';
import type { Language } from '../../shared/i18n/languages';
import type { CaseSnapshot } from '../../shared/report/snapshot';
import { generatedFishbone, seeded, sampleText } from './fishbones';
import { generatedWhys } from './whys';

/** Case snapshots for the report tests and benchmark: a complete case in both languages, a
 *  "hostile" case whose every text is an injection payload, and a large generated case. */

export const GENERATED_AT = '2026-12-01T09:30:00.000Z';

/** Deterministic UUIDs: `id('c', 3)` → 00000000-0000-4000-8000-0c0000000003 (the letter keeps
 *  the kinds apart). */
export const id = (kind: string, n: number) => `00000000-0000-4000-8000-${kind.charCodeAt(0).toString(16).padStart(2, '0')}${String(n).padStart(10, '0')}`;

const CASE_ID = id('k', 1);

interface Texts {
  title: string;
  problem: string;
  experience: string;
  impact: string;
  location: string;
  department: string;
  reporter: string;
  facilitator: string;
  participants: string[];
  tags: string[];
  summary: string;
  events: string[];
  effect: string;
  categories: string[];
  causes: Record<'tempStaff' | 'authority' | 'refundApproval' | 'forecast' | 'lastYear' | 'wms' | 'syncInfo', string>;
  evidence: Record<'tempStaff' | 'forecast' | 'syncInfo' | 'template', string>;
  question2: string;
  whys: Record<'avg' | 'template' | 'marketing' | 'meeting' | 'push' | 'nightly', string>;
  actions: Array<{ title: string; owner: string; description: string; expectedEffect: string; cancelReason?: string }>;
  progress: string[];
  checks: string[];
  feedback: string[];
  lessons: string[];
  lessonDepartment: string;
  improvements: string[];
}

const TEXTS: Record<Language, Texts> = {
  en: {
    title: 'Singles’ Day order surge delayed deliveries',
    problem:
      'On the first day of the promotion orders reached eight times a normal day. About 12,000 orders missed the promised 48-hour dispatch.\n\nSome orders were more than five days late.',
    experience: 'Customers saw no tracking information for days; the hotline queue passed 30 minutes.',
    impact: 'Complaints rose by 420%; about 1,800 orders were cancelled.',
    location: 'East China warehouse',
    department: 'E-commerce operations',
    reporter: 'Min Wang (service lead)',
    facilitator: 'Qiang Li (quality manager)',
    participants: ['Min Wang', 'Qiang Li', 'Lei Zhao', 'Jing Chen'],
    tags: ['promotion', 'logistics'],
    summary: 'The surge was foreseeable; the forecast and the hand-offs between marketing, warehouse and service failed.\n\nThe containment worked within four days.',
    events: ['Promotion starts; two hours bring a normal day of orders', 'Service sees “not shipped” complaints pile up', 'Escalated to the operations director; task force set up', 'Apology message and a coupon sent to affected customers'],
    effect: 'Deliveries were late during the promotion',
    categories: ['People', 'Process', 'Systems', 'Communication'],
    causes: {
      tempStaff: 'Temporary pickers were not trained',
      authority: 'Agents could not decide on compensation',
      refundApproval: 'Every refund needed a supervisor',
      forecast: 'The promotion forecast was far too low',
      lastYear: 'Last year’s peak was not used',
      wms: 'The warehouse system slowed down at peak',
      syncInfo: 'Carrier status did not reach the service team',
    },
    evidence: {
      tempStaff: 'Pick error rate 6% vs 0.5% normally',
      forecast: 'Forecast 3x, actual 8x',
      syncInfo: 'Ticket log: agents had no tracking data',
      template: 'The template has no promotion column',
    },
    question2: 'Why did customers get no tracking updates?',
    whys: {
      avg: 'Because the forecast used a normal-week average',
      template: 'Because the planning template has no promotion factor',
      marketing: 'Because marketing did not share the campaign size',
      meeting: 'Because there is no cross-department meeting before campaigns',
      push: 'Because carrier status was not pushed to the app',
      nightly: 'Because the carrier integration runs only nightly',
    },
    actions: [
      { title: 'Temporary sorting process and two extra carriers', owner: 'Lei Zhao', description: 'Open a second sorting line.', expectedEffect: 'Backlog cleared within four days.' },
      { title: 'Add a promotion factor to the forecast template', owner: 'Jing Chen', description: '', expectedEffect: 'Forecast within 20% of actual volume.' },
      { title: 'Train temporary staff before each campaign', owner: 'Lei Zhao', description: 'Half a day of training with a test.', expectedEffect: '' },
      { title: 'Monthly cross-department campaign review', owner: 'Qiang Li', description: '', expectedEffect: '' },
      { title: 'Push carrier status to the app hourly', owner: 'Jing Chen', description: '', expectedEffect: '', cancelReason: 'The carrier API allows one call a day' },
      { title: 'Let agents refund up to 50 yuan on the spot', owner: 'Min Wang', description: '', expectedEffect: 'Fewer escalations.' },
    ],
    progress: ['Second line opened', 'Backlog down to 4,000 orders', 'Draft template reviewed by finance'],
    checks: ['Backlog cleared on day 4', 'Pick errors down to 1.2%', 'Escalations down 70%', 'Complaints about refunds unchanged'],
    feedback: ['Customers praised the apology message', 'Some customers found the coupon too small'],
    lessons: ['The task force met twice a day and kept everyone informed', 'Marketing and the warehouse planned separately', 'A second carrier happened to have spare capacity'],
    lessonDepartment: 'E-commerce operations',
    improvements: ['Campaign readiness checklist before every promotion', 'Peak-season training plan for temporary staff', 'Shared campaign calendar for all departments'],
  },
  'zh-CN': {
    title: '双十一大促订单激增导致配送延误',
    problem: '促销首日订单量达到平日的 8 倍，约 12,000 笔订单超过承诺的 48 小时发货时限。\n\n部分订单延误 5 天以上。',
    experience: '客户连续几天看不到物流信息，客服电话排队超过 30 分钟。',
    impact: '投诉量增加 420%，退单约 1,800 笔。',
    location: '华东仓储中心',
    department: '电商运营部',
    reporter: '王敏（客服主管）',
    facilitator: '李强（质量经理）',
    participants: ['王敏', '李强', '赵磊', '陈静'],
    tags: ['大促', '物流'],
    summary: '订单激增本可预见，问题出在预测以及市场、仓储、客服之间的交接。\n\n临时措施在四天内见效。',
    events: ['促销开始，2 小时内订单量达到平日全天水平', '客服发现“未发货”投诉激增', '升级至运营总监，成立专项小组', '向受影响客户发送致歉短信并发放优惠券'],
    effect: '促销期间配送延误',
    categories: ['人员', '流程', '系统', '沟通'],
    causes: {
      tempStaff: '临时拣货员未经培训',
      authority: '客服无权决定补偿',
      refundApproval: '每笔退款都需主管审批',
      forecast: '促销销量预测严重偏低',
      lastYear: '没有参考去年的高峰数据',
      wms: '仓储系统在高峰时变慢',
      syncInfo: '承运商状态没有同步给客服',
    },
    evidence: {
      tempStaff: '拣货差错率 6%，平时为 0.5%',
      forecast: '预测为平日 3 倍，实际为 8 倍',
      syncInfo: '工单记录显示客服没有物流数据',
      template: '计划模板中没有促销系数一栏',
    },
    question2: '为什么客户收不到物流更新？',
    whys: {
      avg: '因为预测使用了平常周的平均值',
      template: '因为计划模板中没有促销系数',
      marketing: '因为市场部没有通报活动规模',
      meeting: '因为活动前没有跨部门会议',
      push: '因为承运商状态没有推送到应用',
      nightly: '因为承运商接口每晚才同步一次',
    },
    actions: [
      { title: '启用临时分拣流程并增加两家承运商', owner: '赵磊', description: '开设第二条分拣线。', expectedEffect: '四天内清空积压。' },
      { title: '在预测模板中加入促销系数', owner: '陈静', description: '', expectedEffect: '预测与实际偏差在 20% 以内。' },
      { title: '每次活动前培训临时员工', owner: '赵磊', description: '半天培训并考核。', expectedEffect: '' },
      { title: '每月召开跨部门活动评审会', owner: '李强', description: '', expectedEffect: '' },
      { title: '每小时向应用推送承运商状态', owner: '陈静', description: '', expectedEffect: '', cancelReason: '承运商接口每天只允许调用一次' },
      { title: '授权客服当场退款 50 元以内', owner: '王敏', description: '', expectedEffect: '减少升级。' },
    ],
    progress: ['第二条分拣线已开通', '积压降至 4,000 单', '财务已审阅模板草稿'],
    checks: ['第 4 天清空积压', '拣货差错率降至 1.2%', '升级减少 70%', '关于退款的投诉没有减少'],
    feedback: ['客户称赞致歉短信', '部分客户认为优惠券金额太小'],
    lessons: ['专项小组每天开两次会，信息及时同步', '市场部和仓储各自制定计划', '恰好有一家承运商有富余运力'],
    lessonDepartment: '电商运营部',
    improvements: ['每次促销前执行活动准备检查清单', '制定旺季临时员工培训计划', '各部门共享活动日历'],
  },
};

const at = (day: number, hour = 0) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();

export function caseRecord(fields: Partial<CaseRecord> & { title: string }): CaseRecord {
  return {
    ...defaultCaseFields(fields.title),
    id: CASE_ID,
    revision: 7,
    createdAt: at(12, 3),
    updatedAt: at(30, 12),
    deletedAt: null,
    templateId: null,
    ...fields,
  };
}

function cause(n: number, text: string, extra: Partial<Cause> = {}): Cause {
  return { ...defaultCauseFields(text), id: id('c', n), children: [], ...extra };
}

function why(n: number, answer: string, extra: Partial<Why> = {}): Why {
  return { ...defaultWhyFields(answer), id: id('w', n), children: [], ...extra };
}

const fb = (n: number): RootCauseRef => ({ source: 'fishbone', id: id('c', n) });
const wy = (n: number): RootCauseRef => ({ source: 'whys', id: id('w', n) });

/** The e-commerce promotion case of the domain brief, complete through step 5: four categories,
 *  three fishbone root causes (RC1–RC3), two 5-Whys trees with three more (RC4–RC6), six actions
 *  of every kind and status (one overdue, one cancelled, one linked to a cause that is no longer a
 *  root cause), progress notes, effectiveness checks, feedback, lessons and improvements. */
export function fullSnapshot(language: Language): CaseSnapshot {
  const t = TEXTS[language];
  const record = caseRecord({
    title: t.title,
    problem: t.problem,
    customerExperience: t.experience,
    customerImpact: t.impact,
    occurredAt: at(11),
    detectedAt: at(12, 2),
    resolvedAt: at(16),
    location: t.location,
    department: t.department,
    severity: 'high',
    scenarioType: 'emergency',
    motFailure: 'service_delay',
    touchpoint: 'ecommerce_tracking',
    reporter: t.reporter,
    facilitator: t.facilitator,
    participants: t.participants,
    tags: t.tags,
    step: 'improve',
    status: 'closed',
    summary: t.summary,
    followUpAt: '2026-12-15T00:00:00.000Z',
    closeReason: '',
  });
  const timeline: TimelineEvent[] = t.events.map((description, i) => ({
    id: id('t', i + 1),
    caseId: CASE_ID,
    position: i,
    at: i === 3 ? null : at(11 + i, 2 * i),
    description,
    kind: (['occurred', 'detected', 'escalated', 'communication'] as const)[i]!,
    createdAt: at(12),
    updatedAt: at(12),
  }));
  const c = t.causes;
  const fishbone: Fishbone = {
    effect: t.effect,
    template: 'mot',
    orientation: 'head_right',
    categories: [
      {
        id: id('g', 1),
        label: t.categories[0]!,
        templateKey: 'people',
        causes: [
          cause(1, c.tempStaff, { status: 'confirmed', isRootCause: true, votes: 5, evidence: t.evidence.tempStaff }),
          cause(2, c.authority, { status: 'investigating', votes: 2, collapsed: true, children: [cause(3, c.refundApproval)] }),
        ],
      },
      {
        id: id('g', 2),
        label: t.categories[1]!,
        templateKey: 'process',
        causes: [cause(4, c.forecast, { status: 'confirmed', isRootCause: true, votes: 4, evidence: t.evidence.forecast, children: [cause(5, c.lastYear, { votes: 1 })] })],
      },
      { id: id('g', 3), label: t.categories[2]!, templateKey: null, causes: [cause(6, c.wms, { status: 'ruled_out' })] },
      { id: id('g', 4), label: t.categories[3]!, templateKey: 'communication', causes: [cause(7, c.syncInfo, { status: 'confirmed', isRootCause: true, evidence: t.evidence.syncInfo })] },
    ],
  };
  const w = t.whys;
  const analyses: WhyAnalysis[] = [
    {
      id: id('a', 1),
      startCauseId: id('c', 4),
      question: '',
      direction: 'TB',
      whys: [
        why(1, w.avg, { status: 'verified', children: [why(2, w.template, { status: 'verified', isRootCause: true, stopReason: 'controllable', evidence: t.evidence.template })] }),
        why(3, w.marketing, { children: [why(4, w.meeting, { isRootCause: true, stopReason: 'controllable' })] }),
      ],
    },
    {
      id: id('a', 2),
      startCauseId: null,
      question: t.question2,
      direction: 'LR',
      whys: [why(5, w.push, { status: 'verified', collapsed: true, children: [why(6, w.nightly, { isRootCause: true, stopReason: 'needs_data' })] })],
    },
  ];
  const A = t.actions;
  const action = (n: number, extra: Partial<Action>): Action => ({
    ...defaultActionFields(A[n - 1]!.title),
    id: id('x', n),
    owner: A[n - 1]!.owner,
    description: A[n - 1]!.description,
    expectedEffect: A[n - 1]!.expectedEffect,
    progress: [],
    checks: [],
    ...extra,
  });
  const note = (n: number, text: string, when: string) => ({ id: id('p', n), at: when, note: text });
  const check = (n: number, result: (typeof EFFECTIVENESS)[number], evidence: string, when: string, by: string) => ({ id: id('e', n), result, evidence, checkedAt: when, checkedBy: by });
  const plan: CasePlan = {
    actions: [
      action(1, {
        kind: 'containment',
        status: 'verified',
        priority: 'high',
        impact: 'high',
        effort: 'medium',
        dueAt: at(13),
        rootCauses: [fb(7)],
        progress: [note(1, t.progress[0]!, at(12, 20)), note(2, t.progress[1]!, at(14, 8))],
        checks: [check(1, 'effective', t.checks[0]!, at(15, 9), t.facilitator)],
      }),
      action(2, { kind: 'corrective', status: 'in_progress', priority: 'high', impact: 'high', effort: 'low', dueAt: at(20), rootCauses: [fb(4), wy(2)], progress: [note(3, t.progress[2]!, at(18, 10))] }),
      action(3, { kind: 'corrective', status: 'done', priority: 'medium', impact: 'medium', effort: 'medium', dueAt: '2026-12-10T00:00:00.000Z', rootCauses: [fb(1)], checks: [check(2, 'partly', t.checks[1]!, at(28, 9), t.reporter)] }),
      action(4, { kind: 'preventive', status: 'planned', priority: 'medium', impact: 'high', effort: 'high', dueAt: '2027-01-15T00:00:00.000Z', rootCauses: [wy(4)] }),
      action(5, { kind: 'improvement', status: 'cancelled', priority: 'low', impact: 'medium', effort: 'high', dueAt: null, cancelReason: A[4]!.cancelReason!, rootCauses: [wy(6)] }),
      action(6, {
        kind: 'preventive',
        status: 'verified',
        priority: 'high',
        impact: 'medium',
        effort: 'low',
        dueAt: at(25),
        rootCauses: [fb(2)],
        checks: [check(3, 'effective', t.checks[2]!, at(29, 9), t.facilitator), check(4, 'not_effective', t.checks[3]!, at(29, 10), t.facilitator)],
      }),
    ],
    feedback: [
      { id: id('f', 1), at: at(15, 11), note: t.feedback[0]! },
      { id: id('f', 2), at: null, note: t.feedback[1]! },
    ],
    lessons: [
      { id: id('l', 1), kind: 'went_well', text: t.lessons[0]!, appliesDepartment: t.lessonDepartment, appliesTouchpoint: 'ecommerce_tracking', appliesScenario: null },
      { id: id('l', 2), kind: 'went_wrong', text: t.lessons[1]!, appliesDepartment: '', appliesTouchpoint: null, appliesScenario: 'cross_department' },
      { id: id('l', 3), kind: 'got_lucky', text: t.lessons[2]!, appliesDepartment: '', appliesTouchpoint: null, appliesScenario: null },
    ],
    improvements: [
      { id: id('i', 1), area: 'process', text: t.improvements[0]! },
      { id: id('i', 2), area: 'training', text: t.improvements[1]! },
      { id: id('i', 3), area: 'communication', text: t.improvements[2]! },
    ],
  };
  return { case: record, timeline, fishbone, analyses, plan };
}

// ---------------------------------------------------------------------------------------------

/** Injection payloads for Markdown, HTML, SVG, spreadsheets and the report's own structure. */
export const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '=HYPERLINK("http://x")',
  '+1+1',
  '@SUM(A1)',
  '| a | b |',
  '# title',
  '**bold**',
  '`code` and ```fence```',
  '&amp; &lt;b&gt; &#x3C;',
  `"double" and 'single' quotes`,
  '😀 emoji 👩‍👩‍👧 家庭',
  '-1-1',
  '\t=1+1',
  '![img](http://x/y.png)',
  '<a href="javascript:alert(1)">x</a>',
  '</style><script>alert(2)</script>',
  '<svg onload=alert(1)>',
  ']]><!-- x --><![CDATA[',
  '1. not a list\n> not a quote\n---\n    not code',
  '~~strike~~ $x$ {{count}} \\ backslash',
] as const;

/** 5,000 characters mixing the payloads, for every long text. */
export const LONG_PAYLOAD = (() => {
  let s = '';
  for (let i = 0; s.length < 5000; i++) s += `${PAYLOADS[i % PAYLOADS.length]} `;
  return s.slice(0, 5000);
})();

/** A case whose every text field is a payload (cycled, so each payload reaches headings,
 *  paragraphs, table cells, lists and the diagrams), with long texts of 5,000 characters. */
export function hostileSnapshot(): CaseSnapshot {
  let n = 0;
  const p = () => PAYLOADS[n++ % PAYLOADS.length]!;
  const short = () => p().slice(0, 500);
  const base = fullSnapshot('en');
  const record = caseRecord({
    ...base.case,
    title: PAYLOADS.join(' ').slice(0, 500),
    problem: LONG_PAYLOAD,
    customerExperience: PAYLOADS.join('\n'),
    customerImpact: LONG_PAYLOAD,
    location: short(),
    department: short(),
    reporter: short(),
    facilitator: short(),
    participants: PAYLOADS.map((x) => x.slice(0, 500)),
    tags: ['<script>', '=1+1', '[x](javascript:1)', '| t |'],
    summary: LONG_PAYLOAD,
    closeReason: '=HYPERLINK("http://x")',
  });
  // Every action, cause and why gets its own payload; the formula payloads start table cells.
  const timeline = PAYLOADS.map((description, i) => ({ ...base.timeline[0]!, id: id('t', i + 1), position: i, description }));
  const mapCause = (c: Cause): Cause => ({ ...c, text: p(), evidence: p(), children: c.children.map(mapCause) });
  const fishbone: Fishbone = {
    ...base.fishbone,
    effect: short(),
    categories: base.fishbone.categories.map((cat) => ({ ...cat, label: short(), causes: cat.causes.map(mapCause) })),
  };
  // One more category holding a cause per payload, all root causes: every payload reaches the root-cause table.
  fishbone.categories.push({
    id: id('g', 99),
    label: '=cmd|',
    templateKey: null,
    causes: PAYLOADS.map((text, i) => cause(100 + i, text, { isRootCause: true, evidence: PAYLOADS[(i + 3) % PAYLOADS.length]! })),
  });
  fishbone.categories[0]!.causes[0]!.text = LONG_PAYLOAD;
  const mapWhy = (w: Why): Why => ({ ...w, answer: p(), evidence: p(), children: w.children.map(mapWhy) });
  const analyses = base.analyses.map((a, i) => ({ ...a, question: i === 1 ? short() : '', whys: a.whys.map(mapWhy) }));
  const plan: CasePlan = {
    actions: [
      ...base.plan.actions.map((a) => ({
        ...a,
        title: short(),
        owner: short(),
        description: LONG_PAYLOAD,
        expectedEffect: p(),
        cancelReason: short(),
        progress: a.progress.map((x) => ({ ...x, note: p() })),
        checks: a.checks.map((x) => ({ ...x, evidence: p(), checkedBy: short() })),
      })),
      ...PAYLOADS.map((title, i) => ({
        ...defaultActionFields(title.slice(0, 500)),
        id: id('x', 100 + i),
        kind: ACTION_KINDS[i % ACTION_KINDS.length]!,
        status: ACTION_STATUSES[i % ACTION_STATUSES.length]!,
        owner: PAYLOADS[(i + 1) % PAYLOADS.length]!.slice(0, 500),
        rootCauses: [fb(100 + i)],
        progress: [{ id: id('p', 100 + i), at: at(20), note: PAYLOADS[(i + 2) % PAYLOADS.length]! }],
        checks: [{ id: id('e', 100 + i), result: EFFECTIVENESS[i % EFFECTIVENESS.length]!, evidence: title, checkedAt: at(21), checkedBy: title.slice(0, 500) }],
      })),
    ],
    feedback: PAYLOADS.map((note, i) => ({ id: id('f', i + 1), at: i % 2 ? null : at(15), note })),
    lessons: PAYLOADS.map((text, i) => ({ id: id('l', i + 1), kind: LESSON_KINDS[i % LESSON_KINDS.length]!, text, appliesDepartment: PAYLOADS[(i + 5) % PAYLOADS.length]!.slice(0, 500), appliesTouchpoint: null, appliesScenario: null })),
    improvements: PAYLOADS.map((text, i) => ({ id: id('i', i + 1), area: IMPROVEMENT_AREAS[i % IMPROVEMENT_AREAS.length]!, text })),
  };
  return { case: record, timeline, fishbone, analyses, plan };
}

// ---------------------------------------------------------------------------------------------

/** Gives every why of a generated tree an id of its own kind and number range. */
function renumber(list: Why[], next: () => string): Why[] {
  return list.map((w) => ({ ...w, id: next(), children: renumber(w.children, next) }));
}

/** A large case for the benchmark: `causes` fishbone causes over 6 categories (nested 3 deep),
 *  `whys` answers over `trees` 5-Whys trees, `actions` actions with progress and checks. */
export function largeSnapshot({ causes = 500, whys = 200, trees = 4, actions = 100, seed = 7 } = {}): CaseSnapshot {
  const base = fullSnapshot('zh-CN');
  const fishbone = generatedFishbone(causes, { categories: 6, depth: 3, seed });
  const rnd = seeded(seed);
  const roots: RootCauseRef[] = [];
  const walk = (list: Cause[]) => {
    for (const c of list) {
      if (rnd() < 0.05) {
        c.isRootCause = true;
        c.evidence = sampleText(rnd);
        roots.push({ source: 'fishbone', id: c.id });
      }
      walk(c.children);
    }
  };
  fishbone.categories.forEach((cat) => walk(cat.causes));
  let wn = 0;
  const analyses: WhyAnalysis[] = Array.from({ length: trees }, (_, i) => {
    const generated = generatedWhys(Math.floor(whys / trees) + (i < whys % trees ? 1 : 0), { seed: seed + i, depth: 8, direction: i % 2 ? 'LR' : 'TB' });
    const analysis = { ...generated, id: id('a', i + 1), whys: renumber(generated.whys, () => id('w', wn++)) };
    const visit = (list: Why[]) => list.forEach((w) => (w.isRootCause && roots.push({ source: 'whys', id: w.id }), visit(w.children)));
    visit(analysis.whys);
    return analysis;
  });
  const planActions: Action[] = Array.from({ length: actions }, (_, i) => ({
    ...defaultActionFields(`${sampleText(rnd)} ${i + 1}`),
    id: id('x', i + 1),
    kind: ACTION_KINDS[i % ACTION_KINDS.length]!,
    status: ACTION_STATUSES[i % ACTION_STATUSES.length]!,
    priority: LEVELS[i % 3]!,
    impact: LEVELS[(i + 1) % 3]!,
    effort: LEVELS[(i + 2) % 3]!,
    owner: sampleText(rnd).slice(0, 20),
    dueAt: at(1 + (i % 28)),
    description: sampleText(rnd),
    rootCauses: roots.length ? [roots[i % roots.length]!, roots[(i * 7) % roots.length]!] : [],
    progress: Array.from({ length: i % 4 }, (_, j) => ({ id: id('p', i * 10 + j), at: at(1 + j), note: sampleText(rnd) })),
    checks: i % 3 === 0 ? [{ id: id('e', i), result: EFFECTIVENESS[i % 3]!, evidence: sampleText(rnd), checkedAt: at(20), checkedBy: 'QA' }] : [],
  }));
  return { ...base, fishbone, analyses, plan: { ...base.plan, actions: planActions } };
}
