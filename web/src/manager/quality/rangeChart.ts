/**
 * Point estimates with intervals as an ECharts option: one row per category (horizontal), an
 * invisible bar up to the lower bound stacked under a visible bar spanning lower → upper (stacked
 * regardless of sign, so intervals below zero draw too), and a marker at the estimate. Uses only
 * the bar and line charts the dashboards' ECharts bundle registers.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { managerQualityStrings } from '../../strings/managerQuality.js';

const S = managerQualityStrings.rangeChart;

export interface RangeRow {
  label: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  /** Bar colour for this row (e.g. by tier). */
  color?: string;
}

/** Text for tooltips: ECharts puts tooltip strings into the page as HTML, so names are escaped. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function rangeOption(
  rows: readonly RangeRow[],
  opts: { min?: number; max?: number; format: (x: number) => string; zeroLine?: boolean },
): EChartsCoreOption {
  const labels = rows.map((r) => r.label);
  const has = (r: RangeRow) => r.lower !== null && r.upper !== null;
  return {
    grid: { left: 8, right: 24, top: 8, bottom: 28, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: { dataIndex: number }[]) => {
        const r = rows[params[0]?.dataIndex ?? 0];
        if (!r) return '';
        const v = r.value === null ? managerQualityStrings.na : opts.format(r.value);
        const ci = has(r) ? S.ci(opts.format(r.lower!), opts.format(r.upper!)) : '';
        return `${esc(r.label)}: ${esc(v + ci)}`;
      },
    },
    xAxis: { type: 'value', min: opts.min, max: opts.max, axisLabel: { formatter: (x: number) => opts.format(x) } },
    yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { width: 220, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        stack: 'ci',
        stackStrategy: 'all',
        silent: true,
        barWidth: 14,
        itemStyle: { color: 'transparent' },
        data: rows.map((r) => (has(r) ? r.lower : '-')),
      },
      {
        type: 'bar',
        stack: 'ci',
        stackStrategy: 'all',
        name: S.interval,
        barWidth: 14,
        data: rows.map((r) => (has(r) ? { value: r.upper! - r.lower!, itemStyle: { color: r.color ?? '#9db4f0' } } : '-')),
      },
      {
        type: 'line',
        name: S.estimate,
        symbol: 'diamond',
        symbolSize: 12,
        lineStyle: { opacity: 0 },
        itemStyle: { color: '#1f2a44' },
        data: rows.map((r) => (r.value === null ? '-' : r.value)),
        ...(opts.zeroLine
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                data: [{ xAxis: 0 }],
                lineStyle: { color: '#888', type: 'dashed' },
                label: { show: false },
              },
            }
          : {}),
      },
    ],
  };
}
