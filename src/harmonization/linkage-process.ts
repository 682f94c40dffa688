/**
 * Runs the DuckDB linker in a process of its own. DuckDB is native code working on whole
 * registers at once; whatever befalls it (a crash, memory exhausted) then ends that process
 * only, never the API serving partners and workers, and the linkage run fails with a clear
 * error and can be run again (runs resume: `run-linkage.ts`).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DomainError } from '../kernel/errors.ts';
import type { LinkRecord } from './comparisons.ts';
import type { DecisionRow, LinkageCounts, LinkageOptions, LinkageSession, LinkSource } from './duckdb-engine.ts';
import { type ChildMessage, deserializeError, type ParentMessage, type SourceOverChannel } from './linkage-protocol.ts';
import type { LinkageModel } from './model.ts';

/** Records cross to the linkage process in parts of this many. */
const recordsPerMessage = 10_000;
const childModule = fileURLToPath(new URL('./linkage-child.ts', import.meta.url));
// The child loads TypeScript as this process does, whatever folder it was started from.
const tsxLoader = import.meta.resolve('tsx');

function linkageProcessFailed(detail: string): DomainError {
  return new DomainError(
    'unavailable',
    'LINKAGE_PROCESS_FAILED',
    {
      en: `The record-linkage process stopped (${detail}); nothing was decided. Run the linkage again.`,
      id: `Proses penautan data berhenti (${detail}); belum ada yang diputuskan. Jalankan penautan lagi.`,
    },
    { extensions: { detail } },
  );
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export interface IsolatedLinkageSession extends LinkageSession {
  /** The linkage process's id, while it runs. */
  pid: number | undefined;
}

/** `runLinkage` of `duckdb-engine.ts`, in a child process; the same options and session. */
export async function runLinkageIsolated(options: LinkageOptions): Promise<IsolatedLinkageSession> {
  const child = fork(childModule, [], {
    execArgv: ['--import', tsxLoader],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let ended: Error | undefined;
  const fail = (error: Error) => {
    ended ??= error;
    for (const p of pending.values()) p.reject(ended);
    pending.clear();
  };
  child.on('message', (message: ChildMessage) => {
    switch (message.op) {
      case 'progress':
        options.onProgress?.(message.stage, message.step, message.steps);
        return;
      case 'ready':
        pending.get(0)?.resolve({ model: message.model, counts: message.counts });
        pending.delete(0);
        return;
      case 'result':
        pending.get(message.id)?.resolve(message.value);
        pending.delete(message.id);
        return;
      case 'failed':
        pending.get(message.id)?.reject(deserializeError(message.error));
        pending.delete(message.id);
        return;
    }
  });
  child.on('error', (error) => fail(linkageProcessFailed(error.message)));
  child.on('exit', (code, signal) => fail(linkageProcessFailed(signal ? `signal ${signal}` : `exit code ${code}`)));

  const ask = <T>(id: number, message?: ParentMessage): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (ended) return reject(ended);
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      if (message) post(child, message).catch((error: Error) => fail(linkageProcessFailed(error.message)));
    });

  try {
    const ready = ask<{ model: LinkageModel; counts: LinkageCounts }>(0);
    ready.catch(() => {}); // awaited below, unless sending the records fails first
    const left = await sendSource(child, 'left', options.left);
    const right = options.right ? await sendSource(child, 'right', options.right) : undefined;
    const { left: _l, right: _r, onProgress: _p, ...rest } = options;
    await post(child, { op: 'run', options: { ...rest, left, ...(right ? { right } : {}) } });
    const { model, counts } = await ready;
    return {
      model,
      counts,
      pid: child.pid,
      writeCsv: (path, csvOptions = {}) => {
        const id = nextId++;
        return ask<number>(id, { op: 'writeCsv', id, path, options: csvOptions });
      },
      async *decisions() {
        for (;;) {
          const id = nextId++;
          const rows = await ask<DecisionRow[] | null>(id, { op: 'nextDecisions', id });
          if (rows === null) return;
          yield rows;
        }
      },
      close: () => close(child),
    };
  } catch (error) {
    close(child);
    // The process may have ended while the records were still being sent.
    throw ended ?? error;
  }
}

function post(child: ChildProcess, message: ParentMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!child.connected) return reject(new Error('the channel to the linkage process is closed'));
    child.send(message, (error) => (error ? reject(error) : resolve()));
  });
}

async function sendSource(child: ChildProcess, side: 'left' | 'right', source: LinkSource): Promise<SourceOverChannel> {
  if (source.kind === 'csv') return source;
  let rows: LinkRecord[] = [];
  for (const record of source.records) {
    rows.push(record);
    if (rows.length === recordsPerMessage) {
      await post(child, { op: 'records', side, rows });
      rows = [];
    }
  }
  if (rows.length > 0) await post(child, { op: 'records', side, rows });
  return { kind: 'records' };
}

/** Asks the process to close its session and end; one that does not is ended. */
function close(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (child.connected) {
    child.send({ op: 'close' } satisfies ParentMessage, () => {
      if (child.connected) child.disconnect();
    });
  }
  const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
  kill.unref();
  child.once('exit', () => clearTimeout(kill));
}
