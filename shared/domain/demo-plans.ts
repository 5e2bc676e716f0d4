import type { Language } from '../i18n/languages';
import type { Fishbone } from './fishbone';
import { rootCauses } from './fishbone';
import type { Action, ActionFields, CasePlan, EffectivenessCheck, Improvement, Lesson, RootCauseRef } from './plan';
import type { ScenarioType, Touchpoint } from './vocabulary';
import { whyRootCauses, type WhyAnalysis } from './whys';

/** Sample action plans for the three demo cases (shared/domain/demo.ts): steps 3-5 as the team
 *  would have them a few weeks after each incident. Containment first (coupons, temporary rooms,
 *  an apology), then corrective, preventive and improvement actions tied to the root causes found
 *  on the case's fishbone (shared/domain/demo-fishbones.ts) and in its 5 Whys
 *  (shared/domain/demo-whys.ts); actions verified, done and waiting for a check, under way,
 *  planned, one overdue and one cancelled; one check that found an action did not work, with the
 *  action back under way; customer feedback, lessons and improvements. Every root cause has an
 *  action except one — the duty managers "careless about drills" in the hotel case, a person
 *  blamed rather than a cause — so the sample shows an uncovered root cause. Both languages have
 *  the same plans. */

type Both = readonly [zh: string, en: string];

/** A root cause of the case by its place in reading order: `F0` is the first root cause on the
 *  fishbone, `W2` the third among the 5-Whys analyses' root causes (the order the report numbers
 *  them in). */
type RootPosition = `${'F' | 'W'}${number}`;

interface CheckSpec {
  result: EffectivenessCheck['result'];
  evidence: Both;
  checkedAt: string;
  checkedBy: Both;
}

interface ActionSpec {
  title: Both;
  description: Both;
  kind: ActionFields['kind'];
  owner: Both;
  dueAt: string | null;
  priority: ActionFields['priority'];
  impact: ActionFields['impact'];
  effort: ActionFields['effort'];
  expectedEffect: Both;
  status: ActionFields['status'];
  cancelReason?: Both;
  roots: RootPosition[];
  /** Progress notes and checks, each in the order they were written. */
  progress: Array<readonly [at: string, note: Both]>;
  checks: CheckSpec[];
}

interface LessonSpec {
  kind: Lesson['kind'];
  text: Both;
  department: Both | null;
  touchpoint: Touchpoint | null;
  scenario: ScenarioType | null;
}

interface PlanSpec {
  actions: ActionSpec[];
  feedback: Array<readonly [at: string | null, note: Both]>;
  lessons: LessonSpec[];
  improvements: Array<readonly [area: Improvement['area'], text: Both]>;
}

const QUALITY_1: Both = ['李强（质量经理）', 'Qiang Li (quality manager)'];
const QUALITY_2: Both = ['孙浩（质量经理）', 'Hao Sun (quality manager)'];

