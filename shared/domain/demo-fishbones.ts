import type { Language } from '../i18n/languages';
import type { Category, Cause, CauseFields, Fishbone } from './fishbone';
import { defaultCauseFields } from './fishbone';
import { findFishboneTemplate } from './fishbone-templates';

/** Sample fishbones for the three demo cases (shared/domain/demo.ts), as the team left them at the
 *  end of the cause-analysis meeting: sticky-note causes, a few checked, votes cast, one or two
 *  root causes agreed with the evidence behind them. Both languages have the same tree. */

type Both = readonly [zh: string, en: string];

interface CauseSpec {
  text: Both;
  set: Partial<Omit<CauseFields, 'text' | 'evidence'>>;
  evidence?: Both;
  children: CauseSpec[];
}

interface CategorySpec {
  /** A bone of the diagram's template, or one the team added (label, no key). */
  bone: { key: string } | { label: Both };
  causes: CauseSpec[];
}

interface FishboneSpec {
  template: string;
  effect: Both;
  categories: CategorySpec[];
}

type Fields = CauseSpec['set'];

function n(text: Both, set: Fields = {}, children: CauseSpec[] = []): CauseSpec {
  return { text, set, children };
}

/** A cause the team agreed is a root cause, with what convinced them. */
function root(text: Both, evidence: Both, set: Fields = {}, children: CauseSpec[] = []): CauseSpec {
  return { text, set: { status: 'confirmed', ...set, isRootCause: true }, evidence, children };
}

const confirmed = { status: 'confirmed' } as const;
const investigating = { status: 'investigating' } as const;
const ruledOut = { status: 'ruled_out' } as const;

