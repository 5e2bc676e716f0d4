import { z } from 'zod';
import data from '../../resources/insights/journeys.json';
import type { Language } from '../i18n/languages';
import { TOUCHPOINTS, type Touchpoint } from '../domain/vocabulary';

/** The customer journeys of the insights journey view (resources/insights/journeys.json), checked
 *  once at load like the fishbone templates: stages in order, each with fixed touchpoints. */

const slug = z.string().regex(/^[a-z0-9][a-z0-9_]*$/).max(60);
const text = z.string().trim().min(1);
const Bilingual = z.object({ 'zh-CN': text, en: text }).strict();

export const JourneyStage = z.object({ key: slug, label: Bilingual, touchpoints: z.array(z.enum(TOUCHPOINTS)).min(1) }).strict();
export const Journey = z
  .object({ id: slug, name: Bilingual, stages: z.array(JourneyStage).min(1) })
  .strict()
  .superRefine((j, ctx) => {
    const keys = j.stages.map((s) => s.key);
    keys.forEach((k, i) => {
      if (keys.indexOf(k) !== i) ctx.addIssue({ code: 'custom', path: ['stages', i, 'key'], message: `Duplicate stage ${k} in ${j.id}.` });
    });
  });
export type Journey = z.infer<typeof Journey>;

const JourneyFile = z
  .object({ $comment: z.string().optional(), journeys: z.array(Journey).min(1) })
  .strict()
  .superRefine((file, ctx) => {
    const ids = file.journeys.map((j) => j.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['journeys', i, 'id'], message: `Duplicate journey ${id}.` });
    });
  });

export const JOURNEYS: readonly Journey[] = JourneyFile.parse(data).journeys;
export const JOURNEY_IDS: readonly string[] = JOURNEYS.map((j) => j.id);

/** The stage key the library's own touchpoints are shown under, after a journey's own stages. */
export const OWN_STAGE = 'own';

export interface JourneyView {
  id: string;
  name: string;
  stages: { key: string; label: string; touchpoints: string[] }[];
}

/** A journey as the screen and the report draw it: its stages labelled in `language`, then the
 *  library's own touchpoints (those not in the fixed list) as one more stage when there are any. */
export function journeyView(id: string, language: Language, ownTouchpoints: readonly string[], ownLabel: string): JourneyView | null {
  const journey = JOURNEYS.find((j) => j.id === id);
  if (!journey) return null;
  const stages = journey.stages.map((s) => ({ key: s.key, label: s.label[language], touchpoints: [...s.touchpoints] as string[] }));
  if (ownTouchpoints.length > 0) stages.push({ key: OWN_STAGE, label: ownLabel, touchpoints: [...ownTouchpoints] });
  return { id: journey.id, name: journey.name[language], stages };
}

/** The fixed touchpoints on at least one journey (every one but `other`, which no journey has). */
export const JOURNEY_TOUCHPOINTS: readonly Touchpoint[] = TOUCHPOINTS.filter((t) => JOURNEYS.some((j) => j.stages.some((s) => s.touchpoints.includes(t))));
