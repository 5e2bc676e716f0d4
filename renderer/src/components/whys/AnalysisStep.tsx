import { useEffect, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { loadRootCauseLinks } from '../../state/root-causes';
import { useRoute } from '../../state/route';
import { useWhys } from '../../state/whys';
import { useWorkspace } from '../../state/workspace';
import { FishboneStep } from '../fishbone/FishboneStep';
import { TeamSessionEntry } from '../retro/TeamSessionEntry';
import { askWhy, useAnalysisView } from './actions';
import { RootCauseList } from './RootCauseList';
import { WhysEditor } from './WhysEditor';

const TOOLS = ['fishbone', 'whys'] as const;

/** Step 2, cause analysis (原因分析): the fishbone and the 5 Whys as two tabs, and below them the
 *  root causes both have found. */
export function AnalysisStep() {
  const { t } = useTranslation();
  const caseId = useWorkspace((s) => s.caseId);
  const tool = useAnalysisView((s) => s.tool);
  const routeTool = useRoute((s) => (s.route.name === 'case' ? s.route.tool : undefined));
  const routeAnalysis = useRoute((s) => (s.route.name === 'case' ? s.route.analysisId : undefined));
  const routeOutline = useRoute((s) => s.route.name === 'case' && s.route.outline === true);

  // Back and forward in the browser change the address: the shown tool, analysis and view follow it.
  // An address without a tool (the stepper's, a link from step 3) is left as it is until the
  // reader changes the tool, the analysis or the view.
  useEffect(() => {
    if (!routeTool) return;
    const view = useAnalysisView.getState();
    const shown = routeOutline ? 'outline' : 'diagram';
    if (routeTool !== view.tool || view.views[routeTool] !== shown || (routeAnalysis && routeAnalysis !== view.analysisId)) {
      useAnalysisView.setState({
        tool: routeTool,
        views: { ...view.views, [routeTool]: shown },
        ...(routeAnalysis ? { analysisId: routeAnalysis } : {}),
      });
    }
  }, [routeTool, routeAnalysis, routeOutline]);

  useEffect(() => {
    if (caseId && useWhys.getState().caseId !== caseId) void useWhys.getState().load(caseId);
    if (caseId) loadRootCauseLinks(caseId);
  }, [caseId]);

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const i = TOOLS.indexOf(tool);
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? TOOLS.length - 1 : (i + (e.key === 'ArrowRight' ? 1 : -1) + TOOLS.length) % TOOLS.length;
    useAnalysisView.getState().show(TOOLS[next]!);
    document.getElementById(`tool-tab-${TOOLS[next]}`)?.focus();
  };

  return (
    <section className="analysis-step" aria-labelledby="analysis-title">
      <h2 id="analysis-title">{t('steps.analyse')}</h2>
      <TeamSessionEntry />
      <div className="tool-tabs" role="tablist" aria-label={t('whys.tabs.label')}>
        {TOOLS.map((x) => (
          <button
            key={x}
            id={`tool-tab-${x}`}
            type="button"
            role="tab"
            aria-selected={tool === x}
            aria-controls={`tool-panel-${x}`}
            tabIndex={tool === x ? 0 : -1}
            onClick={() => useAnalysisView.getState().show(x)}
            onKeyDown={onTabKey}
          >
            {t(`whys.tabs.${x}`)}
          </button>
        ))}
      </div>
      <div id={`tool-panel-${tool}`} role="tabpanel" aria-labelledby={`tool-tab-${tool}`}>
        {tool === 'fishbone' ? <FishboneStep onAskWhy={askWhy} /> : <WhysEditor />}
      </div>
      <RootCauseList />
    </section>
  );
}
