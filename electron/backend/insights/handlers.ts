import { CausewayError } from '../../../shared/contract/errors';
import type { Handlers } from '../handlers';

/** The insights methods. The figures follow in electron/backend/insights/figures.ts; until then
 *  every method says so plainly. */
export function insightsHandlers(): Pick<Handlers, 'insights:get' | 'insights:drill' | 'insights:setEmotion' | 'insights:report'> {
  const pending = (): never => {
    throw new CausewayError('internal', 'Insights figures are not computed yet.');
  };
  return {
    'insights:get': pending,
    'insights:drill': pending,
    'insights:setEmotion': pending,
    'insights:report': async () => pending(),
  };
}
