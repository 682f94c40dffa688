import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { JWK } from 'jose';
import type { AppContext } from '../context.ts';
import { generatePartnerKey, sendMessage, signMessage } from './client.ts';
import { type ImportProgress, importFile, listImportRows } from './import-file.ts';
import { verifyLog } from './log.ts';

// The command-line side of the partner gateway: `lindung import`, `lindung exchange
// verify-log` and the reference partner client `lindung partner keygen | sign | send`.

export const importUsage = 'lindung import --partner CODE --type DOCUMENT_TYPE [--rejected-report FILE] FILE.csv|FILE.xlsx';
export const partnerUsage =
  'lindung partner keygen [--kid K] --out KEY.json | sign --key KEY.json --type T --sender CODE [--message-id ID] [DOCUMENT.json] | send --url URL [--key KEY.json --type T --sender CODE] [FILE]';

/** A progress bar on standard error, redrawn in place. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): ImportProgress {
  let last = '';
  return (phase, done, total) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(fraction * width);
    const line = `\r${phase.padEnd(8)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${done}/${total}`;
    if (line !== last) stream.write(line);
    last = line;
    if (phase === 'done') stream.write('\n');
  };
}

export async function importCommand(
  ctx: AppContext,
  args: string[],
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { partner: { type: 'string' }, type: { type: 'string' }, 'rejected-report': { type: 'string' } },
  });
  const file = positionals[0];
  if (!values.partner || !values.type || !file) throw new Error(`Usage: ${importUsage}`);
  const content = await fs.readFile(file);
  const report = await importFile(
    ctx,
    { partnerCode: values.partner, documentType: values.type.toUpperCase(), fileName: path.basename(file), content },
    'cli',
    progressBar(),
  );
  write(
    `${report.replayed ? 'Imported before; first report:' : 'Imported'} ${report.rows} rows: ${report.accepted} accepted, ${report.rejected} rejected` +
      `${
        Object.keys(report.effects).length
          ? ` (${Object.entries(report.effects)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')})`
          : ''
      }. Import ${report.importId}.\n`,
  );
  if (values['rejected-report'] && report.rejected > 0) {
    const lines = ['row,column,code,message'];
    let cursor = 0;
    for (;;) {
      const page = await listImportRows(ctx, report.importId, { outcome: 'REJECTED', cursor, limit: 1000 });
      for (const row of page.items) {
        for (const reason of row.reasons) lines.push([row.row, reason.column ?? '', reason.code, JSON.stringify(reason.message)].join(','));
      }
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    await fs.writeFile(values['rejected-report'], `${lines.join('\n')}\n`);
    write(`Rejected rows with their reasons: ${values['rejected-report']}\n`);
  }
  return report.rejected > 0 ? 3 : 0;
}

export async function exchangeCommand(
  ctx: AppContext,
  args: string[],
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  if (args[0] !== 'verify-log') throw new Error('Usage: lindung exchange verify-log');
  const result = await verifyLog(ctx);
  if (result.intact) {
    write(`Message log intact: ${result.entries} entries, every hash and link checked.\n`);
    return 0;
  }
  write(`Message log BROKEN at entry ${result.firstBrokenSeq}: ${result.reason} (${result.entries} entries verified before it).\n`);
  return 1;
}

export async function partnerCommand(
  args: string[],
  io: { stdin?: () => Promise<string>; write?: (text: string) => void } = {},
): Promise<number> {
  const write = io.write ?? ((text: string) => process.stdout.write(text));
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      kid: { type: 'string' },
      out: { type: 'string' },
      key: { type: 'string' },
      type: { type: 'string' },
      sender: { type: 'string' },
      'message-id': { type: 'string' },
      url: { type: 'string' },
    },
  });
  const readInput = async () => (positionals[0] ? fs.readFile(positionals[0], 'utf8') : (io.stdin ?? readStdin)());
  const sign = async (documentText: string) => {
    if (!values.key || !values.type || !values.sender) throw new Error(`Usage: ${partnerUsage}`);
    const privateJwk = JSON.parse(await fs.readFile(values.key, 'utf8')) as JWK;
    return signMessage(privateJwk, {
      type: values.type.toUpperCase(),
      sender: values.sender,
      messageId: values['message-id'],
      document: JSON.parse(documentText) as Record<string, unknown>,
    });
  };
  switch (sub) {
    case 'keygen': {
      if (!values.out) throw new Error(`Usage: ${partnerUsage}`);
      const pair = await generatePartnerKey(values.kid);
      await fs.writeFile(values.out, JSON.stringify(pair.privateJwk), { mode: 0o600, flag: 'wx' });
      write(`${JSON.stringify(pair.publicJwk)}\n`);
      if (!io.write) process.stderr.write(`Private key written to ${values.out}; register the public key above with Lindung.\n`);
      return 0;
    }
    case 'sign':
      write(`${await sign(await readInput())}\n`);
      return 0;
    case 'send': {
      if (!values.url) throw new Error(`Usage: ${partnerUsage}`);
      const input = await readInput();
      const jws = values.key ? await sign(input) : input.trim();
      const { status, body } = await sendMessage(values.url, jws);
      write(`${JSON.stringify(body, null, 2)}\n`);
      return status === 200 ? 0 : 1;
    }
    default:
      throw new Error(`Usage: ${partnerUsage}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
