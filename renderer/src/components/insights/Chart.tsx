import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { AriaComponent, DatasetComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { init, use, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../i18n/errors';
import { currentDiagramTheme, downloadBlob, safeFileName, svgToPng } from '../diagram/export';

// Only what the insights' charts use is bundled; SVG, so the export is the drawing itself.
use([BarChart, LineChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, AriaComponent, DatasetComponent, TitleComponent, VisualMapComponent, SVGRenderer]);

/** One row of a chart's table: the same figures as the drawing, and (when there are cases behind
 *  it) a button opening them, the keyboard's and screen reader's way to a bar. */
export interface ChartRow {
  key: string;
  header: string;
  cells: string[];
  open?: () => void;
}

export interface ChartTable {
  columns: string[];
  rows: ChartRow[];
}

/** What a click on the drawing hit, as ECharts says it. */
export interface ChartPick {
  seriesIndex: number;
  dataIndex: number;
  name: string;
}

/** What the page changes of a chart's option: no title drawn (the heading says it), the card's own
 *  background. */
const IN_PAGE = { title: { show: false }, backgroundColor: 'transparent' };

/** Marks the charts drawn since the last filter change (read by the browser benchmark and tests). */
function markDrawn(el: HTMLElement) {
  el.dataset.drawn = String(performance.now());
}

/** A chart of the insights screen: ECharts drawing SVG in the page and resized with its container,
 *  or (toggled) the same figures as a table; a click on a bar or point opens the cases behind it;
 *  SVG (the rendered SVG) and PNG (that SVG drawn at twice the scale) as downloads. */
export function Chart({ title, option, table, onPick, fileName, height = 300 }: {
  title: string;
  option: EChartsCoreOption;
  table: ChartTable;
  onPick?: (pick: ChartPick) => void;
  /** The downloads' file name without extension. */
  fileName: string;
  height?: number;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const [asTable, setAsTable] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const drawing = !asTable && table.rows.length > 0;

  // One ECharts instance per mounted drawing; it follows the container's size.
  useEffect(() => {
    const el = host.current;
    if (!el || !drawing) return;
    const instance = init(el, null, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (params) => {
      const p = params as { seriesIndex?: number; dataIndex?: number; name?: string };
      pick.current?.({ seriesIndex: p.seriesIndex ?? 0, dataIndex: p.dataIndex ?? 0, name: p.name ?? '' });
    });
    instance.on('finished', () => markDrawn(el));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [drawing]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || !drawing) return;
    // Replaced, not merged: a series gone from the figures must go from the drawing. In the page
    // the heading above names the chart and the card is its background; an export has both.
    instance.setOption({ ...option, ...IN_PAGE }, { notMerge: true });
  }, [option, drawing, title]);

  const svgOf = (): { svg: string; width: number; height: number } | null => {
    const instance = chart.current;
    if (!instance) return null;
    const { title: ownTitle, backgroundColor } = option as { title?: object; backgroundColor?: string };
    instance.setOption({ title: { ...ownTitle, show: true }, backgroundColor });
    try {
      return { svg: instance.renderToSVGString(), width: instance.getWidth(), height: instance.getHeight() };
    } finally {
      instance.setOption(IN_PAGE);
    }
  };

  const save = async (kind: 'svg' | 'png') => {
    setError(null);
    try {
      const drawn = svgOf();
      if (!drawn) return;
      const name = `${safeFileName(fileName)}.${kind}`;
      if (kind === 'svg') downloadBlob(new Blob([drawn.svg], { type: 'image/svg+xml' }), name);
      else downloadBlob(await svgToPng(drawn.svg, drawn.width, drawn.height, currentDiagramTheme()), name);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <figure className="insights-chart" aria-labelledby={headingId}>
      <div className="insights-chart-head">
        <h3 id={headingId}>{title}</h3>
        <div className="toolbar">
          <button type="button" aria-pressed={asTable} onClick={() => setAsTable((v) => !v)}>
            {t('insightsUi.chart.table')}
          </button>
          {drawing && (
            <>
              <button type="button" onClick={() => void save('svg')}>
                {t('insightsUi.chart.svg')}
              </button>
              <button type="button" onClick={() => void save('png')}>
                {t('insightsUi.chart.png')}
              </button>
            </>
          )}
        </div>
      </div>
      {error ? (
        <p role="alert" className="error">
          {describeError(t, error)}
        </p>
      ) : null}
      {asTable ? (
        <ChartTableView title={title} table={table} />
      ) : table.rows.length === 0 ? (
        <p className="empty">{t('insightsUi.chart.empty')}</p>
      ) : (
        <div ref={host} className="insights-chart-canvas" role="img" aria-label={t('insightsUi.chart.label', { title })} style={{ height }} />
      )}
    </figure>
  );
}

function ChartTableView({ title, table }: { title: string; table: ChartTable }) {
  const { t } = useTranslation();
  if (table.rows.length === 0) return <p className="empty">{t('insightsUi.chart.empty')}</p>;
  return (
    <div className="insights-table-wrap">
      <table className="insights-table">
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              <th key={i} scope="col">
                {c}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">{t('insightsUi.chart.casesColumn')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.header}</th>
              {row.cells.map((c, i) => (
                <td key={i}>{c}</td>
              ))}
              <td>
                {row.open && (
                  <button type="button" className="link" onClick={row.open}>
                    {t('insightsUi.chart.openCases', { name: row.header })}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
