// The dashboard's public face.
export { exportChart } from './export-chart.ts';
export { listRegistrations } from './list-registrations.ts';
export { readPmiDashboard } from './read-dashboard.ts';
export type { DashboardChart, ExportFormat, PmiDashboard } from './rules.ts';
