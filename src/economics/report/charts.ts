/**
 * Charts as SVG strings, rendered on the server by ECharts' SSR renderer (no DOM, no browser), so a
 * report is a folder of Markdown + SVG that can be mailed or committed. Animation is off and the
 * size fixed, so the same data gives the same SVG bytes.
 */
import * as echarts from 'echarts';

export interface Series {
  name: string;
  /** [x, y] points. */
  points: [number, number][];
}

const PALETTE = ['#2f6fb0', '#d9822b', '#3a9a5b', '#b0413e', '#7a5aa6', '#6b6b6b'];

function render(option: Record<string, unknown>, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: PALETTE, backgroundColor: '#ffffff', textStyle: { fontFamily: 'sans-serif' }, ...option });
    // zrender names CSS classes and ids with process-wide counters (zr3-cls-17, …); renumber them
    // in order of first appearance so the same chart gives the same bytes whenever it is drawn.
    const names = new Map<string, string>();
    return chart.renderToSVGString().replace(/\bzr\d+-([A-Za-z]+)-?(\d*)/g, (token, kind: string) => {
      let name = names.get(token);
      if (!name) names.set(token, (name = `zr-${kind}-${names.size}`));
      return name;
    });
  } finally {
    chart.dispose();
  }
}

export function lineChart(opts: {
  title: string;
  xName: string;
  yName: string;
  series: Series[];
  yMin?: number;
  yMax?: number;
  width?: number;
  height?: number;
}): string {
  return render(
    {
      title: { text: opts.title, left: 'center', textStyle: { fontSize: 14 } },
      legend: { bottom: 0 },
      grid: { left: 70, right: 30, top: 50, bottom: 70 },
      xAxis: { type: 'value', name: opts.xName, nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'value', name: opts.yName, nameLocation: 'middle', nameGap: 50, min: opts.yMin, max: opts.yMax },
      series: opts.series.map((s) => ({ type: 'line', name: s.name, data: s.points, showSymbol: s.points.length <= 40, symbolSize: 5 })),
    },
    opts.width ?? 720,
    opts.height ?? 400,
  );
}

export function barChart(opts: {
  title: string;
  categories: string[];
  yName: string;
  series: { name: string; values: (number | null)[] }[];
  width?: number;
  height?: number;
}): string {
  return render(
    {
      title: { text: opts.title, left: 'center', textStyle: { fontSize: 14 } },
      legend: { bottom: 0 },
      grid: { left: 70, right: 30, top: 50, bottom: 70 },
      xAxis: { type: 'category', data: opts.categories },
      yAxis: { type: 'value', name: opts.yName, nameLocation: 'middle', nameGap: 50 },
      series: opts.series.map((s) => ({ type: 'bar', name: s.name, data: s.values.map((v) => (v === null ? '-' : v)) })),
    },
    opts.width ?? 720,
    opts.height ?? 400,
  );
}
