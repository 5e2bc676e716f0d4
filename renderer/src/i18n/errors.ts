import type { TFunction } from 'i18next';
import type { ApiError } from '../../../shared/contract/errors';
import { ApiFailure } from '../api/client';

/** Labels for the fields an API issue can point at, so a validation error names what to fix. */
const FIELD_LABELS: Record<string, string> = {
  title: 'caseForm.title',
  problem: 'caseForm.problem',
  customerExperience: 'caseForm.customerExperience',
  customerImpact: 'caseForm.customerImpact',
  occurredAt: 'caseForm.occurredAt',
  detectedAt: 'caseForm.detectedAt',
  resolvedAt: 'caseForm.resolvedAt',
  location: 'caseForm.location',
  department: 'caseForm.department',
  severity: 'caseForm.severity',
  scenarioType: 'caseForm.scenarioType',
  motFailure: 'caseForm.motFailure',
  touchpoint: 'caseForm.touchpoint',
  reporter: 'caseForm.reporter',
  facilitator: 'caseForm.facilitator',
  participants: 'caseForm.participants',
  tags: 'caseForm.tags',
  step: 'steps.current',
  status: 'caseForm.status',
  description: 'timeline.description',
  at: 'timeline.at',
  kind: 'timeline.kind',
};

export function fieldLabel(t: TFunction, path: readonly (string | number)[]): string {
  const key = [...path].reverse().find((p) => typeof p === 'string' && FIELD_LABELS[p]);
  return key ? t(FIELD_LABELS[key as string]!) : path.join('.');
}

export function issueText(t: TFunction, reason: string, field: string): string {
  const known = ['too_long', 'required', 'invalid_choice', 'invalid_format', 'invalid_type', 'unknown_field', 'too_many'];
  return t(`issue.${known.includes(reason) ? reason : 'generic'}`, { field });
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiFailure) return e.error;
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

/** One translated sentence for any failure. */
export function describeError(t: TFunction, e: unknown): string {
  const error = toApiError(e);
  if (error.reason === 'network') return t('error.network');
  if (error.code === 'validation' && error.issues?.length) {
    return error.issues.map((i) => issueText(t, i.reason, fieldLabel(t, i.path))).join(' ');
  }
  if (error.code === 'validation' && error.reason === 'too_many') return t('issue.too_many');
  if (error.code === 'conflict' && error.reason === 'trashed') return t('error.trashed');
  return t(`error.${error.code}`);
}
