/** A seeded, realistic case library for the benchmark: mixed Chinese and English titles, problem
 *  statements, departments, tags and a few timeline events per case. The same seed always yields the
 *  same content (case ids included), so runs on different days and machines are comparable. */
import type { CaseFields, TimelineEventFields } from '../../shared/domain/case';
import { defaultCauseFields, type Category, type Cause, type Fishbone } from '../../shared/domain/fishbone';
import { CAUSE_STATUSES, MOT_FAILURES, SCENARIO_TYPES, SEVERITIES, STEPS, TIMELINE_KINDS, TOUCHPOINTS, WHY_STATUSES, WHY_STOP_REASONS } from '../../shared/domain/vocabulary';
import { defaultWhyFields, type Why, type WhyAnalysis } from '../../shared/domain/whys';
import type { CaseRepo } from '../../electron/backend/case-repo';

/** mulberry32: small, fast, good enough for test data. Returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rand {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Distinct items, in pick order. */
  some<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]!);
    return out;
  }
  /** A version-4 UUID (valid for z.uuid()) drawn from the generator. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.next() * 16).toString(16));
    hex[12] = '4';
    hex[16] = (8 + Math.floor(this.next() * 4)).toString(16);
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}

const CITIES_ZH = ['上海', '北京', '广州', '深圳', '杭州', '成都', '武汉', '南京', '西安', '苏州'];
const CITIES_EN = ['Shanghai', 'Beijing', 'Guangzhou', 'Shenzhen', 'Hangzhou', 'Chengdu', 'London', 'Berlin', 'Singapore', 'Austin'];
const PRODUCTS_ZH = ['冰箱', '洗衣机', '空调', '手机', '生鲜礼盒', '会员卡', '床垫', '咖啡机'];
const PRODUCTS_EN = ['fridge', 'washing machine', 'air conditioner', 'phone', 'meal kit', 'membership', 'mattress', 'coffee machine'];
export const DEPARTMENTS = [
  '客服中心',
  '物流配送部',
  '售后服务部',
  '电商运营部',
  '门店运营部',
  '财务部',
  'Customer Service',
  'Logistics',
  'Field Operations',
  'Quality Assurance',
  'IT Support',
  'Billing',
];
export const TAGS = [
  '配送',
  'delivery',
  '投诉',
  'complaint',
  '退款',
  'refund',
  'VIP',
  '跨部门',
  'escalation',
  '合同',
  'billing',
  '延误',
  'app',
  '门店',
  'weekend',
  '高峰期',
  'supplier',
  '物流',
];
const PEOPLE = ['王敏', '李强', '赵磊', '陈静', '刘洋', '张伟', 'Alice Chen', 'Ben Carter', 'Chloe Martin', 'David Okafor', 'Emma Li', 'Farid Khan'];

const TITLES_ZH: ((r: Rand) => string)[] = [
  (r) => `${r.pick(CITIES_ZH)}配送延误：${r.int(20, 3000)} 单未按时送达`,
  (r) => `客户投诉${r.pick(PRODUCTS_ZH)}到货破损`,
  (r) => `${r.pick(DEPARTMENTS)}与${r.pick(DEPARTMENTS)}交接失误导致重复退款`,
  (r) => `${r.pick(CITIES_ZH)}门店周末高峰期排队超过 ${r.int(20, 90)} 分钟`,
  (r) => `VIP 客户合同续约信息不一致（${r.pick(PRODUCTS_ZH)}）`,
  (r) => `安装师傅未按预约时间上门，客户请假 ${r.int(1, 3)} 天`,
  (r) => `App 支付成功但订单显示未付款（${r.pick(CITIES_ZH)}）`,
  (r) => `售后工单 ${r.int(1000, 99999)} 超时 ${r.int(2, 30)} 天未关闭`,
];
const TITLES_EN: ((r: Rand) => string)[] = [
  (r) => `Delivery delayed for ${r.int(20, 3000)} orders in ${r.pick(CITIES_EN)}`,
  (r) => `Customer complaint: ${r.pick(PRODUCTS_EN)} arrived damaged`,
  (r) => `Refund request stuck in ${r.pick(DEPARTMENTS)} for ${r.int(2, 40)} days`,
  (r) => `Wrong price quoted at checkout in the ${r.pick(CITIES_EN)} store`,
  (r) => `Technician missed the installation slot (${r.pick(PRODUCTS_EN)})`,
  (r) => `Contract renewal terms disputed by key account #${r.int(100, 999)}`,
  (r) => `Order tracking showed "delivered" but parcel never arrived`,
  (r) => `Hotline wait time above ${r.int(10, 60)} minutes during campaign`,
];

const SENTENCES_ZH = [
  '促销首日订单量达到平日的数倍，仓库拣货和第三方物流运力明显不足。',
  '客户多次致电客服，排队时间超过三十分钟，仍未得到明确答复。',
  '配送员未提前联系客户，直接将包裹放在小区门口，导致丢失。',
  '售后部门与物流部门对责任归属意见不一，工单在两个系统之间来回转派。',
  '合同条款中关于上门安装时限的描述含糊，客户与销售的理解不同。',
  '门店在周末高峰期仅安排了两名收银员，排队队伍延伸到门外。',
  '系统升级后支付回调失败，约两百笔订单状态未同步。',
  '客服在未核实库存的情况下承诺了次日达，最终无法兑现。',
  '客户在社交媒体上发布了负面评价，引起较多转发。',
  '质量部门抽检发现同一批次产品存在包装缺陷。',
];
const SENTENCES_EN = [
  'Order volume on the first day of the campaign was several times the normal level and warehouse picking could not keep up.',
  'The customer called the hotline three times and waited more than thirty minutes each time without a clear answer.',
  'The courier did not call ahead and left the parcel at the gate, where it went missing.',
  'After-sales and logistics disagreed about ownership, and the ticket bounced between two systems for a week.',
  'The contract wording on installation lead time was ambiguous; sales and the customer read it differently.',
  'Only two cashiers were scheduled for the Saturday peak and the queue reached the street.',
  'A payment callback failed after the release, leaving about two hundred orders unpaid in the back office.',
  'An agent promised next-day delivery without checking stock, and the promise could not be kept.',
  'The customer posted a negative review that was widely shared.',
  'Quality sampling found packaging defects in the same production batch.',
];
const EVENT_TEXT = [
  '客户首次来电反映问题',
  'Ticket escalated to the duty manager',
  '物流部门确认包裹滞留在分拨中心',
  'Apology and voucher sent to the customer',
  '上门重新安装并回访',
  'Root cause meeting held with logistics and customer service',
  '系统补丁上线，订单状态恢复同步',
  'Customer confirmed the issue is resolved',
];

export function paragraph(r: Rand, zh: boolean, count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(r.pick(r.chance(0.8) ? (zh ? SENTENCES_ZH : SENTENCES_EN) : zh ? SENTENCES_EN : SENTENCES_ZH));
  return parts.join(zh ? '' : ' ');
}

const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

export function caseFields(r: Rand, clockMs: number): CaseFields {
  const zh = r.chance(0.55);
  const occurred = clockMs - r.int(1, 24 * 30) * HOUR;
  const detected = r.chance(0.8) ? occurred + r.int(0, 72) * HOUR : null;
  const status = r.chance(0.7) ? 'open' : r.chance(0.8) ? 'closed' : 'archived';
  const tags = r.some(TAGS, r.int(0, 4));
  // Case-insensitive duplicates are fine for the schema but keep the set small and realistic.
  return {
    title: r.pick(zh ? TITLES_ZH : TITLES_EN)(r),
    problem: paragraph(r, zh, r.int(2, 6)),
    customerExperience: paragraph(r, zh, r.int(0, 2)),
    customerImpact: paragraph(r, zh, r.int(0, 2)),
    occurredAt: r.chance(0.9) ? iso(occurred) : null,
    detectedAt: detected === null ? null : iso(detected),
    resolvedAt: status !== 'open' && detected !== null ? iso(detected + r.int(1, 200) * HOUR) : null,
    summary: status === 'open' ? '' : paragraph(r, zh, r.int(1, 3)),
    followUpAt: null,
    closeReason: '',
    reference: '',
    notes: '',
    location: zh ? r.pick(CITIES_ZH) : r.pick(CITIES_EN),
    department: r.pick(DEPARTMENTS),
    severity: r.pick(SEVERITIES),
    scenarioType: r.pick(SCENARIO_TYPES),
    motFailure: r.pick(MOT_FAILURES),
    touchpoint: r.chance(0.8) ? r.pick(TOUCHPOINTS) : null,
    reporter: r.pick(PEOPLE),
    facilitator: r.chance(0.7) ? r.pick(PEOPLE) : '',
    participants: r.some(PEOPLE, r.int(0, 4)),
    tags,
    step: r.pick(STEPS),
    status,
  };
}

export function timeline(r: Rand, count: number, fromMs: number): TimelineEventFields[] {
  const events: TimelineEventFields[] = [];
  let at = fromMs;
  for (let i = 0; i < count; i++) {
    at += r.int(1, 600) * 60_000;
    events.push({ at: r.chance(0.95) ? iso(at) : null, description: r.pick(EVENT_TEXT), kind: r.pick(TIMELINE_KINDS) });
  }
  return events;
}

export interface Dataset {
  /** The case with `heavyEvents` timeline events, the one the "open case" benchmark reads. */
  heavyId: string;
  /** A case of ordinary size, the one the "save one field" benchmark edits. */
  editId: string;
  trashed: number;
}

