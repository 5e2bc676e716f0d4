import type { ApiError } from '../../../shared/contract/errors';

/** A failed call, carrying the typed error for the UI to translate. */
export class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}
