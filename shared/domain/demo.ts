import type { CaseFields, TimelineEventFields } from './case';
import { defaultCaseFields } from './case';
import type { Language } from '../i18n/languages';

export interface DemoCase {
  fields: CaseFields;
  timeline: TimelineEventFields[];
}

type Localised = Record<Language, { fields: Partial<CaseFields>; events: string[] }>;

interface DemoSpec {
  common: Partial<CaseFields>;
  /** Hours after the base time at which each timeline event happened, with its kind. */
  events: { hours: number; kind: TimelineEventFields['kind'] }[];
  text: Localised;
}

/** The three cases of the domain brief, as a quality manager would have recorded them. */
const SPECS: DemoSpec[] = [
  {
    common: {
      severity: 'high',
      scenarioType: 'emergency',
      motFailure: 'service_delay',
      touchpoint: 'ecommerce_tracking',
      reference: 'CS-2026-11-0412',
      step: 'analyse',
      occurredAt: '2026-11-11T00:00:00.000Z',
      detectedAt: '2026-11-12T02:00:00.000Z',
    },
    events: [
      { hours: 0, kind: 'occurred' },
      { hours: 26, kind: 'detected' },
      { hours: 30, kind: 'escalated' },
      { hours: 34, kind: 'action' },
      { hours: 48, kind: 'communication' },
      { hours: 120, kind: 'resolved' },
    ],
    text: {
      'zh-CN': {
        fields: {
          title: '双十一大促订单激增导致配送延误',
          problem:
            '双十一促销首日订单量达到平日的 8 倍，仓库拣货和第三方物流运力不足，约 12,000 笔订单超过承诺的 48 小时发货时限，部分订单延误 5 天以上。',
          customerExperience: '客户下单后长时间看不到物流信息，客服电话排队超过 30 分钟，部分客户收到的预计送达时间一再推迟。',
          customerImpact: '投诉量增加 420%，退单约 1,800 笔，社交媒体出现大量负面评价。',
          location: '华东仓储中心',
          department: '电商运营部',
          reporter: '王敏（客服主管）',
          facilitator: '李强（质量经理）',
          participants: ['王敏', '李强', '赵磊（仓储）', '陈静（物流合作）'],
          tags: ['大促', '物流', '投诉'],
        },
        events: [
          '促销开始，订单量在 2 小时内达到平日全天水平',
          '客服发现“未发货”投诉激增，仓库积压约 3 万单',
          '升级至运营总监，成立专项小组',
          '启用临时分拣流程，增加两家临时物流承运商',
          '向受影响客户发送致歉短信并发放 20 元优惠券',
          '积压订单全部发出，投诉量回落至正常水平',
        ],
      },
      en: {
        fields: {
          title: 'Singles’ Day promotion: order surge delays deliveries',
          problem:
            'On the first day of the promotion, order volume reached 8x a normal day. Warehouse picking and third-party carrier capacity fell short; about 12,000 orders missed the promised 48-hour dispatch window, some by more than 5 days.',
          customerExperience:
            'Customers saw no tracking information for days, waited over 30 minutes on the support line, and watched their estimated delivery date slip again and again.',
          customerImpact: 'Complaints up 420%, about 1,800 orders cancelled, a wave of negative reviews on social media.',
          location: 'East China fulfilment centre',
          department: 'E-commerce operations',
          reporter: 'Min Wang (support lead)',
          facilitator: 'Qiang Li (quality manager)',
          participants: ['Min Wang', 'Qiang Li', 'Lei Zhao (warehouse)', 'Jing Chen (carrier relations)'],
          tags: ['promotion', 'logistics', 'complaints'],
        },
        events: [
          'Promotion starts; within 2 hours orders reach a normal full day',
          'Support notices a spike in “not shipped” complaints; ~30,000 orders backlogged',
          'Escalated to the operations director; a dedicated task force is formed',
          'Temporary picking process started; two extra carriers brought in',
          'Apology SMS and a ¥20 coupon sent to affected customers',
          'Backlog cleared; complaint volume back to normal',
        ],
      },
    },
  },
  {
    common: {
      severity: 'critical',
      scenarioType: 'emergency',
      motFailure: 'product_quality',
      touchpoint: 'after_sales_first_contact',
      reference: 'INC-20261003-01',
      step: 'execute',
      occurredAt: '2026-10-03T10:30:00.000Z',
      detectedAt: '2026-10-03T10:45:00.000Z',
      resolvedAt: '2026-10-03T16:00:00.000Z',
    },
    events: [
      { hours: 0, kind: 'occurred' },
      { hours: 0.25, kind: 'detected' },
      { hours: 0.5, kind: 'action' },
      { hours: 1, kind: 'communication' },
      { hours: 5.5, kind: 'resolved' },
    ],
    text: {
      'zh-CN': {
        fields: {
          title: '酒店预订系统故障，客人无法办理入住',
          problem: '国庆假期首日 10:30 起，预订系统数据库连接耗尽，前台无法查询预订记录，约 140 位客人无法办理入住，最长等待 2 小时。',
          customerExperience: '客人带着行李在大堂长时间等待，前台只能反复道歉，无法给出恢复时间。',
          customerImpact: '大堂拥堵，OTA 平台差评 37 条，退订 22 间夜。',
          location: '杭州西湖店',
          department: '前厅部',
          reporter: '周婷（前厅经理）',
          facilitator: '孙浩（质量经理）',
          participants: ['周婷', '孙浩', '吴刚（IT）'],
          tags: ['系统故障', '入住', '假期'],
        },
        events: [
          '预订系统无响应，前台无法查询预订',
          '值班经理确认为系统故障并通知 IT',
          '启用纸质登记和临时房间分配，向等待客人提供免费餐饮',
          '总经理向大堂客人当面致歉并说明进展',
          '系统恢复，补录全部入住信息',
        ],
      },
      en: {
        fields: {
          title: 'Hotel booking system failure: guests cannot check in',
          problem:
            'From 10:30 on the first day of the national holiday, the booking system ran out of database connections. The front desk could not look up reservations; about 140 guests could not check in, some waiting up to 2 hours.',
          customerExperience: 'Guests waited in the lobby with their luggage; front-desk staff could only apologise and could not say when it would be fixed.',
          customerImpact: 'A crowded lobby, 37 negative reviews on booking platforms, 22 room-nights cancelled.',
          location: 'Hangzhou West Lake hotel',
          department: 'Front office',
          reporter: 'Ting Zhou (front-office manager)',
          facilitator: 'Hao Sun (quality manager)',
          participants: ['Ting Zhou', 'Hao Sun', 'Gang Wu (IT)'],
          tags: ['outage', 'check-in', 'holiday'],
        },
        events: [
          'Booking system stops responding; front desk cannot find reservations',
          'Duty manager confirms a system failure and calls IT',
          'Paper registration and temporary room allocation; free meals for waiting guests',
          'General manager apologises in person in the lobby and gives an update',
          'System restored; all check-ins entered after the fact',
        ],
      },
    },
  },
  {
    common: {
      severity: 'high',
      scenarioType: 'cross_department',
      motFailure: 'information_asymmetry',
      touchpoint: 'delivery',
      step: 'improve',
      status: 'open',
      occurredAt: '2026-05-10T01:00:00.000Z',
      detectedAt: '2026-08-02T01:00:00.000Z',
      resolvedAt: '2026-09-20T01:00:00.000Z',
    },
    events: [
      { hours: 0, kind: 'occurred' },
      { hours: 24 * 84, kind: 'detected' },
      { hours: 24 * 86, kind: 'escalated' },
      { hours: 24 * 90, kind: 'communication' },
      { hours: 24 * 133, kind: 'resolved' },
    ],
    text: {
      'zh-CN': {
        fields: {
          title: '客户特殊需求未传达到技术团队，项目延期三个月',
          problem: '签约时客户提出的数据本地化部署要求只记录在销售的会议纪要中，未进入需求文档。技术团队按云部署方案开发，验收时才发现，返工导致项目延期三个月，销售与技术相互指责。',
          customerExperience: '客户认为需求早已明确提出，验收时发现方案不符，对我方的专业性和诚信产生怀疑。',
          customerImpact: '项目延期三个月，客户暂停二期合作洽谈，我方承担返工成本约 60 万元。',
          location: '华南区',
          department: '销售部 / 交付中心',
          reporter: '刘洋（项目经理）',
          facilitator: '李强（质量经理）',
          participants: ['刘洋', '李强', '郑凯（销售）', '何琳（技术负责人）'],
          tags: ['需求管理', '跨部门'],
        },
        events: [
          '签约会议上客户提出本地化部署要求，仅记录在销售纪要中',
          '验收时客户发现部署方案不符',
          '客户投诉升级至交付中心总监',
          '召开跨部门会议，三方对齐需求并制定返工计划',
          '本地化方案交付并通过客户验收',
        ],
      },
      en: {
        fields: {
          title: 'Special customer requirement never reached engineering: project three months late',
          problem:
            'At signing, the customer required on-premises data deployment. It was written only in the salesperson’s meeting notes, never in the requirements document. Engineering built a cloud deployment; the gap surfaced at acceptance, and the rework delayed the project by three months amid mutual blame between sales and engineering.',
          customerExperience: 'The customer had stated the requirement clearly and found at acceptance that it was ignored; they began to doubt our competence and good faith.',
          customerImpact: 'Three months of delay, phase-two talks suspended by the customer, about ¥600,000 of rework cost on our side.',
          location: 'South China region',
          department: 'Sales / Delivery centre',
          reporter: 'Yang Liu (project manager)',
          facilitator: 'Qiang Li (quality manager)',
          participants: ['Yang Liu', 'Qiang Li', 'Kai Zheng (sales)', 'Lin He (tech lead)'],
          tags: ['requirements', 'cross-department'],
        },
        events: [
          'At the signing meeting the customer asks for on-premises deployment; noted only in sales notes',
          'At acceptance the customer finds the deployment does not match',
          'Customer complaint escalated to the delivery-centre director',
          'Cross-department meeting aligns all three parties and plans the rework',
          'On-premises deployment delivered and accepted by the customer',
        ],
      },
    },
  },
];

export function demoCases(language: Language): DemoCase[] {
  return SPECS.map((spec) => {
    const text = spec.text[language];
    const base = Date.parse(spec.common.occurredAt ?? '2026-01-01T00:00:00.000Z');
    return {
      fields: { ...defaultCaseFields(''), ...spec.common, ...text.fields } as CaseFields,
      timeline: spec.events.map((e, i) => ({
        at: new Date(base + e.hours * 3_600_000).toISOString(),
        kind: e.kind,
        description: text.events[i] ?? '',
      })),
    };
  });
}