const SPECS: PlanSpec[] = [
  // 1. Singles' Day: order surge, late deliveries. Occurred 11 Nov, backlog cleared 16 Nov; the
  //    plan is a week old, so most of it is still ahead.
  {
    actions: [
      {
        title: ['向受影响客户致歉并发放优惠券', 'Apologise to affected customers with a coupon'],
        description: [
          '向所有超时未发货订单的客户发送致歉短信和 20 元无门槛优惠券；延误超过 5 天的订单退还运费。',
          'Apology SMS and a ¥20 no-minimum coupon to every customer whose order missed the dispatch promise; shipping refunded on orders more than 5 days late.',
        ],
        kind: 'containment',
        owner: ['王敏（客服主管）', 'Min Wang (support lead)'],
        dueAt: '2026-11-13T04:00:00.000Z',
        priority: 'high',
        impact: 'high',
        effort: 'low',
        expectedEffect: [
          '止住退单和社交媒体上的负面评价；预算约 25 万元，客服部当天可以执行。',
          'Stop the cancellations and the negative posts; about ¥250,000, and support can send it the same day.',
        ],
        status: 'verified',
        roots: [],
        progress: [['2026-11-13T00:00:00.000Z', ['致歉短信和优惠券已发给 11,860 位客户，运费退款同步到账。', 'SMS and coupon sent to 11,860 customers; shipping refunds paid the same day.']]],
        checks: [
          {
            result: 'effective',
            evidence: [
              '优惠券核销率 41%；短信发出后新增退单从每天 600 笔降到 40 笔；11 月 16 日起投诉量回落到日常水平。',
              'Coupon redemption 41%; new cancellations fell from 600 a day to 40 after the SMS; complaints back to a normal level from 16 November.',
            ],
            checkedAt: '2026-11-18T06:00:00.000Z',
            checkedBy: QUALITY_1,
          },
        ],
      },
      {
        title: ['启用临时分拣流程并增加临时承运商', 'Temporary picking process and two extra carriers'],
        description: [
          '按区域分拣代替波次拣货，夜班增加 40 名临时工；临时签约两家区域承运商，直到积压订单全部发出。',
          'Zone picking instead of waves, 40 extra temps on the night shift; two regional carriers contracted until the backlog is cleared.',
        ],
        kind: 'containment',
        owner: ['赵磊（仓储）', 'Lei Zhao (warehouse)'],
        dueAt: '2026-11-16T00:00:00.000Z',
        priority: 'high',
        impact: 'high',
        effort: 'medium',
        expectedEffect: [
          '每天多发 2 万单，4 天内清空积压；临时运费比合同价高约 30%。',
          '20,000 more orders a day, backlog gone within 4 days; the temporary carriers cost about 30% above contract rates.',
        ],
        status: 'done',
        roots: [],
        progress: [
          ['2026-11-12T10:00:00.000Z', ['临时分拣流程启用，夜班增加 40 名临时工。', 'Temporary picking process running; 40 extra temps on the night shift.']],
          ['2026-11-14T12:00:00.000Z', ['两家临时承运商每天加运约 2 万单。', 'The two extra carriers now take about 20,000 more orders a day.']],
          ['2026-11-16T00:00:00.000Z', ['积压订单全部发出。', 'Backlog fully dispatched.']],
        ],
        checks: [],
      },
      {
        title: ['市场、计划、仓储共同核对大促销量预测', 'Marketing, planning and warehouse agree the promotion forecast together'],
        description: [
          '大促筹备清单增加一个“销量共识会”环节：市场部提交直播和广告排期，计划部把直播渠道纳入预测模型，仓储和物流按结果确认运力。',
          'Add a volume-agreement meeting to the promotion checklist: marketing brings its live-stream and ad schedule, planning adds the live-stream channel to the forecast model, warehouse and carriers confirm capacity against it.',
        ],
        kind: 'corrective',
        owner: ['计划部经理', 'Planning manager'],
        dueAt: '2026-12-01T00:00:00.000Z',
        priority: 'high',
        impact: 'high',
        effort: 'medium',
        expectedEffect: [
          '双十二首日预测误差控制在 20% 以内；每次大促前多花半天会议时间。',
          'Day-one forecast within 20% of actual for the December promotion; costs half a day of meetings before each promotion.',
        ],
        status: 'in_progress',
        roots: ['F1', 'W0'],
        progress: [
          ['2026-11-18T02:00:00.000Z', ['市场部已提交双十二的 4 场直播排期。', 'Marketing has sent the 4 live streams booked for the December promotion.']],
          ['2026-11-20T09:00:00.000Z', ['预测模型 v2 加入直播渠道，用双十一数据回测误差 12%。', 'Forecast model v2 includes the live-stream channel; back-tested on Singles’ Day it is 12% out.']],
        ],
        checks: [],
      },
      {
        title: ['双十二前制定大促应急预案', 'Write the surge contingency plan before the December promotion'],
        description: [
          '预案写明人员、临时分拣流程和承运商备用运力，按预测量分级启动；每级写清由谁决定、多长时间内启动。',
          'The plan covers staffing, the temporary picking process and standby carrier capacity, triggered in levels by forecast volume; each level says who decides and how fast it starts.',
        ],
        kind: 'preventive',
        owner: ['电商运营总监', 'E-commerce operations director'],
        dueAt: '2026-12-05T00:00:00.000Z',
        priority: 'high',
        impact: 'high',
        effort: 'medium',
        expectedEffect: [
          '订单超出预测时 4 小时内启动应急流程，而不是这次的 26 小时。',
          'The fallback starts within 4 hours of orders passing the forecast, not 26 hours as this time.',
        ],
        status: 'in_progress',
        roots: ['F0'],
        progress: [['2026-11-19T08:00:00.000Z', ['初稿完成：预测量超过日常 3 倍启动二级预案，超过 6 倍启动一级预案。', 'First draft done: level 2 above 3x a normal day, level 1 above 6x.']]],
        checks: [],
      },
      {
        title: ['建立复盘行动项跟踪表', 'Keep a log of every review action'],
        description: [
          '每次复盘的行动项当场写明负责人和期限，录入质量部跟踪表；质量部每月在经营会上回顾未完成项。',
          'Every review action gets an owner and a due date in the room and goes into quality’s action log; quality goes through the open ones at the monthly operations meeting.',
        ],
        kind: 'improvement',
        owner: QUALITY_1,
        dueAt: '2026-12-15T00:00:00.000Z',
        priority: 'medium',
        impact: 'high',
        effort: 'low',
        expectedEffect: ['复盘行动项按期完成率达到 80% 以上。', 'At least 80% of review actions done by their due date.'],
        status: 'planned',
        roots: ['W2', 'W3'],
        progress: [],
        checks: [],
      },
      {
        title: ['承运商合同加入高峰加量条款', 'Add a peak-volume clause to the carrier contracts'],
        description: [
          '续签时约定大促期间可按提前 15 天的通知加量到日常的 3 倍。先收集本次各承运商实际能加的运量，确认条款是否可行。',
          'At renewal, agree that volume can rise to 3x normal during promotions with 15 days’ notice. First collect how much each carrier could actually add this time, to see whether the clause is workable.',
        ],
        kind: 'corrective',
        owner: ['陈静（物流合作）', 'Jing Chen (carrier relations)'],
        dueAt: '2027-01-31T00:00:00.000Z',
        priority: 'medium',
        impact: 'medium',
        effort: 'medium',
        expectedEffect: [
          '高峰运力有合同保障；合同单价预计上涨 3%–5%。',
          'Peak capacity guaranteed by contract; unit rates expected to rise 3–5%.',
        ],
        status: 'planned',
        roots: ['W1'],
        progress: [],
        checks: [],
      },
    ],
    feedback: [
      ['2026-11-14T03:00:00.000Z', ['客户在微博留言：“优惠券收到了，但我更想知道包裹到底在哪。”', 'A customer on social media: “Got the coupon, but what I really want is to know where my parcel is.”']],
      [
        '2026-11-17T08:00:00.000Z',
        [
          '回访 200 位受影响客户：62% 对致歉和补偿满意；最大的不满是物流信息好几天不更新。',
          'Follow-up calls to 200 affected customers: 62% satisfied with the apology and compensation; the biggest complaint was tracking that did not update for days.',
        ],
      ],
    ],
    lessons: [
      {
        kind: 'went_well',
        text: [
          '致歉短信和优惠券在发现问题后 22 小时内发出，退单很快止住：补偿要快，比补偿多少更重要。',
          'The apology and coupon went out 22 hours after we noticed, and cancellations stopped quickly: fast compensation mattered more than its size.',
        ],
        department: ['客服部', 'Customer support'],
        touchpoint: 'after_sales_first_contact',
        scenario: 'emergency',
      },
      {
        kind: 'went_wrong',
        text: [
          '去年复盘已经提出要做大促预案，但没有负责人的行动项就不会有人做。',
          'Last year’s review already asked for a surge plan; an action without an owner does not get done.',
        ],
        department: ['质量部', 'Quality'],
        touchpoint: null,
        scenario: 'emergency',
      },
      {
        kind: 'went_wrong',
        text: [
          '计划部单独做的预测漏掉了直播渠道：大促销量要由市场、计划、仓储一起核对。',
          'A forecast made by planning alone missed the live-stream channel: promotion volume has to be agreed by marketing, planning and the warehouse together.',
        ],
        department: ['计划部 / 市场部', 'Planning / Marketing'],
        touchpoint: 'ecommerce_ordering',
        scenario: 'cross_department',
      },
      {
        kind: 'got_lucky',
        text: [
          '第二天找到的两家临时承运商刚好有空余运力，因为另一家平台的促销提前结束了；下次不能指望这种运气。',
          'The two carriers we found on day two happened to have room because another platform’s promotion ended early; next time we cannot count on that.',
        ],
        department: ['物流合作', 'Carrier relations'],
        touchpoint: 'ecommerce_tracking',
        scenario: 'emergency',
      },
    ],
    improvements: [
      ['process', ['大促应急预案按预测量分级启动，写明决策人和启动时限。', 'A surge playbook triggered in levels by forecast volume, naming who decides and how fast.']],
      ['training', ['临时工在大促前至少 3 天完成 2 小时拣货培训，上岗首日有老员工带班。', 'Temp pickers finish a 2-hour picking course at least 3 days before a promotion and work their first shift beside an experienced picker.']],
      ['authorisation', ['客服可直接发放 50 元以内的补偿券，不再逐级审批。', 'Support agents may give coupons up to ¥50 without sign-off.']],
      ['communication', ['预计发货超过 24 小时时，主动短信告知客户新的预计送达时间。', 'When dispatch will be more than 24 hours late, text the customer a new delivery estimate before they ask.']],
    ],
  },

  // 2. Hotel booking system failure. Occurred and resolved on 3 October; seven weeks on, the
  //    technical fixes are verified, the drills are under way and the manual is overdue.
  {
    actions: [
      {
        title: ['安排临时房间、免费餐饮并当面致歉', 'Temporary rooms, free meals and an apology in person'],
        description: [
          '纸质登记后按房型临时分配房间；等待的客人到餐厅免费用餐；总经理在大堂当面致歉。事后逐一电话回访，每位客人赠送一晚房券。',
          'Temporary rooms by room type after paper registration; free meals in the restaurant for waiting guests; the general manager apologises in the lobby. Afterwards every guest gets a call and a free-night voucher.',
        ],
        kind: 'containment',
        owner: ['周婷（前厅经理）', 'Ting Zhou (front-office manager)'],
        dueAt: '2026-10-03T16:00:00.000Z',
        priority: 'high',
        impact: 'high',
        effort: 'medium',
        expectedEffect: [
          '让等待的客人先安顿下来，减少退订和差评；餐饮和房券成本约 4 万元。',
          'Settle waiting guests first and limit cancellations and bad reviews; meals and vouchers cost about ¥40,000.',
        ],
        status: 'verified',
        roots: [],
        progress: [
          ['2026-10-03T11:00:00.000Z', ['启用纸质登记，按房型临时分配房间；等待的客人到餐厅免费用餐。', 'Paper registration and temporary rooms by room type; waiting guests sent to the restaurant for a free meal.']],
          ['2026-10-05T08:00:00.000Z', ['140 位客人全部电话回访，发放房券 126 张。', 'All 140 guests called back; 126 free-night vouchers issued.']],
        ],
        checks: [
          {
            result: 'effective',
            evidence: [
              '37 条差评中有 18 条在回访后修改；没有客人要求退款；22 间夜退订中有 9 间重新预订。',
              '18 of the 37 negative reviews were revised after the calls; no guest asked for a refund; 9 of the 22 cancelled room-nights were booked again.',
            ],
            checkedAt: '2026-10-12T08:00:00.000Z',
            checkedBy: QUALITY_2,
          },
        ],
      },
      {
        title: ['提高连接池上限并修复连接泄漏', 'Raise the connection-pool limit and fix the connection leak'],
        description: [
          '连接池上限从 50 调到 200；修复渠道同步任务的连接泄漏，出错后最多重试 3 次。',
          'Pool limit raised from 50 to 200; the channel-sync job’s connection leak fixed, with at most 3 retries after an error.',
        ],
        kind: 'corrective',
        owner: ['吴刚（IT）', 'Gang Wu (IT)'],
        dueAt: '2026-10-10T10:00:00.000Z',
        priority: 'high',
        impact: 'high',
        effort: 'low',
        expectedEffect: [
          '假期峰值 3 倍负载下不再耗尽连接；只需改配置和一个补丁，不需要新硬件。',
          'No exhaustion at 3x holiday peak load; a configuration change and one patch, no new hardware.',
        ],
        status: 'verified',
        roots: ['F1', 'W1'],
        progress: [
          ['2026-10-04T02:00:00.000Z', ['连接池上限调至 200。', 'Pool limit raised to 200.']],
          ['2026-10-09T06:00:00.000Z', ['同步任务补丁上线，出错后不再无限重试。', 'Sync-job patch live; it no longer retries endlessly after errors.']],
        ],
        checks: [
          {
            result: 'effective',
            evidence: [
              '按假期峰值 3 倍压测：活跃连接最高 85 个，没有超时；上线后 3 周监控无告警。',
              'Load test at 3x holiday peak: at most 85 active connections and no timeouts; 3 weeks of monitoring since with no alerts.',
            ],
            checkedAt: '2026-10-31T08:00:00.000Z',
            checkedBy: QUALITY_2,
          },
        ],
      },
      {
        title: ['系统升级前必须做压力测试', 'Require a load test before every booking-system upgrade'],
        description: [
          '变更单增加“压力测试结果”一栏，没有结果不得上线；测试负载按最近一次假期峰值的 2 倍。',
          'The change form gets a load-test result field and nothing goes live without it; the test load is twice the last holiday peak.',
        ],
        kind: 'preventive',
        owner: ['吴刚（IT）', 'Gang Wu (IT)'],
        dueAt: '2026-10-31T10:00:00.000Z',
        priority: 'medium',
        impact: 'high',
        effort: 'low',
        expectedEffect: [
          '类似的连接泄漏在上线前被发现；每次升级多花约半天。',
          'Leaks like this one are caught before go-live; about half a day more per upgrade.',
        ],
        status: 'done',
        roots: ['W0'],
        progress: [['2026-10-28T07:00:00.000Z', ['新版变更单已启用，12 月的系统升级将第一次按新流程执行。', 'New change form in use; the December upgrade will be the first to follow it.']]],
        checks: [],
      },
      {
        title: ['按班次演练纸质登记', 'Drill paper check-in shift by shift'],
        description: [
          '不停整店系统：每个班次每季度一次 20 分钟桌面推演，加 5 笔纸质登记实操；应急手册和登记表放到前台。',
          'No full-hotel shutdown: each shift gets a 20-minute tabletop drill and 5 practice paper check-ins every quarter; the binder and the forms move to the front desk.',
        ],
        kind: 'preventive',
        owner: ['周婷（前厅经理）', 'Ting Zhou (front-office manager)'],
        dueAt: '2026-12-31T10:00:00.000Z',
        priority: 'high',
        impact: 'high',
        effort: 'medium',
        expectedEffect: [
          '每位前台都能在 5 分钟内完成一位客人的纸质登记；不影响营业。',
          'Every front-desk agent can check a guest in on paper within 5 minutes; no lost business.',
        ],
        status: 'in_progress',
        roots: ['F0'],
        progress: [
          ['2026-10-20T03:00:00.000Z', ['演练方案改为按班次桌面推演加纸质登记实操，不需要停系统。', 'Drill redesigned as a per-shift tabletop plus practice paper check-ins; no system shutdown needed.']],
          ['2026-11-08T02:00:00.000Z', ['早班首次演练：6 人参加，纸质登记平均每位客人 4 分钟。', 'First drill with the morning shift: 6 staff, 4 minutes per paper check-in on average.']],
        ],
        checks: [],
      },
      {
        title: ['指定应急手册负责人并定期修订', 'Give the contingency manual an owner and a review cycle'],
        description: [
          '由总经理指定手册负责人，每年修订一次，每次演练后更新联系人和流程。',
          'The general manager names an owner for the manual; it is revised every year and its contacts and steps updated after each drill.',
        ],
        kind: 'corrective',
        owner: ['总经理', 'General manager'],
        dueAt: '2026-10-31T10:00:00.000Z',
        priority: 'medium',
        impact: 'medium',
        effort: 'low',
        expectedEffect: ['手册内容与当前系统和人员一致。', 'The manual matches today’s systems and staff.'],
        status: 'planned',
        roots: ['W2'],
        progress: [],
        checks: [],
      },
      {
        title: ['更换预订系统服务器', 'Replace the booking-system server'],
        description: [
          '故障当天怀疑是硬件问题，提出更换服务器。',
          'Proposed on the day, when a hardware fault was suspected.',
        ],
        kind: 'corrective',
        owner: ['吴刚（IT）', 'Gang Wu (IT)'],
        dueAt: null,
        priority: 'low',
        impact: 'low',
        effort: 'high',
        expectedEffect: ['', ''],
        status: 'cancelled',
        cancelReason: [
          '硬件已排除：自检和机房日志都正常，故障原因是连接池耗尽。',
          'Hardware ruled out: self-checks and data-centre logs were clean; the cause was pool exhaustion.',
        ],
        roots: [],
        progress: [],
        checks: [],
      },
    ],
    feedback: [
      [
        '2026-10-04T09:00:00.000Z',
        [
          '客人在点评平台追评：“等了一个多小时，但免费午餐和经理的当面道歉让人没那么生气了。”',
          'A guest’s follow-up review: “We waited over an hour, but the free lunch and the manager’s apology in person took the edge off.”',
        ],
      ],
      [
        '2026-10-12T08:00:00.000Z',
        [
          '回访中 4 位客人表示最不满的是没人告诉他们要等多久。',
          'In the follow-up calls, 4 guests said the worst part was that nobody could tell them how long they would wait.',
        ],
      ],
    ],
    lessons: [
      {
        kind: 'went_well',
        text: [
          '值班经理决定启用纸质登记后，30 分钟内客人就开始入住：有人拍板，前台就能很快应对。',
          'Once the duty manager decided on paper registration, guests were checking in within 30 minutes: someone deciding was what the front desk needed.',
        ],
        department: ['前厅部', 'Front office'],
        touchpoint: 'after_sales_first_contact',
        scenario: 'emergency',
      },
      {
        kind: 'went_wrong',
        text: [
          '前台不能先入住后补登记，每份免费餐饮都要签字，应急措施等总经理到场才启动：授权不足让客人多等了一个多小时。',
          'The front desk could not check guests in first and register later, every free meal needed a signature, and the fallback waited for the general manager: too little authority cost guests over an hour.',
        ],
        department: ['前厅部', 'Front office'],
        touchpoint: 'after_sales_first_contact',
        scenario: 'emergency',
      },
      {
        kind: 'went_wrong',
        text: [
          'IT 没有向前台通报进展，前台给不出预计恢复时间，只能反复道歉。',
          'IT gave the front desk no updates, so staff had no restore time to give and could only apologise.',
        ],
        department: ['IT / 前厅部', 'IT / Front office'],
        touchpoint: null,
        scenario: 'cross_department',
      },
      {
        kind: 'got_lucky',
        text: [
          '故障发生在上午退房之后，已打扫好的空房足够临时分配；如果发生在早上，临时房间这条路就走不通。',
          'The outage came after the morning check-outs, so there were enough clean rooms to hand out; an hour earlier, temporary rooms would not have been an option.',
        ],
        department: ['客房部', 'Housekeeping'],
        touchpoint: null,
        scenario: 'emergency',
      },
    ],
    improvements: [
      [
        'authorisation',
        [
          '系统故障时前台可以先入住、后补登记；值班经理可直接批准每位客人 100 元以内的餐饮补偿，不必等总经理。',
          'During an outage the front desk may check guests in first and register later; the duty manager may grant meals up to ¥100 a guest without waiting for the general manager.',
        ],
      ],
      ['training', ['每季度按班次演练纸质登记，新员工入职第一个月内参加一次。', 'A paper check-in drill for every shift each quarter; new hires join one in their first month.']],
      ['monitoring', ['连接池使用率超过 80% 时告警到值班 IT 和前台经理的手机。', 'An alert to the on-call IT engineer’s and the front-office manager’s phones when the connection pool passes 80% use.']],
      [
        'communication',
        [
          '故障期间 IT 每 15 分钟向前台通报一次进展和预计恢复时间，并同步通知 OTA 平台。',
          'During an outage IT updates the front desk every 15 minutes with an estimated restore time, and tells the booking platforms too.',
        ],
      ],
    ],
  },

  // 3. A customer's requirement lost between sales and engineering. Found on 2 August, accepted
  //    on 20 September; two months later the handover is fixed, and the kick-off meeting for large
  //    projects, checked once and found wanting, is being reworked.
  {
    actions: [
      {
        title: ['向客户致歉，自费改为本地化部署', 'Apologise and rebuild for on-premises at our cost'],
        description: [
          '交付中心总监带队向客户正式致歉；返工费用由我方承担，并赠送三个月免费运维。',
          'The delivery-centre director leads a formal apology; we carry the rework cost and add three months of free support.',
        ],
        kind: 'containment',
        owner: ['刘洋（项目经理）', 'Yang Liu (project manager)'],
        dueAt: '2026-09-20T01:00:00.000Z',
        priority: 'high',
        impact: 'high',
        effort: 'high',
        expectedEffect: [
          '通过验收并保住二期合作；返工成本约 60 万元。',
          'Pass acceptance and keep phase two alive; about ¥600,000 of rework.',
        ],
        status: 'verified',
        roots: [],
        progress: [
          ['2026-08-08T06:00:00.000Z', ['跨部门会议与客户对齐需求，双方签字确认返工计划。', 'Cross-department meeting with the customer; both sides signed the rework plan.']],
          ['2026-09-20T01:00:00.000Z', ['本地化部署通过客户验收。', 'On-premises deployment accepted by the customer.']],
        ],
        checks: [
          {
            result: 'effective',
            evidence: [
              '客户验收满意度 8/10；10 月 12 日客户重新启动二期洽谈。',
              'Customer rated acceptance 8/10; phase-two talks restarted on 12 October.',
            ],
            checkedAt: '2026-10-15T02:00:00.000Z',
            checkedBy: QUALITY_1,
          },
        ],
      },
      {
        title: ['销售到交付的交接清单，双方签收', 'A sales-to-delivery handover checklist, signed by both sides'],
        description: [
          '清单列出必交材料：合同、报价单、签约纪要、部署方式、数据要求和特殊条款；销售和交付负责人签收后才能立项。',
          'The checklist names what must be handed over — contract, quote, signing notes, deployment, data requirements, special terms — and a project starts only once sales and delivery have both signed it.',
        ],
        kind: 'corrective',
        owner: ['郑凯（销售）', 'Kai Zheng (sales)'],
        dueAt: '2026-09-30T01:00:00.000Z',
        priority: 'high',
        impact: 'high',
        effort: 'low',
        expectedEffect: [
          '签约时提出的要求全部进入需求文档；每个项目交接多花约 1 小时。',
          'Every requirement raised at signing reaches the requirements document; about an hour more per handover.',
        ],
        status: 'verified',
        roots: ['F0', 'W0'],
        progress: [['2026-09-28T02:00:00.000Z', ['交接清单 V1 发布，共 12 项。', 'Handover checklist v1 published, 12 items.']]],
        checks: [
          {
            result: 'effective',
            evidence: [
              '10 月以来签约的 5 个项目全部按清单交接并签收；交接时发现 2 项特殊要求，均已写入需求文档。',
              'All 5 contracts signed since October were handed over and signed for with the checklist; it caught 2 special requirements, both now in the requirements documents.',
            ],
            checkedAt: '2026-11-10T02:00:00.000Z',
            checkedBy: QUALITY_1,
          },
        ],
      },
      {
        title: ['需求模板增加“部署方式”和非功能需求栏目', 'Add deployment and non-functional fields to the requirements template'],
        description: [
          '需求模板新增部署方式（云 / 本地 / 混合）、数据存放地点、安全与合规要求三个栏目，均为必填。',
          'The requirements template gets three mandatory fields: deployment (cloud / on-premises / hybrid), where data is stored, and security and compliance requirements.',
        ],
        kind: 'corrective',
        owner: ['何琳（技术负责人）', 'Lin He (tech lead)'],
        dueAt: '2026-10-15T01:00:00.000Z',
        priority: 'medium',
        impact: 'high',
        effort: 'low',
        expectedEffect: ['部署方式在需求阶段就确定下来。', 'Deployment is settled while requirements are gathered.'],
        status: 'done',
        roots: ['W1'],
        progress: [['2026-10-09T03:00:00.000Z', ['需求模板 V2.4 发布，新项目一律使用。', 'Requirements template v2.4 published and required for new projects.']]],
        checks: [],
      },
      {
        title: ['销售与交付双周例会', 'A fortnightly sales–delivery meeting'],
        description: [
          '每两周一次，逐个过在签和在建项目的需求变化和客户反馈；交付中心总监主持。',
          'Every two weeks, project by project through deals being signed and projects under way, covering changed requirements and customer feedback; chaired by the delivery-centre director.',
        ],
        kind: 'preventive',
        owner: ['交付中心总监', 'Delivery-centre director'],
        dueAt: '2026-12-31T01:00:00.000Z',
        priority: 'medium',
        impact: 'high',
        effort: 'medium',
        expectedEffect: [
          '需求变化在两周内传到技术团队；运行一个季度后评估是否继续。',
          'Changes in requirements reach engineering within two weeks; reviewed after one quarter.',
        ],
        status: 'in_progress',
        roots: ['F1'],
        progress: [
          ['2026-09-02T06:00:00.000Z', ['首次例会召开，过了 14 个项目。', 'First meeting held; 14 projects reviewed.']],
          ['2026-10-28T06:00:00.000Z', ['已召开 5 次，销售平均出席 3/4。', 'Five meetings so far; on average 3 of 4 salespeople attend.']],
        ],
        checks: [],
      },
      {
        title: ['大项目签约后召开三方启动会', 'A three-way kick-off for large projects'],
        description: [
          '合同金额超过 100 万元的项目，签约后一周内召开客户、销售、技术三方启动会，逐条确认需求。',
          'For contracts over ¥1 million, a kick-off with the customer, sales and engineering within a week of signing, going through the requirements one by one.',
        ],
        kind: 'corrective',
        owner: ['刘洋（项目经理）', 'Yang Liu (project manager)'],
        dueAt: '2026-12-15T01:00:00.000Z',
        priority: 'medium',
        impact: 'medium',
        effort: 'medium',
        expectedEffect: [
          '大项目不再依赖口头交接；每个项目多一次半天的会议。',
          'Large projects no longer rely on a verbal handover; one more half-day meeting per project.',
        ],
        status: 'in_progress',
        roots: ['W3'],
        progress: [
          ['2026-10-01T02:00:00.000Z', ['启动会流程发布，10 月两个大项目按此执行。', 'Kick-off procedure published; the two large projects in October follow it.']],
          [
            '2026-10-22T02:00:00.000Z',
            ['检查发现效果不佳，邀请模板加入客户 IT 负责人，并按交接清单逐项确认。', 'After the check, the invitation now includes the customer’s IT lead and the meeting walks through the handover checklist.'],
          ],
          ['2026-11-12T06:00:00.000Z', ['第三次启动会：客户 IT 参加，要求一次记录到位。', 'Third kick-off: the customer’s IT lead attended and every requirement was captured first time.']],
        ],
        checks: [
          {
            result: 'not_effective',
            evidence: [
              '两个大项目都开了启动会，但客户 IT 人员没有受邀，网络隔离要求仍然到设计评审时才发现。',
              'Both large projects held a kick-off, but the customer’s IT staff were not invited; a network-isolation requirement again only surfaced at design review.',
            ],
            checkedAt: '2026-10-20T02:00:00.000Z',
            checkedBy: QUALITY_1,
          },
        ],
      },
      {
        title: ['为“线索到交付”流程指定跨部门负责人', 'Name one owner for the lead-to-delivery process'],
        description: [
          '公司流程清单新增跨部门流程“线索到交付”，由运营副总负责，销售和交付各指定一名接口人。',
          'Add “lead to delivery” to the company process list as a cross-department process owned by the VP of operations, with a contact in sales and one in delivery.',
        ],
        kind: 'improvement',
        owner: ['首席运营官', 'Chief operating officer'],
        dueAt: '2027-01-15T01:00:00.000Z',
        priority: 'medium',
        impact: 'high',
        effort: 'medium',
        expectedEffect: [
          '部门之间的空白有人负责；需要在年度组织调整时一并确定。',
          'Someone owns the gap between departments; to be settled with the annual reorganisation.',
        ],
        status: 'planned',
        roots: ['W2'],
        progress: [],
        checks: [],
      },
    ],
    feedback: [
      ['2026-09-20T06:00:00.000Z', ['客户在验收会上表示：本地化部署方案符合要求，但希望以后不要再靠验收来发现问题。', 'At acceptance the customer said the on-premises deployment meets their needs, but they do not want to find problems at acceptance again.']],
      [
        '2026-10-12T02:00:00.000Z',
        [
          '客户 IT 总监：二期希望从第一天起就有一位技术对接人，并每月看一次进展演示。',
          'The customer’s IT director: for phase two they want a named engineering contact from day one and a progress demo every month.',
        ],
      ],
    ],
    lessons: [
      {
        kind: 'went_wrong',
        text: [
          '要求在签约时就写下来了，却在交接时丢了：记下来不等于传下去，交接要有清单和签收。',
          'The requirement was written down at signing and lost at handover: writing it down is not passing it on; a handover needs a checklist and a signature.',
        ],
        department: ['销售部 / 交付中心', 'Sales / Delivery centre'],
        touchpoint: 'delivery',
        scenario: 'cross_department',
      },
      {
        kind: 'went_wrong',
        text: [
          '第一次演示在验收前两周，太晚了：开发中途就应该和客户确认方案。',
          'The first demo came two weeks before acceptance, far too late: the design should be checked with the customer mid-project.',
        ],
        department: ['交付中心', 'Delivery centre'],
        touchpoint: 'delivery',
        scenario: 'requirement_change',
      },
      {
        kind: 'went_well',
        text: [
          '请客户一起参加的跨部门会议一周内结束了互相指责，拿出了双方签字的返工计划。',
          'A cross-department meeting with the customer in the room ended the blame within a week and produced a rework plan both sides signed.',
        ],
        department: ['销售部 / 交付中心', 'Sales / Delivery centre'],
        touchpoint: 'after_sales_resolution',
        scenario: 'cross_department',
      },
      {
        kind: 'got_lucky',
        text: [
          '客户自己的机房提前两周就绪，返工才没有再拖更久。',
          'The customer’s own server room was ready two weeks early; otherwise the rework would have run even later.',
        ],
        department: ['交付中心', 'Delivery centre'],
        touchpoint: 'delivery',
        scenario: null,
      },
    ],
    improvements: [
      ['process', ['销售到交付的交接清单和双方签收，作为立项前提。', 'The sales-to-delivery checklist and both signatures as a condition for starting a project.']],
      ['communication', ['销售与交付双周例会，以及大项目的客户、销售、技术三方启动会。', 'The fortnightly sales–delivery meeting, and a three-way kick-off with the customer for large projects.']],
      ['training', ['销售培训：部署方式和非功能需求如何决定系统架构。', 'Sales training on how deployment and non-functional requirements shape the architecture.']],
      ['technology', ['交付前在客户的部署环境中做一次完整的安装演练。', 'A full installation rehearsal in the customer’s own deployment environment before handover.']],
    ],
  },
];

