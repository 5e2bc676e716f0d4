/** The KANO model (Kano et al. 1984) as used to read customer needs (换位思考: what the customer
 *  needed): 基本需求 must-be, 期望需求 one-dimensional (performance), 兴奋需求 attractive. A need is
 *  classified either directly, or by asking two questions and reading the pair of answers from the
 *  standard evaluation table (Berger et al. 1993):
 *  - functional: "if the need is met, how do you feel?"
 *  - dysfunctional: "if it is not met, how do you feel?"
 *  Pure: no storage, no text. */

/** The answer scale, in the questionnaire's order: 我很喜欢 / 理所当然 / 无所谓 / 能忍受 / 我很不喜欢. */
export const KANO_ANSWERS = ['like', 'expect', 'neutral', 'live_with', 'dislike'] as const;
export type KanoAnswer = (typeof KANO_ANSWERS)[number];

/** A attractive 魅力, O one-dimensional 期望, M must-be 基本, I indifferent 无差异, R reverse 反向,
 *  Q questionable 可疑 (a contradictory pair: liking both or disliking both). */
export const KANO_CATEGORIES = ['A', 'O', 'M', 'I', 'R', 'Q'] as const;
export type KanoCategory = (typeof KANO_CATEGORIES)[number];

/** The evaluation table: rows are the functional answer, columns the dysfunctional one, both in
 *  KANO_ANSWERS order. */
export const KANO_TABLE: Readonly<Record<KanoAnswer, Readonly<Record<KanoAnswer, KanoCategory>>>> = {
  like: { like: 'Q', expect: 'A', neutral: 'A', live_with: 'A', dislike: 'O' },
  expect: { like: 'R', expect: 'I', neutral: 'I', live_with: 'I', dislike: 'M' },
  neutral: { like: 'R', expect: 'I', neutral: 'I', live_with: 'I', dislike: 'M' },
  live_with: { like: 'R', expect: 'I', neutral: 'I', live_with: 'I', dislike: 'M' },
  dislike: { like: 'R', expect: 'R', neutral: 'R', live_with: 'R', dislike: 'Q' },
};

export const evaluate = (functional: KanoAnswer, dysfunctional: KanoAnswer): KanoCategory => KANO_TABLE[functional][dysfunctional];

export type KanoCounts = Record<KanoCategory, number>;

export const emptyCounts = (): KanoCounts => ({ A: 0, O: 0, M: 0, I: 0, R: 0, Q: 0 });

/** How many answer pairs fall in each category. */
export function countAnswers(pairs: readonly { functional: KanoAnswer; dysfunctional: KanoAnswer }[]): KanoCounts {
  const counts = emptyCounts();
  for (const p of pairs) counts[evaluate(p.functional, p.dysfunctional)]++;
  return counts;
}

/** The order ties are broken in, as is customary (M > O > A > I): when as many respondents put a
 *  need in two categories, the one that costs most to get wrong wins. R and Q come last. */
export const TIE_ORDER: readonly KanoCategory[] = ['M', 'O', 'A', 'I', 'R', 'Q'];

/** The most frequent category, ties broken by TIE_ORDER; null when nothing was counted. */
export function classify(counts: KanoCounts): KanoCategory | null {
  let best: KanoCategory | null = null;
  for (const c of TIE_ORDER) if (counts[c] > 0 && (best === null || counts[c] > counts[best])) best = c;
  return best;
}

/** Better and Worse, the customer satisfaction coefficients (Berger et al. 1993):
 *  Better = (A+O)/(A+O+M+I), how much meeting the need raises satisfaction (0..1);
 *  Worse = -(O+M)/(A+O+M+I), how much failing it lowers satisfaction (-1..0).
 *  R and Q answers are left out. Null when no A, O, M or I answer was counted. Worse of no O or M
 *  is 0, never -0. */
export function betterWorse(counts: KanoCounts): { better: number; worse: number } | null {
  const total = counts.A + counts.O + counts.M + counts.I;
  if (total === 0) return null;
  const worse = counts.O + counts.M;
  return { better: (counts.A + counts.O) / total, worse: worse === 0 ? 0 : -worse / total };
}

/** The category a need is read as: the one chosen directly, or else its answers' (null when it
 *  has neither). */
export function needCategory(need: { kano: KanoCategory | null; answers: readonly { functional: KanoAnswer; dysfunctional: KanoAnswer }[] }): KanoCategory | null {
  return need.kano ?? classify(countAnswers(need.answers));
}

/** The quadrant of a need on the Better/Worse chart, with the lines at 0.5: high |Worse| and low
 *  Better is must-be, both high one-dimensional, high Better attractive, neither indifferent. */
export function quadrant(better: number, worse: number): 'M' | 'O' | 'A' | 'I' {
  const hurts = Math.abs(worse) >= 0.5;
  const pleases = better >= 0.5;
  return hurts ? (pleases ? 'O' : 'M') : pleases ? 'A' : 'I';
}
