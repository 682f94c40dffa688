import { useQuery } from '@tanstack/react-query';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { DataTable, Loading, PeriodFields, ProblemAlert, RequireSignIn } from '../components.tsx';
import { countryName, formatNumber } from '../format.ts';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

interface Dashboard {
  total: number;
  byPhase: Array<{ phase: string; members: number }>;
  byDestination: Array<{ country: string; phase: string; members: number }>;
  byChannel: Array<{ channel: string; partnerCode: string | null; partnerName: string | null; members: number }>;
  monthly: Array<{ month: string; registered: number; cumulative: number }>;
}

type ChartKey = 'phase' | 'destination' | 'channel' | 'monthly';

function Chart({ option, label }: { option: echarts.EChartsCoreOption; label: string }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'svg' });
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={element} className="chart" role="img" aria-label={label} />;
}

function ChartPanel(props: {
  id: ChartKey;
  title: string;
  option: echarts.EChartsCoreOption;
  columns: string[];
  rows: Array<Array<string | number>>;
  query: string;
  printing: ChartKey | null;
  onPrint: (id: ChartKey) => void;
}) {
  const { t } = useTranslation();
  const exportUrl = (format: 'csv' | 'xlsx') => `/api/v1/dashboard/pmi/export?chart=${props.id}&format=${format}${props.query}`;
  return (
    <section className={`panel${props.printing && props.printing !== props.id ? ' no-print' : ''}`} aria-labelledby={`chart-${props.id}`}>
      <h2 id={`chart-${props.id}`}>{props.title}</h2>
      <Chart option={props.option} label={props.title} />
      <details>
        <summary>{t('dashboard.table')}</summary>
        <DataTable caption={props.title} columns={props.columns}>
          {props.rows.map((row) => (
            <tr key={row.join('|')}>
              {row.map((cell, i) => (
                <td key={`${props.columns[i]}`}>{cell}</td>
              ))}
            </tr>
          ))}
        </DataTable>
      </details>
      <div className="actions no-print">
        <a className="button" href={exportUrl('csv')} download>
          {t('dashboard.csv', { chart: props.title })}
        </a>
        <a className="button" href={exportUrl('xlsx')} download>
          {t('dashboard.xlsx', { chart: props.title })}
        </a>
        <button type="button" className="button" onClick={() => props.onPrint(props.id)}>
          {t('dashboard.print', { chart: props.title })}
        </button>
      </div>
    </section>
  );
}

export function DashboardPage() {
  return (
    <RequireSignIn kind="staff">
      <DashboardView />
    </RequireSignIn>
  );
}