/** The root causes of one case in report order: the fishbone's, then the 5 Whys'. */
function rootRefs(fishbone: Fishbone | undefined, analyses: readonly WhyAnalysis[]): Record<'F' | 'W', RootCauseRef[]> {
  return {
    F: fishbone ? rootCauses(fishbone).map(({ cause }): RootCauseRef => ({ source: 'fishbone', id: cause.id })) : [],
    W: whyRootCauses(analyses).map(({ why }): RootCauseRef => ({ source: 'whys', id: why.id })),
  };
}

function build(spec: PlanSpec, refs: Record<'F' | 'W', RootCauseRef[]>, pick: (both: Both) => string, newId: () => string, caseIndex: number): CasePlan {
  const ref = (position: RootPosition): RootCauseRef => {
    const found = refs[position[0] as 'F' | 'W'][Number(position.slice(1))];
    if (!found) throw new Error(`Demo plan ${caseIndex + 1}: no root cause ${position}; pass the fishbones and analyses of demoFishbones() and demoWhys().`);
    return found;
  };
  const actions = spec.actions.map(
    (a): Action => ({
      id: newId(),
      title: pick(a.title),
      description: pick(a.description),
      kind: a.kind,
      owner: pick(a.owner),
      dueAt: a.dueAt,
      priority: a.priority,
      impact: a.impact,
      effort: a.effort,
      expectedEffect: pick(a.expectedEffect),
      status: a.status,
      cancelReason: a.cancelReason ? pick(a.cancelReason) : '',
      rootCauses: a.roots.map(ref),
      progress: a.progress.map(([at, note]) => ({ id: newId(), at, note: pick(note) })),
      checks: a.checks.map((c) => ({ id: newId(), result: c.result, evidence: pick(c.evidence), checkedAt: c.checkedAt, checkedBy: pick(c.checkedBy) })),
    }),
  );
  return {
    actions,
    feedback: spec.feedback.map(([at, note]) => ({ id: newId(), at, note: pick(note) })),
    lessons: spec.lessons.map(
      (l): Lesson => ({
        id: newId(),
        kind: l.kind,
        text: pick(l.text),
        appliesDepartment: l.department ? pick(l.department) : '',
        appliesTouchpoint: l.touchpoint,
        appliesScenario: l.scenario,
      }),
    ),
    improvements: spec.improvements.map(([area, text]): Improvement => ({ id: newId(), area, text: pick(text) })),
  };
}

/** One plan per demo case, in the order of `demoCases(language)`, linked to the root causes of the
 *  case's fishbone from `demoFishbones(language)` and its analyses from `demoWhys(language, …)`.
 *  Ids are drawn from `newId` in the same order in both languages. */
export function demoPlans(
  language: Language,
  fishbones: Fishbone[],
  analyses: WhyAnalysis[][],
  newId: () => string = () => crypto.randomUUID(),
): CasePlan[] {
  const pick = (both: Both) => (language === 'zh-CN' ? both[0] : both[1]);
  return SPECS.map((spec, i) => build(spec, rootRefs(fishbones[i], analyses[i] ?? []), pick, newId, i));
}
