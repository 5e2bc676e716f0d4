import { useEffect, useState } from 'react';
import { CHART_THEMES, type ChartTheme } from '../../../../shared/insights/chart-options';
import { currentDiagramTheme } from '../diagram/export';

/** The charts' colours for the scheme the page shows (the user's choice in Settings, else the
 *  OS's), read again when it changes. */
export function useChartTheme(): ChartTheme {
  const [scheme, setScheme] = useState(currentDiagramTheme);
  useEffect(() => {
    const again = () => setScheme(currentDiagramTheme());
    const media = window.matchMedia?.('(prefers-color-scheme: dark)');
    media?.addEventListener('change', again);
    const observer = new MutationObserver(again);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      media?.removeEventListener('change', again);
      observer.disconnect();
    };
  }, []);
  return CHART_THEMES[scheme];
}
