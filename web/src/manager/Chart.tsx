/**
 * One ECharts chart. ECharts is loaded on first use (its own chunk) and rendered to SVG; the chart
 * resizes with its box. `summary` is the text alternative for screen readers.
 */
import { useEffect, useRef, useState } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { managerStrings } from '../strings/manager.js';

type EChartsModule = typeof import('./echarts.js');
let loaded: Promise<EChartsModule> | null = null;

export function Chart({ option, summary, height = 280 }: { option: EChartsCoreOption; summary: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<unknown>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { setOption(o: EChartsCoreOption, notMerge?: boolean): void; resize(): void; dispose(): void } | null = null;
    let ro: ResizeObserver | null = null;
    (loaded ??= import('./echarts.js'))
      .then(({ echarts }) => {
        if (disposed || !box.current) return;
        chart = echarts.init(box.current, undefined, { renderer: 'svg' });
        chart.setOption({ aria: { enabled: true }, animation: false, ...option }, true);
        ro = new ResizeObserver(() => chart?.resize());
        ro.observe(box.current);
      })
      .catch((err) => setFailed(err));
    return () => {
      disposed = true;
      ro?.disconnect();
      chart?.dispose();
    };
  }, [option]);
  if (failed)
    return (
      <p className="error" role="alert">
        {managerStrings.chart.failed}
      </p>
    );
  return <div ref={box} className="chart" style={{ height }} role="img" aria-label={summary} />;
}
