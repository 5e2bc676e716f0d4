import type { Input, Output } from '../../shared/contract/contract';
import { CausewayError } from '../../shared/contract/errors';
import type { Library } from './library';

export interface CaseFileDeps {
  now: () => Date;
  version: string;
}

export async function exportCaseFile(_library: Library, _input: Input<'casefile:export'>, _deps: CaseFileDeps): Promise<Output<'casefile:export'>> {
  throw new CausewayError('internal', 'Not built yet.');
}
export function scanCaseFileAnonymise(_library: Library, _input: Input<'casefile:scanAnonymise'>): Output<'casefile:scanAnonymise'> {
  throw new CausewayError('internal', 'Not built yet.');
}
export async function previewCaseFile(_library: Library, _input: Input<'casefile:preview'>): Promise<Output<'casefile:preview'>> {
  throw new CausewayError('internal', 'Not built yet.');
}
export async function importCaseFile(_library: Library, _input: Input<'casefile:import'>): Promise<Output<'casefile:import'>> {
  throw new CausewayError('internal', 'Not built yet.');
}