const SPECS: FishboneSpec[] = [
  // 1. Singles' Day: order surge, late deliveries. A warehouse problem first, so 5M1E.
  {
    template: '5m1e',
    effect: ['为什么大促首日约 1.2 万笔订单超时发货？', 'Why did ~12,000 orders miss the 48-hour dispatch promise?'],
    categories: [
      {
        bone: { key: 'people' },
        causes: [
          n(['临时工上岗前没培训', 'Temp pickers not trained before shift'], { ...confirmed, votes: 2 }, [
            n(['培训被压缩到开场前一晚', 'Training squeezed into the night before'], confirmed),
            n(['拣错率翻倍，返工占用人手', 'Picking errors doubled; rework tied up staff'], investigating),
          ]),
          n(['夜班人手不足', 'Night shift short-staffed'], { ...confirmed, votes: 1 }, [
            n(['排班按去年 3 倍峰值测算', 'Rota planned for last year’s 3x peak'], confirmed),
          ]),
          n(['客服排队超过 30 分钟', 'Support queue over 30 minutes'], { ...confirmed, votes: 1, touchpoint: 'after_sales_first_contact', servqual: 'responsiveness' }, [
            n(['客服无权直接补偿，要逐级审批', 'Agents can’t offer compensation without sign-off'], { ...confirmed, servqual: 'responsiveness' }),
          ]),
        ],
      },
      {
        bone: { key: 'machine' },
        causes: [
          n(['WMS 波次拣货高峰卡顿', 'WMS wave picking stalled at peak'], { ...confirmed, votes: 1 }, [
            n(['单波次任务量超出设计上限', 'Waves bigger than the system was sized for'], investigating),
          ]),
          n(['手持终端电量不足', 'Handheld scanners ran flat'], ruledOut),
        ],
      },
      {
        bone: { key: 'material' },
        causes: [n(['第二天纸箱和胶带断货', 'Cartons and tape ran out on day two'], confirmed)],
      },
      {
        bone: { key: 'method' },
        causes: [
          root(
            ['没有大促应急预案', 'No surge contingency plan'],
            [
              '去年双十一复盘已提出制定大促预案，但该行动项没有负责人，至今未完成；促销开始后的前 26 小时，仓库一直按日常流程作业。',
              'Last year’s Singles’ Day review asked for a surge plan, but the action had no owner and was never done; for the first 26 hours the warehouse ran its everyday process.',
            ],
            { votes: 5 },
            [
              n(['去年复盘的行动项没人跟进', 'Last year’s review actions never followed up'], confirmed),
              n(['临时分拣流程第二天才启用', 'Temporary picking process only started on day two'], confirmed),
            ],
          ),
          n(['承运商运力按日常量预订', 'Carrier capacity booked at normal volume'], { ...confirmed, votes: 3 }, [
            n(['合同里没有高峰加量条款', 'No peak-volume clause in the contract'], confirmed),
          ]),
        ],
      },
      {
        bone: { key: 'environment' },
        causes: [
          n(['全行业同时爆仓，临时运力难找', 'Whole industry at peak; no spare carriers'], confirmed),
          n(['华东暴雨影响干线运输', 'Heavy rain on East China trunk routes'], ruledOut),
        ],
      },
      {
        bone: { key: 'measurement' },
        causes: [
          root(
            ['销量预测只有实际的三分之一', 'Forecast was a third of actual orders'],
            [
              '预测首日 8 万单，实际 24 万单；预测模型不含直播渠道（对照计划部预测表与订单系统日报）。',
              'Forecast 80,000 orders for day one, actual 240,000; the model had no live-stream channel (planning forecast vs. the order system’s daily report).',
            ],
            { votes: 4 },
            [
              n(['预测没算直播带货的流量', 'Forecast left out live-stream sales'], confirmed, [
                n(['直播排期没有同步给供应链', 'Live-stream schedule never shared with supply chain'], investigating),
              ]),
            ],
          ),
          n(['发货超时没有实时预警', 'No live alert on late dispatch'], { ...confirmed, votes: 2 }, [
            n(
              ['物流信息更新滞后，客户连续几天看不到任何进度，只能打电话问客服', 'Tracking updates lagged, so customers saw no progress for days and rang support instead'],
              { ...confirmed, touchpoint: 'ecommerce_tracking', servqual: 'reliability' },
            ),
          ]),
        ],
      },
    ],
  },

  // 2. Hotel booking system failure. A service moment gone wrong at the front desk, so MOT.
  {
    template: 'mot',
    effect: ['为什么系统故障后客人要等 2 小时才能入住？', 'Why did guests wait up to 2 hours to check in when the system failed?'],
    categories: [
      {
        bone: { key: 'authority' },
        causes: [
          n(['前台不能先入住后补登记', 'Front desk can’t check in first, register later'], { ...confirmed, votes: 3, servqual: 'responsiveness' }, [
            n(['免费餐饮要值班经理逐单签字', 'Each free meal needed the duty manager’s signature'], confirmed),
          ]),
          n(['值班经理等总经理到场才启动应急', 'Duty manager waited for the GM to start the fallback'], { ...investigating, votes: 1 }),
        ],
      },
      {
        bone: { key: 'training' },
        causes: [
          root(
            ['从没演练过纸质登记', 'Paper check-in never drilled'],
            [
              '应急手册要求每季度演练一次，但近 18 个月没有任何演练记录；当班 6 名前台中有 4 人不知道纸质登记表放在哪里。',
              'The contingency manual calls for a drill every quarter, but none is on record for 18 months; 4 of the 6 front-desk staff on duty did not know where the paper forms were kept.',
            ],
            { votes: 4 },
            [
              n(['应急手册锁在后台办公室', 'Contingency binder locked in the back office'], confirmed),
              n(['当班前台一半是新员工', 'Half the shift were new hires'], confirmed),
            ],
          ),
          n(['不会安抚排队客人的情绪', 'Staff unsure how to calm waiting guests'], { servqual: 'empathy' }),
        ],
      },
      {
        bone: { key: 'communication' },
        causes: [
          n(['给不出预计恢复时间', 'No restore time to give guests'], { ...confirmed, votes: 2, touchpoint: 'after_sales_first_contact', servqual: 'assurance' }, [
            n(['IT 不向前台通报进展', 'IT gave the front desk no updates'], confirmed),
          ]),
          n(['OTA 平台没收到故障通知', 'Booking platforms not told of the outage'], investigating),
        ],
      },
      {
        bone: { key: 'process' },
        causes: [
          n(['故障升级路径不清', 'Unclear escalation path'], { ...confirmed, votes: 2 }, [
            n(['IT 值班电话 15 分钟没人接', 'IT on-call phone unanswered for 15 min'], confirmed),
          ]),
          n(['没有离线备份的当日到店名单', 'No offline copy of the day’s arrivals'], { ...confirmed, votes: 3 }),
        ],
      },
      {
        bone: { key: 'environment' },
        causes: [
          n(['国庆首日入住高峰', 'Holiday first-day check-in peak'], confirmed),
          n(['大堂小，排队堵住门口', 'Small lobby; queue blocked the entrance'], { servqual: 'tangibles' }),
        ],
      },
      {
        bone: { key: 'product' },
        causes: [
          n(['数据库连接池耗尽', 'Database connection pool exhausted'], { ...confirmed, votes: 2 }, [
            root(
              ['连接池上限多年没随房量调整', 'Pool limit never raised as rooms were added'],
              [
                '连接池上限仍是 2019 年设置的 50；监控显示 10:28 起活跃连接一直是 50，新请求排队超时。',
                'The pool limit is still 50, as set in 2019; monitoring shows 50 active connections from 10:28 and new requests timing out in the queue.',
              ],
              { votes: 1 },
            ),
            n(['渠道同步任务不释放连接', 'Channel-sync job leaks connections'], investigating, [
              n(['上月升级后没做压力测试', 'No load test after last month’s upgrade'], {}),
            ]),
          ]),
          n(['服务器硬件故障', 'Server hardware fault'], ruledOut),
        ],
      },
    ],
  },

  // 3. A customer's requirement lost between sales and engineering. Service 4P, plus the
  //    communication bone the team added themselves.
  {
    template: '4p',
    effect: ['为什么客户的本地化部署要求没有传到技术团队？', 'Why did the on-premises requirement never reach engineering?'],
    categories: [
      {
        bone: { key: 'policies' },
        causes: [
          n(['销售只考核签约，不管交付', 'Sales judged on signing, not delivery'], { ...confirmed, votes: 2 }),
          n(['需求确认不需要技术签字', 'Requirements signed off without engineering'], { ...confirmed, votes: 3 }, [
            n(['合同评审只有销售和法务参加', 'Only sales and legal review contracts'], confirmed),
          ]),
        ],
      },
      {
        bone: { key: 'procedures' },
        causes: [
          root(
            ['销售到交付的交接没有清单', 'No checklist for the sales-to-delivery handover'],
            [
              '签约纪要第 3 条写明“客户要求数据本地化部署”，但移交给交付中心的只有合同和报价单；需求文档模板里没有部署方式这一项。',
              'Item 3 of the signing notes reads “customer requires on-premises data deployment”, yet only the contract and the quote were handed to delivery; the requirements template has no field for deployment.',
            ],
            { votes: 5 },
            [
              n(['需求模板缺“部署方式”一栏', 'Requirements template has no deployment field'], confirmed),
              n(['会议纪要不算正式交接材料', 'Meeting notes aren’t part of the handover'], confirmed),
            ],
          ),
          n(['开发中途没和客户确认方案', 'No mid-project design review with the customer'], { ...confirmed, votes: 3, touchpoint: 'delivery', servqual: 'reliability' }, [
            n(['第一次演示就在验收前两周', 'First demo two weeks before acceptance'], confirmed),
          ]),
        ],
      },
      {
        bone: { key: 'people' },
        causes: [
          n(['销售不清楚部署方式对架构的影响', 'Sales unaware deployment drives the architecture'], { ...confirmed, votes: 1 }),
          n(['技术负责人没参加签约会', 'Tech lead missed the signing meeting'], confirmed, [
            n(['当时同时带两个项目', 'Was running two projects at once'], confirmed),
          ]),
          n(['销售个人疏忽', 'Salesperson simply forgot'], ruledOut),
        ],
      },
      {
        bone: { key: 'plant' },
        causes: [
          n(['CRM 纪要和需求系统不互通', 'CRM notes don’t reach the requirements tool'], { ...confirmed, votes: 2 }, [
            n(['交付团队没有 CRM 查看权限', 'Delivery team can’t see CRM records'], investigating),
          ]),
        ],
      },
      {
        bone: { label: ['沟通', 'Communication'] },
        causes: [
          n(['发现问题后互相指责，拖了两周', 'Two weeks lost to blame after it surfaced'], { ...confirmed, votes: 1 }, [
            root(
              ['没有销售和技术的定期例会', 'No regular sales–engineering meeting'],
              [
                '过去一年销售与交付之间没有任何例会记录；验收前 12 周，双方没有就这个项目沟通过一次。',
                'There is no record of any regular sales–delivery meeting in the past year; in the 12 weeks before acceptance the two teams never once discussed this project.',
              ],
              { votes: 2 },
            ),
          ]),
          n(['客户多次口头提醒没有记录', 'Customer’s verbal reminders never logged'], { touchpoint: 'delivery', servqual: 'empathy' }),
        ],
      },
    ],
  },
];

