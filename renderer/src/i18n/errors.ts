import type { TFunction } from 'i18next';
import { CausewayError, type ApiError, type Issue } from '../../../shared/contract/errors';
import { LIMITS } from '../../../shared/domain/vocabulary';
import { MERMAID_MAX_INPUT_BYTES } from '../../../shared/exchange/mermaid-ishikawa';
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
  owner: 'plan.editor.owner',
  dueAt: 'plan.editor.due',
  cancelReason: 'plan.editor.cancelReason',
  rootCauses: 'plan.editor.rootCauses',
  links: 'rootIdentity.field',
  expectedEffect: 'plan.editor.expectedEffect',
  closeReason: 'execute.close.reason',
  summary: 'improve.summary',
  reference: 'caseMore.reference',
  notes: 'caseMore.notes',
  name: 'libraries.name',
  path: 'libraries.path',
};

export function fieldLabel(t: TFunction, path: readonly (string | number)[]): string {
  const key = [...path].reverse().find((p) => typeof p === 'string' && FIELD_LABELS[p]);
  return key ? t(FIELD_LABELS[key as string]!) : path.join('.');
}

export function issueText(t: TFunction, reason: string, field: string): string {
  const known = ['too_long', 'required', 'invalid_choice', 'invalid_format', 'invalid_type', 'unknown_field', 'too_many', 'close_reason_required', 'cancel_reason_required', 'invalid_reference', 'duplicate', 'not_a_count', 'library_open'];
  return t(`issue.${known.includes(reason) ? reason : 'generic'}`, { field });
}

/** The limits the Mermaid import messages quote. */
const MERMAID_VALUES = {
  maxMegabytes: MERMAID_MAX_INPUT_BYTES / (1024 * 1024),
  maxShort: LIMITS.shortText,
  maxCause: LIMITS.causeText,
  maxCategories: LIMITS.fishboneCategories,
  maxCauses: LIMITS.fishboneCauses,
  maxDepth: LIMITS.fishboneDepth,
};

/** An issue of the Mermaid import points at a line of the pasted text (`['line', n]`), or at the whole text. */
function describeIssue(t: TFunction, issue: Issue): string {
  const [head, line] = issue.path;
  if (head === 'line' && typeof line === 'number') return t(`mermaid.${issue.reason}`, { ...MERMAID_VALUES, line });
  if (issue.reason.startsWith('mermaid_')) return t(`mermaid.${issue.reason}`, MERMAID_VALUES);
  return issueText(t, issue.reason, fieldLabel(t, issue.path));
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiFailure) return e.error;
  // Thrown in the renderer itself, e.g. by the Mermaid import, which runs without the backend.
  if (e instanceof CausewayError) return e.toJSON();
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

/** One translated sentence for any failure. */
export function describeError(t: TFunction, e: unknown): string {
  const error = toApiError(e);
  if (error.reason === 'network') return t('error.network');
  // A refused case file names why (electron/backend/case-file.ts `refuse`).
  if (error.code === 'validation' && error.reason?.startsWith('casefile_')) {
    const reason = error.reason.slice('casefile_'.length);
    return t(`caseFilesUi.error.${reason}`, { defaultValue: t('caseFilesUi.error.generic') });
  }
  // A team session's refusal (shared/domain/retro.ts) says what rule it met.
  if (error.code === 'validation' && error.reason?.startsWith('retro_')) return t(`retro.error.${error.reason.slice('retro_'.length)}`, { defaultValue: t('error.validation') });
  if (error.reason === 'read_only') return t('readOnly.saveRefused');
  if (error.reason === 'pdf_unavailable') return t('export.pdf_unavailable');
  if (error.reason === 'pdf_timeout') return t('export.pdf_timeout');
  // A refused case file says why in its own words (the issues inside a document are for the log).
  if (error.code === 'validation' && error.reason?.startsWith('casefile_')) return t(`caseFileError.${error.reason.slice('casefile_'.length)}`);
  if (error.code === 'validation' && error.issues?.length) {
    return error.issues.map((i) => describeIssue(t, i)).join(' ');
  }
  if (error.code === 'validation' && error.reason === 'too_many') return t('issue.too_many');
  if (error.code === 'conflict' && error.reason === 'trashed') return t('error.trashed');
  return t(`error.${error.code}`);
}
