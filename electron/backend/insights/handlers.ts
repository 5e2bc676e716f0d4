import type { Handlers } from '../handlers';
import type { Library } from '../library';
import type { ReportDeps } from '../report-export';
import { exportInsightsReport } from './report';

/** The insights methods; inputs arrive validated by the contract. */
export function insightsHandlers(library: Library, deps: ReportDeps): Pick<Handlers, 'insights:get' | 'insights:drill' | 'insights:setEmotion' | 'insights:report'> {
  return {
    'insights:get': (input) => library.insights.get(input),
    'insights:drill': (input) => library.insights.drill(input),
    'insights:setEmotion': (input) => library.insights.setEmotion(input),
    'insights:report': (input) => exportInsightsReport(library, input, deps),
  };
}
