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

export function fieldsFromTemplate(templateId: string | undefined, language: Language, title?: string): CaseFields | null {
  if (!templateId) return defaultCaseFields(title ?? '');
  const template = CASE_TEMPLATES.find((t) => t.id === templateId);
  if (!template) return null;
  const text = template.text[language];
  return {
    ...defaultCaseFields(title ?? text.title),
    ...template.set,
    problem: text.problem,
    customerExperience: text.customerExperience,
    customerImpact: text.customerImpact,
  };
}
