/**
 * The one place ECharts is put together: only the charts and components the reports draw,
 * the SVG renderer (crisp at every zoom, and text a screen reader's tree can hold), and the
 * Danish locale. Imported only by EChart.tsx, which the pages load lazily (Chart.tsx), so
 * ECharts is a chunk of its own and never part of the first page.
 */
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { echartsLocaleDa } from './locale.da.js';

echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  SVGRenderer,
]);
echarts.registerLocale('DA', echartsLocaleDa);

export { echarts };
