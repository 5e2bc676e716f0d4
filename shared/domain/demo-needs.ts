import type { Language } from '../i18n/languages';
import type { KanoAnswer, KanoCategory } from './kano';
import type { CustomerNeeds } from './needs';

/** Sample customer needs for the three demo cases (shared/domain/demo.ts): what the customers
 *  needed (换位思考), some classified directly by the team, some by a few customers' answers to the
 *  KANO question pair, so both ways and Better/Worse show. Each case failed a must-be need; the
 *  first two share "keep me informed", so the chart across cases has a point with two cases.
 *  Both languages have the same needs. */

type Both = readonly [zh: string, en: string];
/** A respondent's answers: functional, dysfunctional, who (both languages). */
type Pair = readonly [KanoAnswer, KanoAnswer, Both];

interface NeedSpec {
  text: Both;
  kano: KanoCategory | null;
  met: boolean;
  answers: readonly Pair[];
}

const INFORMED: Both = ['延误时主动告知我新的到达时间', 'Tell me the new arrival time when it is late'];
const C1: Both = ['顾客甲', 'Customer A'];
const C2: Both = ['顾客乙', 'Customer B'];
const C3: Both = ['顾客丙', 'Customer C'];
const C4: Both = ['顾客丁', 'Customer D'];

const NEEDS: readonly (readonly NeedSpec[])[] = [
  // Singles' Day delivery delays.
  [
    { text: ['按承诺的时间送达', 'Delivered on the promised day'], kano: 'M', met: false, answers: [] },
    {
      text: INFORMED,
      kano: null,
      met: false,
      answers: [
        ['neutral', 'dislike', C1],
        ['expect', 'dislike', C2],
        ['like', 'dislike', C3],
        ['live_with', 'dislike', C4],
      ],
    },
    {
      text: ['延误后获得补偿券', 'A voucher to make up for the delay'],
      kano: null,
      met: true,
      answers: [
        ['like', 'neutral', C1],
        ['like', 'live_with', C2],
        ['like', 'dislike', C3],
        ['neutral', 'neutral', C4],
      ],
    },
  ],
  // Hotel booking system failure.
  [
    { text: ['到店即可入住已预订的房间', 'Check in to the room I booked on arrival'], kano: 'M', met: false, answers: [] },
    {
      text: INFORMED,
      kano: null,
      met: false,
      answers: [
        ['expect', 'dislike', C1],
        ['neutral', 'dislike', C2],
      ],
    },
    { text: ['等候时有地方休息、有饮品', 'Somewhere to sit with a drink while waiting'], kano: 'A', met: true, answers: [] },
  ],
  // The special requirement that never reached engineering.
  [
    { text: ['签约时提出的需求被完整交付', 'What we asked for at signing is delivered'], kano: 'M', met: false, answers: [] },
    {
      text: ['有一位对接人了解项目全貌', 'One contact who knows the whole project'],
      kano: null,
      met: false,
      answers: [
        ['like', 'dislike', C1],
        ['like', 'dislike', C2],
        ['expect', 'dislike', C3],
      ],
    },
  ],
];

/** The needs of each demo case, in the order of demoCases(language). */
export function demoNeeds(language: Language, newId: () => string = () => crypto.randomUUID()): CustomerNeeds[] {
  const pick = (both: Both) => (language === 'zh-CN' ? both[0] : both[1]);
  return NEEDS.map((list) =>
    list.map((spec) => ({
      id: newId(),
      text: pick(spec.text),
      kano: spec.kano,
      met: spec.met,
      answers: spec.answers.map(([functional, dysfunctional, who]) => ({ id: newId(), functional, dysfunctional, respondent: pick(who) })),
    })),
  );
}
