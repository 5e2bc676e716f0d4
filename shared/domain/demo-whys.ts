import type { Language } from '../i18n/languages';
import type { Cause, Fishbone } from './fishbone';
import { defaultWhyFields, type Why, type WhyAnalysis, type WhyFields } from './whys';

/** Sample 5-Whys analyses for the three demo cases (shared/domain/demo.ts), as the team left them
 *  after the cause-analysis meeting: one asks why about the problem, one digs into a root cause
 *  agreed on the case's fishbone (shared/domain/demo-fishbones.ts). Each has a main chain five or
 *  six whys deep, a branch, answers checked and set aside, and root causes with their evidence.
 *  Each case also keeps one root cause the team has not finished with (too shallow, no evidence,
 *  a person blamed, no reason to stop), so the analysis hints have something to say. Both
 *  languages have the same trees. */

type Both = readonly [zh: string, en: string];
type Fields = Partial<Omit<WhyFields, 'answer' | 'evidence'>>;

interface WhySpec {
  answer: Both;
  set: Fields;
  evidence?: Both;
  children: WhySpec[];
}

/** Where the fishbone cause an analysis starts from sits in `demoFishbones()`: the index of its
 *  category, then the index at each level of the cause tree. */
interface CausePosition {
  category: number;
  path: readonly number[];
}

interface AnalysisSpec {
  start: CausePosition | null;
  /** The question as the team wrote it; null leaves it empty (the problem or cause text shows). */
  question: Both | null;
  whys: WhySpec[];
}

const verified = { status: 'verified' } as const;
const hypothesis = { status: 'hypothesis' } as const;

function w(answer: Both, set: Fields, children: WhySpec[] = []): WhySpec {
  return { answer, set, children };
}

/** An answer the team checked and set aside, with what showed it was wrong. */
function ruledOut(answer: Both, evidence: Both): WhySpec {
  return { answer, set: { status: 'ruled_out' }, evidence, children: [] };
}

/** A why the team marked as a root cause; evidence null when nobody has written any yet. */
function root(answer: Both, evidence: Both | null, set: Fields): WhySpec {
  return { answer, set: { ...set, isRootCause: true }, ...(evidence ? { evidence } : {}), children: [] };
}