/** Writes `count` cases through the real repository. The caller wraps this in one transaction and
 *  gives the repository a clock it can move (`setClock`), so update times are spread over months. */
export function populate(
  repo: CaseRepo,
  setClock: (ms: number) => void,
  options: { count: number; seed: number; heavyEvents: number; startMs: number },
): Dataset {
  const r = new Rand(prng(options.seed));
  let clock = options.startMs;
  const heavyAt = Math.floor(options.count / 2);
  const editAt = Math.floor(options.count / 3);
  let heavyId = '';
  let editId = '';
  const toTrash: string[] = [];
  for (let i = 0; i < options.count; i++) {
    clock += r.int(60_000, 90 * 60_000);
    setClock(clock);
    const id = r.uuid();
    const fields = caseFields(r, clock);
    const events = timeline(r, i === heavyAt ? options.heavyEvents : r.int(0, 5), clock - 30 * 24 * HOUR);
    repo.create(fields, events, id);
    if (i === heavyAt) heavyId = id;
    else if (i === editAt) editId = id;
    else if (r.chance(0.02)) toTrash.push(id);
  }
  for (const id of toTrash) {
    clock += 1000;
    setClock(clock);
    repo.trash(id);
  }
  return { heavyId, editId, trashed: toTrash.length };
}

