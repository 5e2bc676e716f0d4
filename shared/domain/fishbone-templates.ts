import { z } from 'zod';
import data from '../../resources/fishbone/category-templates.json';
import { CausewayError } from '../contract/errors';
import { LANGUAGES, type Language } from '../i18n/languages';
import type { Category, Cause, Fishbone } from './fishbone';
import { LIMITS } from './vocabulary';

/** Fishbone category templates (5M1E, 4P, 4S, 8P, SERVQUAL, MOT), stored as data in
 *  resources/fishbone/category-templates.json and checked here once at load. */

const slug = z.string().regex(/^[a-z0-9][a-z0-9_]*$/, { error: 'invalid_format' }).max(100);
const text = z.string().trim().min(1);
const Bilingual = z.object({ 'zh-CN': text, en: text }).strict();
const Prompts = z.object({ 'zh-CN': z.array(text).min(1).max(5), en: z.array(text).min(1).max(5) }).strict();

export const FishboneTemplateCategory = z
  .object({
    key: slug,
    label: Bilingual,
    prompts: Prompts,
    /** Shared tags that map categories between templates; the main one first. */
    concepts: z.array(slug).min(1),
  })
  .strict();
export type FishboneTemplateCategory = z.infer<typeof FishboneTemplateCategory>;

export const FishboneTemplate = z
  .object({
    id: slug,
    name: Bilingual,
    description: Bilingual,
    categories: z.array(FishboneTemplateCategory).min(2).max(LIMITS.fishboneCategories),
  })
  .strict()
  .superRefine((template, ctx) => {
    const keys = template.categories.map((c) => c.key);
    keys.forEach((key, i) => {
      if (keys.indexOf(key) !== i) ctx.addIssue({ code: 'custom', path: ['categories', i, 'key'], message: `Duplicate category key ${key}.` });
    });
    template.categories.forEach((c, i) => {
      if (c.prompts['zh-CN'].length !== c.prompts.en.length) {
        ctx.addIssue({ code: 'custom', path: ['categories', i, 'prompts'], message: 'Both languages need the same number of prompts.' });
      }
    });
  });
export type FishboneTemplate = z.infer<typeof FishboneTemplate>;

const TemplateFile = z.object({ templates: z.array(FishboneTemplate).min(1) }).superRefine((file, ctx) => {
  const ids = file.templates.map((t) => t.id);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['templates', i, 'id'], message: `Duplicate template id ${id}.` });
  });
});

/** Validated once at load: a broken template file fails loudly in tests, not in a user's hands. */
export const FISHBONE_TEMPLATES: readonly FishboneTemplate[] = TemplateFile.parse(data).templates;

export function findFishboneTemplate(templateId: string | null | undefined): FishboneTemplate | null {
  return FISHBONE_TEMPLATES.find((t) => t.id === templateId) ?? null;
}

/** Unknown template ids are a caller error: both builders throw `CausewayError('validation')`
 *  (reason `invalid_choice` at path `template`), the same error the API gives for a bad field. */
function requireTemplate(templateId: string): FishboneTemplate {
  const template = findFishboneTemplate(templateId);
  if (!template) {
    throw new CausewayError('validation', `Unknown fishbone template ${templateId}.`, { issues: [{ path: ['template'], reason: 'invalid_choice' }] });
  }
  return template;
}

/** A new diagram laid out on a template: its categories in order, labelled in `language`, no causes. */
export function fishboneFromTemplate(templateId: string, language: Language, newId: () => string, effect: string | null = null): Fishbone {
  const template = requireTemplate(templateId);
  return {
    effect,
    template: template.id,
    orientation: 'head_right',
    categories: template.categories.map((c) => ({ id: newId(), label: c.label[language], templateKey: c.key, causes: [] })),
  };
}

/** The prompting questions for a category. A category kept from an earlier template (its key is
 *  not in `templateId`) gets the questions of the first template that has its key; a category
 *  people added themselves (no key) gets none. Never throws. */