function DashboardView() {
  const { t, i18n } = useTranslation();
  const [period, setPeriod] = useState({ from: '', to: '' });
  const [printing, setPrinting] = useState<ChartKey | null>(null);
  const query = `${period.from ? `&from=${period.from}` : ''}${period.to ? `&to=${period.to}` : ''}`;
  const figures = useQuery({ queryKey: ['dashboard', period], queryFn: () => api<Dashboard>(`/api/v1/dashboard/pmi?${query.slice(1)}`) });
  useEffect(() => {
    const after = () => setPrinting(null);
    window.addEventListener('afterprint', after);
    return () => window.removeEventListener('afterprint', after);
  }, []);
  const print = (id: ChartKey) => {
    setPrinting(id);
    setTimeout(() => window.print(), 50);
  };
  const lang = i18n.language;
  const phaseLabel = (p: string) => t(`phase.${p}`, { defaultValue: p });
  const order = ['BEFORE_PLACEMENT', 'DURING_PLACEMENT', 'AFTER_PLACEMENT'];
  const d = figures.data && {
    ...figures.data,
    byPhase: [...figures.data.byPhase].sort((a, b) => order.indexOf(a.phase) - order.indexOf(b.phase)),
  };
  // What every chart panel shares: the period's query and which panel is being printed.
  const shared = { printing, onPrint: print, query };
  const destinations = d ? [...new Set(d.byDestination.map((r) => r.country))] : [];
  const destinationPhases = d ? [...new Set(d.byDestination.map((r) => r.phase))] : [];
  return (
    <>
      <h1>{t('dashboard.title')}</h1>
      <form className="inline no-print" onSubmit={(e) => e.preventDefault()}>
        <PeriodFields period={period} onChange={setPeriod} />
      </form>
      {figures.isPending && <Loading />}
      <ProblemAlert error={figures.error} />
      {d && (
        <>
          <div className="figures">
            <p className="figure">
              <span className="figure-value" data-testid="pmi-total">
                {formatNumber(d.total, lang)}
              </span>
              <span className="figure-label">{t('dashboard.total')}</span>
            </p>
            {d.byPhase.map((p) => (
              <p className="figure" key={p.phase}>
                <span className="figure-value">{formatNumber(p.members, lang)}</span>
                <span className="figure-label">{phaseLabel(p.phase)}</span>
              </p>
            ))}
          </div>
          <div className="charts">
            <ChartPanel
              id="phase"
              title={t('dashboard.byPhase')}
              {...shared}
              option={{
                tooltip: { trigger: 'item' },
                legend: { bottom: 0 },
                series: [
                  { type: 'pie', radius: ['35%', '65%'], data: d.byPhase.map((p) => ({ name: phaseLabel(p.phase), value: p.members })) },
                ],
              }}
              columns={[t('fields.phase'), t('dashboard.members')]}
              rows={d.byPhase.map((p) => [phaseLabel(p.phase), p.members])}
            />
            <ChartPanel
              id="destination"
              title={t('dashboard.byDestination')}
              {...shared}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { bottom: 0 },
                grid: { left: 8, right: 24, top: 8, bottom: 40, containLabel: true },
                xAxis: { type: 'value' },
                yAxis: { type: 'category', data: destinations.map((c) => countryName(c, lang)) },
                series: destinationPhases.map((phase) => ({
                  type: 'bar',
                  stack: 'all',
                  name: phaseLabel(phase),
                  data: destinations.map((c) => d.byDestination.find((r) => r.country === c && r.phase === phase)?.members ?? 0),
                })),
              }}
              columns={[t('fields.destination'), t('fields.phase'), t('dashboard.members')]}
              rows={d.byDestination.map((r) => [countryName(r.country, lang), phaseLabel(r.phase), r.members])}
            />
            <ChartPanel
              id="channel"
              title={t('dashboard.byChannel')}
              {...shared}
              option={{
                tooltip: { trigger: 'axis' },
                grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
                xAxis: { type: 'value' },
                yAxis: {
                  type: 'category',
                  data: d.byChannel.map(
                    (r) => `${t(`channel.${r.channel}`, { defaultValue: r.channel })}${r.partnerCode ? ` · ${r.partnerCode}` : ''}`,
                  ),
                },
                series: [{ type: 'bar', data: d.byChannel.map((r) => r.members) }],
              }}
              columns={[t('officer.channel'), t('dashboard.partner'), t('dashboard.members')]}
              rows={d.byChannel.map((r) => [t(`channel.${r.channel}`, { defaultValue: r.channel }), r.partnerName ?? '—', r.members])}
            />
            <ChartPanel
              id="monthly"
              title={t('dashboard.overTime')}
              {...shared}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { bottom: 0 },
                grid: { left: 56, right: 56, top: 16, bottom: 48 },
                xAxis: { type: 'category', data: d.monthly.map((m) => m.month) },
                yAxis: [{ type: 'value' }, { type: 'value' }],
                series: [
                  { type: 'bar', name: t('dashboard.registered'), data: d.monthly.map((m) => m.registered) },
                  { type: 'line', name: t('dashboard.cumulative'), yAxisIndex: 1, data: d.monthly.map((m) => m.cumulative) },
                ],
              }}
              columns={[t('dashboard.month'), t('dashboard.registered'), t('dashboard.cumulative')]}
              rows={d.monthly.map((m) => [m.month, m.registered, m.cumulative])}
            />
          </div>
        </>
      )}
    </>
  );
}
