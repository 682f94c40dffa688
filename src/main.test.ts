import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

// The CLI as a user runs it: a real process on a real embedded database folder.
// Always on the embedded database, whatever DATABASE_URL says: the data folder is the point.
const bin = path.resolve('bin/lindung.mjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string>, input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env, DATABASE_URL: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdin.end(input ?? '');
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; base: string; log: () => string }> {
  const child = spawn(process.execPath, [bin, 'serve'], { env: { ...process.env, ...env, DATABASE_URL: '', HOST: '127.0.0.1' } });
  let log = '';
  child.stdout?.on('data', (d) => {
    log += d;
  });
  child.stderr?.on('data', (d) => {
    log += d;
  });
  const base = `http://127.0.0.1:${env.PORT}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${log}`);
    try {
      const response = await fetch(`${base}/health`);
      if (response.ok) return { child, base, log: () => log };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start: ${log}`);
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('the lindung command', () => {
  let dataDir: string;
  let env: Record<string, string>;

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'lindung-cli-'));
    env = {
      LINDUNG_DATA_DIR: dataDir,
      PORT: String(20000 + Math.floor(Math.random() * 20000)),
      LINDUNG_DEMO_MEMBERS: '40',
      LOG_LEVEL: 'warn',
    };
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints its usage with --help', async () => {
    const run = await runCli(['--help'], env);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /lindung <command>/);
    assert.match(run.stdout, /seed-demo/);
  });

  it('refuses an unknown command with exit code 2', async () => {
    const run = await runCli(['frobnicate'], env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Unknown command "frobnicate"/);
  });

  it('serves with demo data, refuses a second process on the same folder, and keeps the data across a restart', async () => {
    const first = await startServer(env);
    const health = await fetch(`${first.base}/health`);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const login = await fetch(`${first.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo.officer', password: 'demo-officer-2026' }),
    });
    assert.equal(login.status, 200);
    const token = ((await login.json()) as { token: string }).token;
    const search = await fetch(`${first.base}/api/v1/members/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ membershipNumber: '10000000016' }),
    });
    const found = (await search.json()) as { items: Array<{ membershipNumber: string; fullName: string }> };
    assert.equal(found.items.length, 1, 'the first demo member exists');

    const locked = await runCli(['migrate'], env);
    assert.equal(locked.code, 1);
    assert.match(locked.stderr, /in use by process/);

    assert.equal(await stop(first.child), 0);

    const second = await startServer(env);
    const again = await fetch(`${second.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo.officer', password: 'demo-officer-2026' }),
    });
    const token2 = ((await again.json()) as { token: string }).token;
    const reread = await fetch(`${second.base}/api/v1/members/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token2}` },
      body: JSON.stringify({ membershipNumber: '10000000016' }),
    });
    const refound = (await reread.json()) as { items: Array<{ membershipNumber: string; fullName: string }> };
    assert.deepEqual(refound.items, found.items, 'the same member, unchanged, after the restart');
    assert.doesNotMatch(second.log(), /loading demo data/, 'demo data is loaded only into an empty database');
    const jwks1 = await (await fetch(`${second.base}/.well-known/jwks.json`)).json();
    assert.equal(await stop(second.child), 0);

    const third = await startServer(env);
    const jwks2 = await (await fetch(`${third.base}/.well-known/jwks.json`)).json();
    assert.deepEqual(jwks2, jwks1, 'the signing key generated at first start is kept');
    assert.equal(await stop(third.child), 0);
  });

  it('adds a staff account with the password read from standard input', async () => {
    const run = await runCli(
      ['user', 'add', '--username', 'desk-officer', '--role', 'officer', '--password-stdin'],
      env,
      'a-long-enough-password\n',
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Created OFFICER account desk-officer/);
    const duplicate = await runCli(
      ['user', 'add', '--username', 'desk-officer', '--role', 'OFFICER', '--password-stdin'],
      env,
      'another-long-password\n',
    );
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr, /already taken/);
    const short = await runCli(['user', 'add', '--username', 'x-officer', '--role', 'OFFICER', '--password-stdin'], env, 'short\n');
    assert.equal(short.code, 1);
    assert.match(short.stderr, /at least 12 characters/);
  });
});
