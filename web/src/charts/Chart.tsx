import { lazy, Suspense } from 'react';
import { da } from '../texts.da.js';
import type { ChartOption } from './options.js';

// ECharts comes in its own chunk, loaded when the first chart is drawn (docs/web.md).
const EChart = lazy(() => import('./EChart.js'));

/** A chart, drawn once ECharts has loaded; until then a placeholder of the same height. */
export function Chart({ option, height = 320, testId }: { option: ChartOption; height?: number; testId?: string }) {
  return (
    <Suspense
      fallback={
        <div className="chart chart-loading" style={{ height }}>
          <span className="sr-only">{da.charts.loading}</span>
        </div>
      }
    >
      <EChart option={option} height={height} testId={testId} />
    </Suspense>
  );
}
