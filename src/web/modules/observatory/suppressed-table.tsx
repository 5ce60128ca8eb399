import { useTranslation } from 'react-i18next';
import type { ResearchExportDetail } from '../../../shared/contracts/observatory';
import { formatNumber } from '../../app/format';
import { currentLocale } from '../../app/i18n';
import { Table, TableHead } from '../../ui/table';
import { dimensionValueLabel, periodLabel } from './parts';

/**
 * A research export's table as released: a hidden cell or margin reads "< N" (the threshold), never a
 * number, and a sentence says why some cells are hidden although they may hold N or more (so that no
 * hidden count can be worked out from the others and the totals).
 */
export function SuppressedTableView({ exported }: { exported: ResearchExportDetail }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const table = exported.table;
  const [rowDimension, columnDimension] = exported.dimensions;
  const hidden = t('observatory.research.hidden', { threshold: table.threshold });
  const cell = (value: number | null) =>
    value === null ? (
      <abbr title={t('observatory.research.hiddenTitle', { threshold: table.threshold })}>{hidden}</abbr>
    ) : (
      formatNumber(value, locale)
    );
  const rowLabel = (value: string) =>
    rowDimension ? dimensionValueLabel(t, rowDimension, value, table.labels) : value;
  const columnLabel = (value: string) =>
    columnDimension
      ? dimensionValueLabel(t, columnDimension, value, table.labels)
      : t('observatory.research.count');
  const anyHidden =
    table.total === null ||
    table.rowTotals.some((v) => v === null) ||
    table.columnTotals.some((v) => v === null) ||
    table.cells.some((row) => row.some((v) => v === null));
  const dimensions = exported.dimensions.map((d) => t(`observatory.dimensions.${d}`)).join(' × ');
  const twoWay = table.columns.length > 1 || columnDimension !== undefined;

  return (
    <>
      <p className="notice">
        {t('observatory.research.suppression', { threshold: table.threshold, max: table.threshold - 1 })}{' '}
        {anyHidden ? t('observatory.research.someHidden') : t('observatory.research.noneHidden')}
      </p>
      {table.rows.length === 0 ? (
        <p>{t('observatory.research.emptyTable')}</p>
      ) : (
        <Table
          caption={t('observatory.research.tableCaption', {
            dimensions,
            from: periodLabel(exported.from, locale),
            to: periodLabel(exported.to, locale),
          })}
        >
          <TableHead
            columns={[
              rowDimension ? t(`observatory.dimensions.${rowDimension}`) : '',
              ...table.columns.map((column) => ({ label: columnLabel(column), className: 'numeric' })),
              ...(twoWay ? [{ label: t('observatory.research.rowTotal'), className: 'numeric' }] : []),
            ]}
          />
          <tbody>
            {table.rows.map((row, r) => (
              <tr key={row}>
                <th scope="row">{rowLabel(row)}</th>
                {table.columns.map((column, c) => (
                  <td key={column} className="numeric">
                    {cell(table.cells[r]?.[c] ?? null)}
                  </td>
                ))}
                {twoWay ? <td className="numeric">{cell(table.rowTotals[r] ?? null)}</td> : null}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('observatory.research.total')}</th>
              {table.columns.map((column, c) => (
                <td key={column} className="numeric">
                  {cell(twoWay ? (table.columnTotals[c] ?? null) : table.total)}
                </td>
              ))}
              {twoWay ? <td className="numeric">{cell(table.total)}</td> : null}
            </tr>
          </tfoot>
        </Table>
      )}
    </>
  );
}
