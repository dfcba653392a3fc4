import { useEffect, useRef } from 'react';
import { echarts } from './echarts.js';
import type { ChartOption } from './options.js';

/**
 * One ECharts chart (SVG, Danish locale). The container is an image to assistive technology:
 * ECharts' aria component writes its description (title, series and values) as the label,
 * and the table beside the chart holds every figure. It follows its container's width.
 */
export default function EChart({ option, height, testId }: { option: ChartOption; height: number; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);

  useEffect(() => {
    const element = ref.current!;
    const instance = echarts.init(element, undefined, { renderer: 'svg', locale: 'DA' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  useEffect(() => {
    chart.current?.resize();
  }, [height]);

  // The label is the option's aria description; ECharts writes the same onto the element.
  return <div ref={ref} role="img" aria-label={option.aria.label.description} className="chart" style={{ height }} data-testid={testId} />;
}
