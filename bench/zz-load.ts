import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof', '--import', 'tsx', 'bench/target.ts', 'lindung', 'postgres://postgres@127.0.0.1:5432/test'], { stdio: ['ignore', 'pipe', 'inherit'] });
const lines = createInterface({ input: child.stdout! });
let ready: { port: number; token: string } | undefined;
for await (const line of lines) { ready = JSON.parse(line).ready; break; }
const auth = { authorization: `Bearer ${ready!.token}` };
// register 200 people first
const numbers: string[] = [];
const { pmiRegistration } = await import('../src/testing/fixtures.ts');
for (let i = 0; i < 200; i++) {
  const r = await fetch(`http://127.0.0.1:${ready!.port}/api/v1/members`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ ...pmiRegistration('DURING_PLACEMENT'), channel: { type: 'OFFICER' } }) });
  numbers.push((await r.json()).membershipNumber);
}
let i = 0;
const r = await autocannon({ url: `http://127.0.0.1:${ready!.port}`, connections: 32, duration: 8, requests: [{ setupRequest: (req) => Object.assign(req, { method: 'GET', path: `/api/v1/members/${numbers[i++ % numbers.length]}`, headers: auth }) }] });
console.log('rps', r.requests.average, 'p99', r.latency.p99, 'non2xx', r.non2xx);
child.kill('SIGTERM');
await new Promise((res) => child.once('exit', res));
