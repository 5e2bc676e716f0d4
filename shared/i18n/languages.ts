import { z } from 'zod';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

/** First choice from the OS locale: any Chinese locale gets zh-CN, everything else English. */
export function languageFromLocale(locale: string | undefined | null): Language {
  return locale && /^zh(?:[-_.]|$)/i.test(locale) ? 'zh-CN' : 'en';
}
