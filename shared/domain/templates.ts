import { z } from 'zod';
import data from '../../resources/templates/case-templates.json';
import { CaseFields, defaultCaseFields } from './case';
import type { Language } from '../i18n/languages';

const TemplateText = z.object({
  title: z.string(),
  problem: z.string(),
  customerExperience: z.string(),
  customerImpact: z.string(),
});

export const CaseTemplate = z.object({
  id: z.string(),
  group: z.enum(['scenario', 'mot']),
  set: CaseFields.pick({ scenarioType: true, motFailure: true, severity: true }).partial(),
  text: z.object({ 'zh-CN': TemplateText, en: TemplateText }),
});
export type CaseTemplate = z.infer<typeof CaseTemplate>;

/** Validated once at load: a broken template file fails loudly in tests, not in a user's hands. */
export const CASE_TEMPLATES: readonly CaseTemplate[] = z.array(CaseTemplate).parse(data.templates);

/** A new case's fields: a template sets the title and the classification; its prompts stay
 *  prompts (see `templateGuidance`): stored as text they became the fishbone head, the 5-Whys
 *  question and report text. */
export function fieldsFromTemplate(templateId: string | undefined, language: Language, title?: string): CaseFields | null {
  if (!templateId) return defaultCaseFields(title ?? '');
  const template = CASE_TEMPLATES.find((t) => t.id === templateId);
  if (!template) return null;
  return { ...defaultCaseFields(title ?? template.text[language].title), ...template.set };
}

export type GuidedField = 'problem' | 'customerExperience' | 'customerImpact';

/** The template's prompt for a field, in the reader's language; null without a (known) template. */
export function templateGuidance(templateId: string | null | undefined, field: GuidedField, language: Language): string | null {
  const template = templateId ? CASE_TEMPLATES.find((t) => t.id === templateId) : undefined;
  // A prompt written to be continued ("Impact on the customer (…): ") reads as guidance without its colon.
  return template ? template.text[language][field].trim().replace(/\s*[:：]$/, '') || null : null;
}