export function templatePrompts(templateId: string | null, key: string | null, language: Language): string[] {
  if (key === null) return [];
  const own = findFishboneTemplate(templateId)?.categories.find((c) => c.key === key);
  const found = own ?? FISHBONE_TEMPLATES.flatMap((t) => t.categories).find((c) => c.key === key);
  return found ? [...found.prompts[language]] : [];
}

const norm = (s: string) => s.trim().toLocaleLowerCase();

const ALL_CATEGORIES = FISHBONE_TEMPLATES.flatMap((t) => t.categories);

/** The concepts of a diagram's category: those of every template category with its key, then of
 *  every template category whose label (either language) is its label. They depend only on the
 *  category itself, never on which template the diagram has now, so applying a template twice
 *  decides the same way both times. */
function conceptsOf(category: Pick<Category, 'templateKey' | 'label'>): string[] {
  const label = norm(category.label);
  const byKey = ALL_CATEGORIES.filter((c) => category.templateKey !== null && c.key === category.templateKey);
  const byLabel = ALL_CATEGORIES.filter((c) => LANGUAGES.some((l) => norm(c.label[l]) === label));
  return [...new Set([...byKey, ...byLabel].flatMap((c) => c.concepts))];
}

/** Index of the template category an existing category maps to, or -1. In order of strength:
 *  same key; else same label in either language (case-insensitive); else a shared concept, taking
 *  the existing category's concepts in order (main concept first). Within each rule the first
 *  template category wins. */
export function matchTemplateCategory(category: Pick<Category, 'templateKey' | 'label'>, targets: readonly FishboneTemplateCategory[]): number {
  if (category.templateKey !== null) {
    const i = targets.findIndex((t) => t.key === category.templateKey);
    if (i >= 0) return i;
  }
  const label = norm(category.label);
  const byLabel = targets.findIndex((t) => LANGUAGES.some((l) => norm(t.label[l]) === label));
  if (byLabel >= 0) return byLabel;
  for (const concept of conceptsOf(category)) {
    const i = targets.findIndex((t) => t.concepts.includes(concept));
    if (i >= 0) return i;
  }
  return -1;
}

/** Switches a diagram to a template without losing anything people wrote:
 *  - the result has the template's categories, in its order, labelled in `language`;
 *  - each existing category that maps to one of them (see `matchTemplateCategory`) hands over its
 *    causes, whole subtrees with all fields, appended in the existing order;
 *  - an existing category that maps to nothing keeps its causes and stays as it is, after the
 *    template's categories; one with no causes is dropped;
 *  - a template category takes the id of the first existing category with the same key, so a
 *    re-apply changes nothing; others get `newId()`.
 *  Effect and orientation are kept. Throws `CausewayError('validation')` for an unknown template
 *  or when the kept categories would pass the category limit. Pure. */
export function applyTemplate(fishbone: Fishbone, templateId: string, language: Language, newId: () => string): Fishbone {
  const template = requireTemplate(templateId);
  const targets = template.categories;
  const buckets: Cause[][] = targets.map(() => []);
  const kept: Category[] = [];
  for (const category of fishbone.categories) {
    const i = matchTemplateCategory(category, targets);
    if (i >= 0) buckets[i]!.push(...category.causes);
    else if (category.causes.length > 0) kept.push(category);
  }
  const categories: Category[] = targets.map((t, i) => ({
    id: fishbone.categories.find((c) => c.templateKey === t.key)?.id ?? newId(),
    label: t.label[language],
    templateKey: t.key,
    causes: buckets[i]!,
  }));
  categories.push(...kept);
  if (categories.length > LIMITS.fishboneCategories) {
    throw new CausewayError('validation', 'Too many categories after switching template.', { issues: [{ path: ['categories'], reason: 'too_many' }] });
  }
  return { ...fishbone, template: template.id, categories };
}