function build(spec: FishboneSpec, language: Language, newId: () => string): Fishbone {
  const template = findFishboneTemplate(spec.template);
  if (!template) throw new Error(`Demo fishbone uses unknown template ${spec.template}.`);
  const pick = (both: Both) => (language === 'zh-CN' ? both[0] : both[1]);
  const cause = (c: CauseSpec): Cause => ({
    ...defaultCauseFields(pick(c.text)),
    ...c.set,
    evidence: c.evidence ? pick(c.evidence) : '',
    id: newId(),
    children: c.children.map(cause),
  });
  const categories = spec.categories.map((c): Category => {
    const id = newId();
    if ('key' in c.bone) {
      const key = c.bone.key;
      const bone = template.categories.find((t) => t.key === key);
      if (!bone) throw new Error(`Demo fishbone: no category ${key} in template ${spec.template}.`);
      return { id, label: bone.label[language], templateKey: key, causes: c.causes.map(cause) };
    }
    return { id, label: pick(c.bone.label), templateKey: null, causes: c.causes.map(cause) };
  });
  return { effect: pick(spec.effect), template: template.id, orientation: 'head_right', categories };
}

/** One fishbone per demo case, in the order of `demoCases(language)`. Ids are drawn from `newId`
 *  in the same order in both languages. */
export function demoFishbones(language: Language, newId: () => string = () => crypto.randomUUID()): Fishbone[] {
  return SPECS.map((spec) => build(spec, language, newId));
}
