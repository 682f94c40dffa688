/**
 * The linkage process: runs the DuckDB engine for its parent (`linkage-process.ts`) and
 * answers over the IPC channel. It holds one session at a time and ends when the parent
 * closes it or goes away.
 */
import type { LinkRecord } from './comparisons.ts';
import { type DecisionRow, type LinkageSession, runLinkage } from './duckdb-engine.ts';
import { type ChildMessage, type ParentMessage, serializeError } from './linkage-protocol.ts';

const received: { left: LinkRecord[]; right: LinkRecord[] } = { left: [], right: [] };
let session: LinkageSession | undefined;
let decisions: AsyncIterator<DecisionRow[]> | undefined;

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error('the linkage process has no parent channel'));
    process.send(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });
}

function end(): void {
  session?.close();
  session = undefined;
  if (process.connected) process.disconnect();
}

async function handle(message: ParentMessage): Promise<void> {
  switch (message.op) {
    case 'records': {
      const side = received[message.side];
      for (const record of message.rows) side.push(record);
      return;
    }
    case 'run': {
      const { left, right, ...rest } = message.options;
      try {
        session = await runLinkage({
          ...rest,
          left: left.kind === 'csv' ? left : { kind: 'records', records: received.left },
          ...(right ? { right: right.kind === 'csv' ? right : { kind: 'records', records: received.right } } : {}),
          onProgress: (stage, step, steps) => void send({ op: 'progress', stage, step, steps }).catch(() => {}),
        });
      } catch (error) {
        return send({ op: 'failed', id: 0, error: serializeError(error) });
      } finally {
        // Loaded into DuckDB: the copies here are no longer needed.
        received.left = [];
        received.right = [];
      }
      return send({ op: 'ready', model: session.model, counts: session.counts });
    }
    case 'writeCsv': {
      if (!session) return send({ op: 'failed', id: message.id, error: serializeError(new Error('no linkage session')) });
      try {
        const written = await session.writeCsv(message.path, message.options);
        return send({ op: 'result', id: message.id, value: written });
      } catch (error) {
        return send({ op: 'failed', id: message.id, error: serializeError(error) });
      }
    }
    case 'nextDecisions': {
      if (!session) return send({ op: 'failed', id: message.id, error: serializeError(new Error('no linkage session')) });
      try {
        decisions ??= session.decisions()[Symbol.asyncIterator]();
        const next = await decisions.next();
        if (next.done) decisions = undefined;
        return send({ op: 'result', id: message.id, value: next.done ? null : next.value });
      } catch (error) {
        return send({ op: 'failed', id: message.id, error: serializeError(error) });
      }
    }
    case 'close':
      return end();
  }
}

// One message at a time, in the order they came.
let line: Promise<void> = Promise.resolve();
process.on('message', (message: ParentMessage) => {
  line = line.then(() => handle(message)).catch(() => end());
});
// Closed, or the parent is gone: nobody is left to read what a run still going would find.
process.on('disconnect', () => {
  session?.close();
  process.exit(0);
});
