import { z } from 'zod';
import data from '../../resources/insights/cause-themes.json';
import { FISHBONE_TEMPLATES } from '../domain/fishbone-templates';
import { CAUSE_THEMES, CauseTheme } from '../domain/insights';
import type { Language } from '../i18n/languages';

/** The shared cause themes (resources/insights/cause-themes.json), checked once at load: every
 *  theme labelled in both languages, every category of every fishbone template mapped, and a
 *  category key meaning the same theme in every template that has it (so a category kept from an
 *  earlier template, known only by its key, still has one theme). */

const text = z.string().trim().min(1);
const ThemeFile = z
  .object({
    $comment: z.string().optional(),
    themes: z
      .array(z.object({ key: CauseTheme, label: z.object({ 'zh-CN': text, en: text }).strict(), keywords: z.array(text).min(1) }).strict())
      .length(CAUSE_THEMES.length),
    templates: z.record(z.string(), z.record(z.string(), CauseTheme)),
  })
  .strict()
  .superRefine((file, ctx) => {
    const keys = file.themes.map((t) => t.key);
    CAUSE_THEMES.forEach((k) => {
      if (!keys.includes(k)) ctx.addIssue({ code: 'custom', path: ['themes'], message: `Theme ${k} is missing.` });
    });
    const byKey = new Map<string, string>();
    for (const template of FISHBONE_TEMPLATES) {
      for (const category of template.categories) {
        const theme = file.templates[template.id]?.[category.key];
        if (!theme) {
          ctx.addIssue({ code: 'custom', path: ['templates', template.id, category.key], message: `Category ${template.id}/${category.key} maps to no theme.` });
          continue;
        }
        const before = byKey.get(category.key);
        if (before && before !== theme) ctx.addIssue({ code: 'custom', path: ['templates', template.id, category.key], message: `Category key ${category.key} maps to ${before} and ${theme}.` });
        byKey.set(category.key, theme);
      }
    }
  });

const FILE = ThemeFile.parse(data);

export const THEME_DEFINITIONS = FILE.themes;

/** Template id -> category key -> theme, as in the file. */
export const TEMPLATE_THEMES: Readonly<Record<string, Readonly<Record<string, CauseTheme>>>> = FILE.templates;

/** Category key -> theme, whichever template it comes from (the file guarantees they agree). */
export const KEY_THEMES: ReadonlyMap<string, CauseTheme> = new Map(Object.values(FILE.templates).flatMap((m) => Object.entries(m)));

export function themeLabel(theme: CauseTheme, language: Language): string {
  return FILE.themes.find((t) => t.key === theme)!.label[language];
}

const norm = (s: string) => s.normalize('NFKC').trim().toLocaleLowerCase('en');

/** Keywords longest first, so 客服人员 is found before 人. */
const KEYWORDS = FILE.themes
  .flatMap((t) => [...t.keywords, t.label['zh-CN'], t.label.en].map((k) => ({ keyword: norm(k), theme: t.key })))
  .sort((a, b) => [...b.keyword].length - [...a.keyword].length);

/** The theme of a category label people wrote themselves: the whole label is a keyword or a theme's
 *  name, or holds a keyword of two or more characters (a Latin keyword as a whole word); `other`
 *  when none. One letter or character alone only matches the whole label (人 is 人, not 客人). */
export function themeOfLabel(label: string): CauseTheme {
  const l = norm(label);
  if (!l) return 'other';
  for (const { keyword, theme } of KEYWORDS) if (l === keyword) return theme;
  for (const { keyword, theme } of KEYWORDS) {
    if ([...keyword].length < 2) continue;
    if (/^[a-z0-9 ]+$/.test(keyword) ? new RegExp(`(^|[^a-z0-9])${keyword}([^a-z0-9]|$)`).test(l) : l.includes(keyword)) return theme;
  }
  return 'other';
}

/** The theme of a fishbone category: by its template key when it has one, else by its label. */
export function themeOfCategory(templateKey: string | null, label: string): CauseTheme {
  return (templateKey !== null ? KEY_THEMES.get(templateKey) : undefined) ?? themeOfLabel(label);
}
