import { z } from 'zod';

/** Every failure crosses the API as one of these codes; the renderer translates them (`error.<code>`). */
export const ERROR_CODES = ['validation', 'not_found', 'conflict', 'storage', 'damaged', 'unauthorized', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const Issue = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  /** A stable reason key (`too_long`, `required`, `invalid`...), translated as `issue.<reason>`. */
  reason: z.string(),
});
export type Issue = z.infer<typeof Issue>;

export const ApiError = z.object({
  code: z.enum(ERROR_CODES),
  /** English developer message; the UI shows the translated code instead. */
  message: z.string(),
  issues: z.array(Issue).optional(),
  /** For `damaged`/`storage`: a reason key the recovery screen translates. */
  reason: z.string().optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export class CausewayError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { issues?: Issue[]; reason?: string } = {},
  ) {
    super(message);
    this.name = 'CausewayError';
  }
  toJSON(): ApiError {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

/** Maps zod's issues to stable reason keys the UI can translate. */
export function issuesFromZod(error: z.ZodError): Issue[] {
  const path = (p: PropertyKey[]) => p.map((k) => (typeof k === 'symbol' ? String(k) : k));
  return error.issues.flatMap((i): Issue[] => {
    // One issue per unknown key, at the key itself, so the message can name it.
    if (i.code === 'unrecognized_keys') return i.keys.map((key) => ({ path: [...path(i.path), key], reason: 'unknown_field' }));
    let reason: string = i.code;
    if (i.message === 'too_long' || i.code === 'too_big') reason = 'too_long';
    else if (i.message === 'required' || (i.code === 'too_small' && 'minimum' in i && i.minimum === 1)) reason = 'required';
    else if (i.code === 'invalid_value') reason = 'invalid_choice';
    else if (i.code === 'invalid_format') reason = 'invalid_format';
    else if (i.code === 'invalid_type') reason = 'invalid_type';
    // A refinement names its reason key as its message (`{ error: 'invalid_choice' }`).
    else if (i.code === 'custom' && /^[a-z_]+$/.test(i.message)) reason = i.message;
    return [{ path: path(i.path), reason }];
  });
}
