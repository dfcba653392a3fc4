import { useId, type ReactNode } from 'react';
import { Chart } from '../charts/Chart.js';
import type { ChartOption } from '../charts/options.js';

export interface FigureRow {
  key: string;
  /** The row's name, read out before each figure (a row header). */
  header: ReactNode;
  cells: ReactNode[];
}

/**
 * A compact DKFDS table of figures: a header row (optionally with column groups above it),
 * one row per item with its name as the row header. Scrolls sideways by keyboard when wider
 * than the page (WCAG 2.1.1).
 */
export function FigureTable({
  caption,
  columns,
  groups,
  rows,
  testId,
  footer,
}: {
  caption: string;
  columns: ReactNode[];
  /** Column groups above the header: each spans that many columns (the row header's column first). */
  groups?: { label: ReactNode; span: number }[];
  rows: FigureRow[];
  testId?: string;
  footer?: FigureRow;
}) {
  return (
    <div className="table--responsive-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="table table--compact table--zebra figure-table" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          {groups ? (
            <tr>
              {groups.map((g, i) =>
                g.label ? (
                  <th key={i} scope="colgroup" colSpan={g.span}>
                    {g.label}
                  </th>
                ) : (
                  <td key={i} colSpan={g.span} />
                ),
              )}
            </tr>
          ) : null}
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={i ? 'figure' : undefined}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.header}</th>
              {row.cells.map((cell, i) => (
                <td key={i} className="figure">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {footer ? (
          <tfoot>
            <tr>
              <th scope="row">{footer.header}</th>
              {footer.cells.map((cell, i) => (
                <td key={i} className="figure">
                  {cell}
                </td>
              ))}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

/** One figure as shown, tagged with where it comes from in the API's answer (the browser tests compare them). */
export function Figure({ id, children }: { id: string; children: ReactNode }) {
  return <span data-figure={id}>{children}</span>;
}

/** A chart with its figures in a table beside it (below it on narrow screens, or when stacked). */
export function ChartWithTable({
  title,
  option,
  height,
  table,
  testId,
  note,
  stacked,
}: {
  /** A heading of its own; without one the chart belongs to the section around it. */
  title?: string;
  option: ChartOption;
  height?: number;
  table: ReactNode;
  testId?: string;
  note?: ReactNode;
  /** The table under the chart at every width (for tables too wide to stand beside it). */
  stacked?: boolean;
}) {
  const id = useId();
  const body = (
    <>
      {note ? <p className="form-hint">{note}</p> : null}
      <div className="row">
        <div className={stacked ? 'col-12' : 'col-12 col-xl-6'}>
          <Chart option={option} height={height} />
        </div>
        <div className={stacked ? 'col-12 mt-4' : 'col-12 col-xl-6'}>{table}</div>
      </div>
    </>
  );
  if (!title) {
    return (
      <div className="chart-with-table" data-testid={testId}>
        {body}
      </div>
    );
  }
  return (
    <section className="chart-with-table" aria-labelledby={id} data-testid={testId}>
      <h3 id={id} className="h4">
        {title}
      </h3>
      {body}
    </section>
  );
}
