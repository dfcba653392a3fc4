/**
 * The reports' charts as plain ECharts options, built by pure functions from the figures the
 * page already shows in its tables (small tests: test/small/web/charts.spec.ts). Only types
 * come from ECharts here, so the pages can build options without loading it.
 *
 * Colour is never the only signal: `aria.decal` puts a pattern on every bar series, lines
 * differ by dash and symbol, every series is named in the legend, and each chart has its
 * figures in a table beside it.
 */
import type { BarSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { formatNumber, formatPercent } from '../format.js';

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | MarkLineComponentOption
  | AriaComponentOption
> & { aria: { enabled: true; label: { description: string }; decal: { show: true } } };

/** How a chart's values read: shares as per cent, days and counts as Danish numbers. */
export type ValueFormat = 'share' | 'days' | 'count' | 'per100k';

/** Colours with at least 3:1 contrast against white (WCAG 1.4.11), in series order. */
export const PALETTE = ['#0059b3', '#a34d00', '#2f6b1f', '#6b3fa0', '#8a1f4a', '#3d5466'];
const INK = '#1a1a1a';
const MUTED = '#545454';

export const formatValue = (value: number, format: ValueFormat): string =>
  format === 'share' ? formatPercent(value) : formatNumber(value);

function base(description: string): Pick<ChartOption, 'aria' | 'color' | 'textStyle' | 'animation'> {
  return {
    aria: { enabled: true, label: { description }, decal: { show: true } },
    color: PALETTE,
    textStyle: { fontFamily: 'IBMPlexSans, system-ui, sans-serif', color: INK },
    animation: false,
  };
}

const valueAxis = (format: ValueFormat, name?: string, horizontal = false) => ({
  type: 'value' as const,
  name,
  // Under a horizontal axis the name goes below the middle, where it is not cut off.
  nameLocation: horizontal ? ('middle' as const) : ('end' as const),
  nameGap: horizontal ? 28 : 12,
  nameTextStyle: { color: MUTED },
  min: 0,
  max: format === 'share' ? 1 : undefined,
  // Counts are whole: no ticks at 0,5.
  minInterval: format === 'count' ? 1 : undefined,
  axisLabel: { color: MUTED, formatter: (v: number) => formatValue(v, format) },
});

const tooltipFormatter = (format: ValueFormat) => (value: unknown) => (typeof value === 'number' ? formatValue(value, format) : '–');

export interface BarSeries {
  name: string;
  /** One value per category; null where the figure is missing or hidden (not drawn). */
  values: (number | null)[];
}

/** A height that gives each category's bars room for a two-line label. */
export const barChartHeight = (categories: number, series = 1) => Math.max(200, categories * (series > 1 ? 52 : 40) + 80);

/**
 * Bars by category, one series per figure (raw and adjusted, value and baseline).
 * Horizontal for long category names (steps, destinations, municipalities).
 */
export function barChart(spec: {
  description: string;
  categories: string[];
  series: BarSeries[];
  format: ValueFormat;
  horizontal?: boolean;
  axisName?: string;
}): ChartOption {
  const category = {
    type: 'category' as const,
    data: spec.categories,
    inverse: spec.horizontal,
    axisLabel: { color: INK, width: 160, overflow: 'break' as const, interval: 0 },
  };
  const value = valueAxis(spec.format, spec.axisName, spec.horizontal);
  return {
    ...base(spec.description),
    grid: {
      left: 8,
      right: 40,
      top: spec.series.length > 1 ? 40 : 16,
      bottom: spec.axisName && spec.horizontal ? 32 : 8,
      containLabel: true,
    },
    legend: spec.series.length > 1 ? { top: 0, textStyle: { color: INK } } : undefined,
    tooltip: { trigger: 'axis', valueFormatter: tooltipFormatter(spec.format) },
    xAxis: spec.horizontal ? value : category,
    yAxis: spec.horizontal ? category : value,
    series: spec.series.map((s) => ({
      type: 'bar' as const,
      name: s.name,
      data: s.values,
      label: {
        show: true,
        position: spec.horizontal ? ('right' as const) : ('top' as const),
        color: INK,
        formatter: ({ value: v }: { value?: unknown }) => (typeof v === 'number' ? formatValue(v, spec.format) : ''),
      },
    })),
  };
}

export interface LineSpec {
  name: string;
  values: (number | null)[];
  /** `limit`: the target's limit, drawn as a dashed step line without markers. */
  kind?: 'figure' | 'limit';
}

const SYMBOLS = ['circle', 'triangle', 'rect', 'diamond'];
const DASHES = ['solid', 'dotted', 'dashed'] as const;

/** Lines over categories (months), e.g. median and 90th percentile against the target's limit. */
export function lineChart(spec: {
  description: string;
  categories: string[];
  lines: LineSpec[];
  format: ValueFormat;
  axisName?: string;
}): ChartOption {
  let figure = 0;
  return {
    ...base(spec.description),
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { color: INK } },
    tooltip: { trigger: 'axis', valueFormatter: tooltipFormatter(spec.format) },
    xAxis: { type: 'category', data: spec.categories, axisLabel: { color: INK } },
    yAxis: valueAxis(spec.format, spec.axisName),
    series: spec.lines.map((line) => {
      if (line.kind === 'limit') {
        return {
          type: 'line' as const,
          name: line.name,
          data: line.values,
          step: 'middle' as const,
          showSymbol: false,
          color: INK,
          lineStyle: { type: 'dashed' as const, width: 2, color: INK },
        };
      }
      const i = figure++;
      return {
        type: 'line' as const,
        name: line.name,
        data: line.values,
        symbol: SYMBOLS[i % SYMBOLS.length],
        symbolSize: 8,
        connectNulls: false,
        lineStyle: { type: DASHES[i % DASHES.length], width: 2 },
      };
    }),
  };
}