const SPECS: AnalysisSpec[][] = [
  // 1. Singles' Day: order surge, late deliveries.
  [
    {
      start: null,
      question: ['为什么约 1.2 万笔订单超过 48 小时才发货？', 'Why did about 12,000 orders miss the 48-hour dispatch promise?'],
      whys: [
        w(['首日发货能力远低于订单量', 'Day-one dispatch capacity fell far short of orders'], verified, [
          w(['仓库人手和承运商运力都没有超出预测的余量', 'Neither warehouse staff nor carrier capacity had room beyond the forecast'], verified, [
            w(['预测首日 8 万单，实际来了 24 万单', 'The forecast said 80,000 orders for day one; 240,000 came'], verified, [
              w(['预测模型没有算直播带货的订单', 'The forecast model left out live-stream sales'], verified, [
                w(['直播排期没有同步给供应链', 'Live-stream bookings were never shared with supply chain'], verified, [
                  root(
                    ['大促筹备没有各部门一起核对销量的环节', 'Promotion planning has no step where departments agree the expected volume'],
                    [
                      '大促筹备清单共 23 项，全部按部门分开填写；市场部 10 月 28 日确定的 6 场直播，计划部直到 11 月 12 日复盘时才知道。',
                      'The promotion checklist has 23 items, each filled in by one department alone; the 6 live streams marketing booked on 28 October reached planning only at the review on 12 November.',
                    ],
                    { ...verified, stopReason: 'controllable' },
                  ),
                ]),
              ]),
            ]),
            root(['承运商合同没有高峰加量条款', 'The carrier contract has no peak-volume clause'], null, { ...hypothesis, stopReason: 'needs_data' }),
          ]),
          ruledOut(
            ['拣货员粗心，拣错太多', 'Pickers were careless and made too many mistakes'],
            ['拣错率确实上升，但返工只占积压订单的约 5%。', 'Picking errors did rise, but rework was only about 5% of the backlog.'],
          ),
        ]),
      ],
    },
    {
      start: { category: 3, path: [0] },
      question: null,
      whys: [
        w(['去年复盘提出的大促预案一直没做', 'The surge plan asked for at last year’s review was never written'], verified, [
          w(['这个行动项没有负责人，也没有期限', 'The action had no owner and no due date'], verified, [
            w(['复盘会只列问题，不当场分派行动', 'Reviews list problems but assign no actions in the room'], verified, [
              w(['复盘报告模板没有负责人和期限栏', 'The review template has no owner or due-date fields'], verified, [
                root(
                  ['没有人跟踪复盘行动项是否完成', 'Nobody tracks whether review actions get done'],
                  [
                    '去年复盘共提出 9 个行动项，只有 2 个写了负责人；质量部没有行动项跟踪表，也没有在任何会议上回顾过。',
                    'Last year’s review raised 9 actions and only 2 named an owner; quality keeps no action log and no meeting ever went back over them.',
                  ],
                  { ...verified, stopReason: 'controllable' },
                ),
              ]),
            ]),
            root(['大促前大家都忙，预案一拖再拖', 'Everyone was busy before the promotion, so the plan kept slipping'], null, hypothesis),
          ]),
          ruledOut(
            ['负责人忘了这件事', 'The person in charge forgot about it'],
            ['这个行动项从没指派过负责人，谈不上谁忘了。', 'The action was never assigned to anyone, so nobody could have forgotten it.'],
          ),
        ]),
      ],
    },
  ],

  // 2. Hotel booking system failure.
  [
    {
      start: null,
      question: ['为什么约 140 位客人无法入住，最长等了 2 小时？', 'Why could about 140 guests not check in, some waiting 2 hours?'],
      whys: [
        w(['前台查不到预订记录，也没有备用办法', 'The front desk could not see reservations and had no fallback'], verified, [
          w(['预订系统的数据库连接耗尽', 'The booking system ran out of database connections'], verified, [
            w(['渠道同步任务占着连接不释放', 'The channel-sync job held on to its connections'], verified, [
              w(['上月升级引入了连接泄漏', 'Last month’s upgrade introduced a connection leak'], verified, [
                w(['升级上线前没做压力测试', 'The upgrade went live without a load test'], verified, [
                  root(
                    ['变更流程不要求做压力测试', 'The change process does not require a load test'],
                    [
                      '变更单只检查功能能否使用；过去一年 7 次系统升级，没有一次做过压力测试。',
                      'The change form only checks that features work; none of the 7 upgrades in the past year had a load test.',
                    ],
                    { ...verified, stopReason: 'controllable' },
                  ),
                ]),
              ]),
              w(['同步任务出错后会不停重试', 'The sync job keeps retrying after errors'], hypothesis),
            ]),
            root(
              ['连接池上限多年没随房量调整', 'The pool limit was never raised as rooms were added'],
              [
                '连接池上限仍是 2019 年设置的 50；监控显示 10:28 起活跃连接一直是 50。',
                'The pool limit is still 50, as set in 2019; monitoring shows 50 active connections from 10:28.',
              ],
              { ...verified, stopReason: 'controllable' },
            ),
          ]),
          ruledOut(
            ['服务器硬件故障', 'A server hardware fault'],
            ['硬件自检和机房日志都正常。', 'Hardware self-checks and the data-centre logs were clean.'],
          ),
        ]),
      ],
    },
    {
      start: { category: 1, path: [0] },
      question: null,
      whys: [
        w(['季度应急演练一直没有安排', 'The quarterly contingency drill was never scheduled'], verified, [
          w(['演练要停用系统，前厅担心影响营业', 'A drill means taking the system offline, and front office feared lost business'], verified, [
            w(['演练方案只有整店停机这一种做法', 'The only drill on paper is a full-hotel shutdown'], verified, [
              w(['应急手册多年没有修订', 'The contingency manual has not been revised in years'], verified, [
                root(
                  ['手册没有负责人，也没有修订周期', 'The manual has no owner and no review cycle'],
                  [
                    '手册最后修订于 2019 年，封面没写负责人；集团制度只写了“各店自行维护”。',
                    'The manual was last revised in 2019 and names no owner; group policy only says each hotel maintains its own.',
                  ],
                  { ...verified, stopReason: 'controllable' },
                ),
              ]),
            ]),
            root(['值班经理责任心不强，不重视演练', 'Duty managers were careless about drills'], null, { ...hypothesis, stopReason: 'controllable' }),
            ruledOut(
              ['总部取消了演练要求', 'Head office dropped the drill requirement'],
              ['总部从没发过取消通知，季度演练仍在集团制度里。', 'Head office never sent a cancellation; the quarterly drill is still in group policy.'],
            ),
          ]),
        ]),
      ],
    },
  ],

  // 3. A customer's requirement lost between sales and engineering.
  [
    {
      start: null,
      question: ['为什么客户的本地化部署要求直到验收才被发现？', 'Why did the on-premises requirement only surface at acceptance?'],
      whys: [
        w(['技术团队按云部署方案开发', 'Engineering built a cloud deployment'], verified, [
          w(['需求文档里没有本地化部署这一条', 'The requirements document never mentioned on-premises'], verified, [
            w(['这项要求只记在销售的会议纪要里', 'The requirement was only in the salesperson’s meeting notes'], verified, [
              w(['移交给交付中心的只有合同和报价单', 'Only the contract and the quote were handed to delivery'], verified, [
                w(['交接没有规定必须移交哪些材料', 'Nothing says what must be handed over'], verified, [
                  root(
                    ['销售到交付的交接没有清单，也没有签收', 'The sales-to-delivery handover has no checklist and no sign-off'],
                    [
                      '签约纪要第 3 条写明“客户要求数据本地化部署”，但交付中心收到的只有合同和报价单，双方都没有签收记录。',
                      'Item 3 of the signing notes reads “customer requires on-premises data deployment”, but delivery received only the contract and the quote, and neither side signed for the handover.',
                    ],
                    { ...verified, stopReason: 'controllable' },
                  ),
                ]),
              ]),
            ]),
            root(
              ['需求模板里没有“部署方式”一栏', 'The requirements template has no deployment field'],
              ['需求模板 V2.3 共 14 个栏目，没有一个问部署方式。', 'Requirements template v2.3 has 14 fields; none asks how it is deployed.'],
              { ...verified, stopReason: 'controllable' },
            ),
            w(['技术负责人没参加签约会', 'The tech lead was not at the signing meeting'], hypothesis),
          ]),
          ruledOut(
            ['销售个人疏忽，忘了转告', 'The salesperson simply forgot to pass it on'],
            ['纪要第 3 条写明了这项要求，销售如实记录了。', 'Item 3 of the notes records the requirement: sales did write it down.'],
          ),
        ]),
      ],
    },
    {
      start: { category: 1, path: [0] },
      question: null,
      whys: [
        w(['交接一直是口头约定，从没写成制度', 'The handover has always been a verbal habit, never written down'], verified, [
          w(['销售和交付各管各的流程，中间没人负责', 'Sales and delivery each own their part; nobody owns the gap'], verified, [
            w(['两个部门分属不同的副总', 'The two departments report to different VPs'], verified, [
              w(['跨部门流程没有统一的负责人', 'Cross-department processes have no single owner'], verified, [
                root(
                  ['公司的流程只按部门分配负责人', 'Process ownership is assigned only by department'],
                  [
                    '公司流程清单共 42 条，全部归属单一部门，跨部门的一条也没有。',
                    'All 42 processes on the company list belong to a single department; not one spans two.',
                  ],
                  { ...verified, stopReason: 'controllable' },
                ),
              ]),
            ]),
            w(['交付中心以为销售会主动转告', 'Delivery assumed sales would pass everything on'], hypothesis),
          ]),
          root(['以前项目小，口头交接也够用', 'Projects used to be small enough for a verbal handover'], null, { ...hypothesis, stopReason: 'needs_data' }),
          ruledOut(
            ['销售故意隐瞒了客户的要求', 'Sales kept the requirement back on purpose'],
            ['要求在签约纪要里写得清清楚楚，没有隐瞒。', 'The requirement is written plainly in the signing notes; nothing was hidden.'],
          ),
        ]),
      ],
    },
  ],
];

