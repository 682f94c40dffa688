import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { chartTable, type DashboardChart, type ExportFormat, type PmiDashboard } from './rules.ts';

/** One chart's figures as a CSV or XLSX file. */
export async function exportChart(
  dashboard: PmiDashboard,
  chart: DashboardChart,
  format: ExportFormat,
): Promise<{ body: Buffer; contentType: string; fileName: string }> {
  const { columns, rows } = chartTable(dashboard, chart);
  const fileName = `lindung-pmi-${chart}.${format}`;
  if (format === 'csv') {
    return { body: Buffer.from(stringify([columns, ...rows]), 'utf8'), contentType: 'text/csv; charset=utf-8', fileName };
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lindung';
  const sheet = workbook.addWorksheet(chart);
  sheet.addRow(columns).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.columns.forEach((column) => {
    column.width = 18;
  });
  const buffer = await workbook.xlsx.writeBuffer();
  return {
    body: Buffer.from(buffer as ArrayBuffer),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName,
  };
}