/** One municipality in a funnel plot. */
export interface FunnelPlotPoint {
  name: string;
  /** The denominator (courses judged), on the horizontal axis. */
  n: number;
  rate: number;
  /** 0: within the 95 % limits; 1: outside them; 2: outside the 99.8 % limits. */
  band: 0 | 1 | 2;
  /** Named on the chart (the user's own municipalities). */
  labelled?: boolean;
}

/** The control limits at one denominator, for drawing the funnel. */
export interface FunnelCurvePoint {
  n: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

const BAND_SYMBOLS = ['circle', 'triangle', 'diamond'] as const;
const BAND_COLOURS = [PALETTE[0], PALETTE[1], PALETTE[4]];

/**
 * A funnel plot (Spiegelhalter 2005): each municipality's rate against its denominator on a
 * log scale, the national rate as a solid line, the 95 % limits dashed and the 99.8 % limits
 * dotted. Points outside the limits differ by shape and colour and are named on the chart, as
 * are the user's own; every series is in the legend.
 */
export function funnelChart(spec: {
  description: string;
  points: FunnelPlotPoint[];
  curve: FunnelCurvePoint[];
  nationalRate: number | null;
  names: { national: string; limits95: string; limits998: string; bands: [string, string, string] };
  axisNames: { n: string; rate: string };
  /** The tooltip of a point: "Aarhus: 75,0 % af 120 forløb". */
  describePoint: (point: FunnelPlotPoint) => string;
}): ChartOption {
  const first = spec.curve[0]?.n ?? 5;
  const last = spec.curve.at(-1)?.n ?? 100;
  const limit = (name: string, key: Exclude<keyof FunnelCurvePoint, 'n'>, type: 'dashed' | 'dotted') => ({
    type: 'line' as const,
    name,
    data: spec.curve.map((c) => [c.n, c[key]]),
    // No symbol, so the legend shows the line's dash too.
    symbol: 'none',
    silent: true,
    color: MUTED,
    lineStyle: { type, width: type === 'dotted' ? 2.5 : 1.5, color: MUTED },
    tooltip: { show: false },
  });
  const points = spec.points;
  return {
    ...base(spec.description),
    // Room above the plot for a legend of two lines and the axis name, and for a point at 100 %.
    grid: { left: 8, right: 32, top: 96, bottom: 36, containLabel: true },
    legend: { top: 0, textStyle: { color: INK } },
    tooltip: {
      trigger: 'item',
      formatter: (params: unknown) => {
        const { dataIndex, seriesName } = params as { dataIndex: number; seriesName: string };
        const band = spec.names.bands.indexOf(seriesName);
        const point = band < 0 ? undefined : points.filter((p) => p.band === band)[dataIndex];
        return point ? spec.describePoint(point) : seriesName;
      },
    },
    xAxis: {
      type: 'log',
      logBase: 10,
      min: first,
      max: last,
      name: spec.axisNames.n,
      nameLocation: 'middle',
      nameGap: 28,
      nameTextStyle: { color: MUTED },
      axisLabel: { color: MUTED, formatter: (v: number) => formatNumber(v) },
    },
    yAxis: valueAxis('share', spec.axisNames.rate),
    series: [
      ...(spec.nationalRate === null
        ? []
        : [
            {
              type: 'line' as const,
              name: spec.names.national,
              data: [
                [first, spec.nationalRate],
                [last, spec.nationalRate],
              ],
              symbol: 'none',
              silent: true,
              color: INK,
              lineStyle: { type: 'solid' as const, width: 2, color: INK },
              tooltip: { show: false },
            },
          ]),
      limit(spec.names.limits95, 'upper95', 'dashed'),
      limit(spec.names.limits95, 'lower95', 'dashed'),
      limit(spec.names.limits998, 'upper998', 'dotted'),
      limit(spec.names.limits998, 'lower998', 'dotted'),
      ...spec.names.bands.map((name, band) => ({
        type: 'scatter' as const,
        name,
        symbol: BAND_SYMBOLS[band],
        symbolSize: band ? 12 : 9,
        color: BAND_COLOURS[band],
        itemStyle: { color: BAND_COLOURS[band], borderColor: '#ffffff', borderWidth: 1 },
        data: points
          .filter((p) => p.band === band)
          .map((p) => ({
            value: [p.n, p.rate],
            name: p.name,
            label: { show: Boolean(p.labelled) || band > 0, formatter: '{b}', position: 'right' as const, color: INK },
          })),
      })),
    ],
  };
}