function causeAt(fishbone: Fishbone | undefined, position: CausePosition): Cause {
  let list = fishbone?.categories[position.category]?.causes;
  let found: Cause | undefined;
  for (const i of position.path) {
    found = list?.[i];
    list = found?.children;
  }
  if (!found) throw new Error(`Demo 5 Whys: no fishbone cause at ${JSON.stringify(position)}; pass the fishbones of demoFishbones().`);
  return found;
}

/** The sample analyses of each demo case, in the order of `demoCases(language)`, given the case's
 *  fishbones from `demoFishbones(language)` (the analyses that start from a cause take its id).
 *  Ids are drawn from `newId` in the same order in both languages. */
export function demoWhys(language: Language, fishbones: Fishbone[], newId: () => string = () => crypto.randomUUID()): WhyAnalysis[][] {
  const pick = (both: Both) => (language === 'zh-CN' ? both[0] : both[1]);
  const why = (spec: WhySpec): Why => ({
    ...defaultWhyFields(pick(spec.answer)),
    ...spec.set,
    evidence: spec.evidence ? pick(spec.evidence) : '',
    id: newId(),
    children: spec.children.map(why),
  });
  return SPECS.map((analyses, i) =>
    analyses.map((spec): WhyAnalysis => {
      const startCauseId = spec.start ? causeAt(fishbones[i], spec.start).id : null;
      return { id: newId(), startCauseId, question: spec.question ? pick(spec.question) : '', direction: 'TB', whys: spec.whys.map(why) };
    }),
  );
}
