// The charts of the PMI dashboard, each exportable on its own.
export const dashboardCharts = ['phase', 'destination', 'channel', 'monthly'] as const;
export type DashboardChart = (typeof dashboardCharts)[number];

export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface PmiDashboard {
  from: string | null;
  to: string | null;
  /** Open (not closed) PMI memberships registered in the period. */
  total: number;
  /**
   * The split the institution reports: candidates in training and preparation
   * (BEFORE_PLACEMENT), working abroad (DURING_PLACEMENT), and returned (AFTER_PLACEMENT).
   */
  byPhase: Array<{ phase: string; members: number }>;
  /** Open placements by destination country and phase. */
  byDestination: Array<{ country: string; phase: string; members: number }>;
  byChannel: Array<{ channel: string; partnerCode: string | null; partnerName: string | null; members: number }>;
  /** Registrations per month (Jakarta time) and the running total. */
  monthly: Array<{ month: string; registered: number; cumulative: number }>;
}

/** The rows of one chart as a table: a header row, then the data. */
export function chartTable(dashboard: PmiDashboard, chart: DashboardChart): { columns: string[]; rows: Array<Array<string | number>> } {
  switch (chart) {
    case 'phase':
      return { columns: ['phase', 'members'], rows: dashboard.byPhase.map((r) => [r.phase, r.members]) };
    case 'destination':
      return { columns: ['country', 'phase', 'members'], rows: dashboard.byDestination.map((r) => [r.country, r.phase, r.members]) };
    case 'channel':
      return {
        columns: ['channel', 'partnerCode', 'partnerName', 'members'],
        rows: dashboard.byChannel.map((r) => [r.channel, r.partnerCode ?? '', r.partnerName ?? '', r.members]),
      };
    case 'monthly':
      return { columns: ['month', 'registered', 'cumulative'], rows: dashboard.monthly.map((r) => [r.month, r.registered, r.cumulative]) };
  }
}

/** Running totals of monthly counts, in month order. */
export function withCumulative(rows: Array<{ month: string; registered: number }>): PmiDashboard['monthly'] {
  let total = 0;
  return [...rows]
    .sort((a, b) => a.month.localeCompare(b.month))
    .map((r) => {
      total += r.registered;
      return { month: r.month, registered: r.registered, cumulative: total };
    });
}