const BONES = [
  ['人 People', 'people'],
  ['机 Machine', 'machine'],
  ['料 Material', 'material'],
  ['法 Method', 'method'],
  ['环 Environment', 'environment'],
  ['测 Measurement', 'measurement'],
] as const;

/** A fishbone of `count` causes on the six M bones: about a third hang on a bone, the rest under
 *  another cause (to depth 5), with some votes, statuses and root causes. Ids come from the seed. */
export function fishboneTree(r: Rand, count: number): Fishbone {
  const categories: Category[] = BONES.map(([label, templateKey]) => ({ id: r.uuid(), label, templateKey, causes: [] }));
  const placed: { cause: Cause; depth: number }[] = [];
  for (let i = 0; i < count; i++) {
    const cause: Cause = {
      ...defaultCauseFields(`${paragraph(r, r.chance(0.5), 1)} (#${i})`),
      id: r.uuid(),
      status: r.pick(CAUSE_STATUSES),
      isRootCause: r.chance(0.03),
      votes: r.chance(0.3) ? r.int(1, 9) : 0,
      touchpoint: r.chance(0.2) ? r.pick(TOUCHPOINTS) : null,
      children: [],
    };
    const parents = placed.filter((p) => p.depth < 5);
    if (placed.length === 0 || r.chance(0.33) || parents.length === 0) {
      r.pick(categories).causes.push(cause);
      placed.push({ cause, depth: 1 });
    } else {
      const parent = r.pick(parents);
      parent.cause.children.push(cause);
      placed.push({ cause, depth: parent.depth + 1 });
    }
  }
  return { effect: null, template: 'six_m', orientation: 'head_right', categories };
}

const WHY_ANSWERS = [
  '仓库拣货人员不足',
  '促销计划没有提前通知仓库',
  '排班表按平日订单量制定',
  '预测模型没有考虑促销',
  'The courier had no capacity left for the evening round',
  'The forecast ignored the campaign calendar',
  'Nobody owns the handover between sales and logistics',
  'The checklist was last updated two years ago',
  '客服系统不显示物流状态',
  'Agents were not trained on the new refund policy',
];

/** 5-Whys analyses holding `count` whys in all: one about the problem, the others starting from
 *  `startCauseIds` (fishbone causes of the same case). About a fifth of the whys answer an
 *  analysis's question; the rest answer another why, to depth 7 (chains and branches). Some are
 *  verified, ruled out or marked root causes with a stop reason. Ids come from the seed. */
export function whyAnalysesTree(r: Rand, count: number, startCauseIds: readonly string[]): WhyAnalysis[] {
  const analyses: WhyAnalysis[] = [null, ...startCauseIds].map((startCauseId, i) => ({
    id: r.uuid(),
    startCauseId,
    question: i === 0 || r.chance(0.5) ? '' : `Why ${r.pick(WHY_ANSWERS)}?`,
    direction: r.chance(0.7) ? 'LR' : 'TB',
    whys: [],
  }));
  const placed: { why: Why; analysis: WhyAnalysis; depth: number }[] = [];
  for (let i = 0; i < count; i++) {
    const rootCause = r.chance(0.05);
    const why: Why = {
      ...defaultWhyFields(`${r.pick(WHY_ANSWERS)} (#${i})`),
      id: r.uuid(),
      status: r.pick(WHY_STATUSES),
      isRootCause: rootCause,
      stopReason: rootCause ? r.pick(WHY_STOP_REASONS) : null,
      evidence: r.chance(0.2) ? paragraph(r, r.chance(0.5), 1) : '',
      children: [],
    };
    const parents = placed.filter((p) => p.depth < 7);
    if (placed.length === 0 || r.chance(0.2) || parents.length === 0) {
      const analysis = r.pick(analyses);
      analysis.whys.push(why);
      placed.push({ why, analysis, depth: 1 });
    } else {
      const parent = r.pick(parents);
      parent.why.children.push(why);
      placed.push({ why, analysis: parent.analysis, depth: parent.depth + 1 });
    }
  }
  return analyses;
}
