// `npm run bench`: registrations and member lookups per second on the embedded database
// and on PostgreSQL, each beside a bare Fastify route measured in the same run.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { syntheticNik } from '../src/identity/nik.ts';
import { postgresReachable, postgresUrl } from './postgres.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

interface Target {
  port: number;
  token?: string;
  stop(): Promise<void>;
}

async function startTarget(args: string[]): Promise<Target> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bench/target.ts', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    const message = JSON.parse(line) as { ready?: { port: number; token?: string } };
    if (message.ready) {
      return {
        ...message.ready,
        stop: () =>
          new Promise((resolve) => {
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          }),
      };
    }
  }
  throw new Error(`benchmark target ${args.join(' ')} did not start`);
}

type LoadRequest = { method: string; path: string; headers?: Record<string, string>; body?: string };

async function load(port: number, next: () => LoadRequest): Promise<{ rps: number; p99: number; errors: number; non2xx: number }> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [{ setupRequest: (request) => Object.assign(request, next()) }],
  });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

let serial = 0;
function registration(): LoadRequest {
  serial += 1;
  // Unique synthetic people: the serial spreads over birth dates and NIK serials.
  const day = (serial % 28) + 1;
  const month = (Math.floor(serial / 28) % 12) + 1;
  const year = 1970 + (Math.floor(serial / 336) % 30);
  const birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const sex = serial % 2 === 0 ? 'F' : 'M';
  const nik = syntheticNik('320405', birthDate, sex, (Math.floor(serial / 10080) % 9999) + 1);
  return {
    method: 'POST',
    path: '/api/v1/members',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      segment: 'PMI',
      person: {
        nik,
        fullName: `Pekerja Uji ${serial}`,
        birthDate,
        sex,
        phone: '+85291234567',
        passport: { number: `B${String(serial).padStart(7, '0')}`, issuingCountry: 'ID', expiryDate: '2031-01-31' },
      },
      channel: { type: 'EMBASSY_DESK', partnerCode: 'KJRI-HONGKONG' },
      pmi: {
        phase: 'DURING_PLACEMENT',
        placement: { destinationCountry: 'HK', placementRoute: 'INDIVIDUAL', contractStart: '2026-01-01', contractEnd: '2028-01-01' },
      },
    }),
  };
}

async function benchEngine(label: string, databaseUrl: string | undefined, bareRps: number) {
  const target = await startTarget(databaseUrl ? ['lindung', databaseUrl] : ['lindung']);
  const auth = { authorization: `Bearer ${target.token}` };
  serial = 0;
  const registrations = await load(target.port, () => {
    const request = registration();
    return { ...request, headers: { ...request.headers, ...auth } };
  });
  const registered = serial;

  // Look up people that exist: replay the same generator.
  const people: Array<{ nik: string; number?: string }> = [];
  serial = 0;
  for (let i = 0; i < Math.min(registered, 5000); i++) {
    people.push({ nik: JSON.parse(registration().body ?? '{}').person.nik });
  }
  const numbers: string[] = [];
  for (const person of people.slice(0, 500)) {
    const response = await fetch(`http://127.0.0.1:${target.port}/api/v1/members/search`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ nik: person.nik }),
    });
    const item = ((await response.json()) as { items: Array<{ membershipNumber: string }> }).items[0];
    if (item) numbers.push(item.membershipNumber);
  }
  let i = 0;
  const byNumber = await load(target.port, () => ({
    method: 'GET',
    path: `/api/v1/members/${numbers[i++ % numbers.length]}`,
    headers: auth,
  }));
  const byNik = await load(target.port, () => ({
    method: 'POST',
    path: '/api/v1/members/search',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ nik: people[i++ % people.length]?.nik }),
  }));
  await target.stop();
  return [
    row(label, 'registrations', registrations, bareRps),
    row(label, 'lookup by membership number', byNumber, bareRps),
    row(label, 'lookup by NIK (search)', byNik, bareRps),
  ];
}

function row(engine: string, what: string, r: { rps: number; p99: number; errors: number; non2xx: number }, bareRps: number) {
  return {
    engine,
    what,
    'req/s': Math.round(r.rps),
    'p99 ms': r.p99,
    'ratio to bare': (r.rps / bareRps).toFixed(3),
    'non-2xx': r.non2xx,
    errors: r.errors,
  };
}

const bare = await startTarget(['bare']);
const baseline = await load(bare.port, () => ({ method: 'GET', path: '/bare' }));
await bare.stop();
console.log(
  `bare Fastify route: ${Math.round(baseline.rps)} req/s (p99 ${baseline.p99} ms), ${connections} connections, ${seconds} s each`,
);

const rows = [
  {
    engine: '-',
    what: 'bare Fastify route (baseline)',
    'req/s': Math.round(baseline.rps),
    'p99 ms': baseline.p99,
    'ratio to bare': '1.000',
    'non-2xx': baseline.non2xx,
    errors: baseline.errors,
  },
];
rows.push(...(await benchEngine('PGlite (embedded)', undefined, baseline.rps)));
if (await postgresReachable()) {
  const bareDb = await startTarget(['bare-db', postgresUrl]);
  const floor = await load(bareDb.port, () => ({ method: 'GET', path: '/bare-db' }));
  await bareDb.stop();
  rows.push(row('PostgreSQL', 'Fastify route with one indexed select (floor)', floor, baseline.rps));
  rows.push(...(await benchEngine('PostgreSQL', postgresUrl, baseline.rps)));
} else console.log(`PostgreSQL at ${postgresUrl} is not reachable: skipped.`);
console.table(rows);
