import { tableFeatures, useTable, type ColumnDef, type RowData } from '@tanstack/react-table';

const features = tableFeatures({});

/**
 * A compact DKFDS table over TanStack Table's core row model: the page owns the data (already
 * filtered and sorted), the columns say how each cell reads.
 */
export function DataTable<Row extends RowData>({
  caption,
  columns,
  rows,
  rowId,
  testId,
}: {
  caption: string;
  columns: ColumnDef<typeof features, Row>[];
  rows: Row[];
  rowId: (row: Row) => string;
  testId?: string;
}) {
  const table = useTable({ features, columns, data: rows, getRowId: rowId });
  return (
    // Focusable, so a table wider than the screen can be scrolled with the keyboard (WCAG 2.1.1).
    <div className="table--responsive-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="table table--compact table--zebra" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col">
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id}>
              {row.getAllCells().map((cell) => (
                <td key={cell.id}>
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export type { ColumnDef };
export { features as tableFeaturesNone };
