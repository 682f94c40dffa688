import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DomainError } from '../kernel/errors.ts';
import { linkCommand } from './link-command.ts';

const silent = { write: () => true, isTTY: false };

describe('lindung link on CSV files', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lindung-link-'));
    await writeFile(
      file('register.csv'),
      [
        'member_no,name,nik,sex,birth_date,passport,remark',
        '1001,Siti Aminah,3201014501900001,F,1990-01-05,C1234567,first',
        '1002,Djoko Susanto,,M,1985-02-03,,second',
        '1003,I Wayan Sudarsa,5101010101800002,M,1980-01-01,,third',
        '1004,Bambang Purnomo,3301011212750003,M,1975-12-12,B7654321,fourth',
      ].join('\n'),
    );
    await writeFile(
      file('partner.csv'),
      [
        'ref,name,birth_date,sex,passport',
        'A,Hj. Siti Aminah,1990-05-01,P,X0000001',
        'B,Joko Susanto,1985-02-03,L,',
        'C,Wayan Sudarsa,1980-01-01,M,',
        'D,Rina Wulandari,1999-09-09,F,',
      ].join('\n'),
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('writes one row per link with its weight and explanation', async () => {
    let said = '';
    const code = await linkCommand(
      [
        '--left',
        file('register.csv'),
        '--left-id',
        'member_no',
        '--right',
        file('partner.csv'),
        '--right-id',
        'ref',
        '--out',
        file('links.csv'),
      ],
      { stdout: { write: (t: string) => (said += t) }, stderr: silent },
    );
    assert.equal(code, 0);
    const [header, ...rows] = (await readFile(file('links.csv'), 'utf8')).trim().split('\n');
    assert.equal(header, 'left_id,right_id,weight,probability,decision,explanation');
    const pairs = rows.map((r) => r.split(',').slice(0, 2).join('→'));
    assert.deepEqual(pairs.sort(), ['1001→A', '1002→B', '1003→C']);
    assert.match(rows[0] as string, /name=EXACT\(\+[0-9.]+\)/);
    assert.match(said, /3 linked/);
  });

  it('finds duplicates within one file when no right file is given', async () => {
    await writeFile(file('dups.csv'), 'id,name,birth_date\n1,Muhammad Yusuf,1990-03-04\n2,Moh. Yusuf,1990-03-04\n3,Rina,1991-01-01\n');
    assert.equal(
      await linkCommand(['--left', file('dups.csv'), '--left-id', 'id', '--out', file('dups-out.csv')], { stdout: silent, stderr: silent }),
      0,
    );
    const rows = (await readFile(file('dups-out.csv'), 'utf8')).trim().split('\n').slice(1);
    assert.deepEqual(
      rows.map((r) => r.split(',').slice(0, 2).sort().join('=')),
      ['1=2'],
    );
  });

  async function failure(args: string[], files: Record<string, string | Buffer> = {}): Promise<DomainError> {
    for (const [name, content] of Object.entries(files)) await writeFile(file(name), content);
    const out = file(`out-${Object.keys(files).join('-') || 'none'}.csv`);
    const error = await linkCommand([...args, '--out', out], { stdout: silent, stderr: silent }).then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof DomainError);
    assert.ok(!(await readdir(dir)).some((name) => name.startsWith(path.basename(out))), 'nothing written');
    return error;
  }

  it('refuses an empty file and a file with a header only, naming each', async () => {
    const error = await failure(['--left', file('empty.csv'), '--left-id', 'id', '--right', file('header.csv'), '--right-id', 'id'], {
      'empty.csv': '',
      'header.csv': 'id,name\n',
    });
    assert.deepEqual(
      error.issues.map((i) => [i.pointer, i.code]),
      [
        ['/left', 'EMPTY_FILE'],
        ['/right', 'EMPTY_FILE'],
      ],
    );
  });

  it('refuses a malformed file with the line at fault', async () => {
    const error = await failure(['--left', file('ragged.csv'), '--left-id', 'id'], { 'ragged.csv': 'id,name\n1,Siti\n2,Rina,extra\n' });
    assert.equal(error.issues[0]?.code, 'MALFORMED_FILE');
    assert.match(error.issues[0]?.message.en ?? '', /Line: 3/);
  });

  it('refuses a file without the id column or any column to compare by', async () => {
    const error = await failure(['--left', file('cols.csv'), '--left-id', 'member_no'], { 'cols.csv': 'id,city\n1,Malang\n' });
    assert.deepEqual(
      error.issues.map((i) => i.code),
      ['MISSING_COLUMN', 'MISSING_COLUMN'],
    );
  });

  it('refuses a file that is not UTF-8, naming the encoding to use', async () => {
    const error = await failure(['--left', file('latin1.csv'), '--left-id', 'id'], {
      'latin1.csv': Buffer.from('id,name\n1,Jos\xe9\n', 'latin1'),
    });
    assert.equal(error.issues[0]?.code, 'UNSUPPORTED_ENCODING');
    const utf16 = await failure(['--left', file('utf16.csv'), '--left-id', 'id'], {
      'utf16.csv': Buffer.from('\ufeffid,name\n', 'utf16le'),
    });
    assert.match(utf16.issues[0]?.message.en ?? '', /UTF-16/);
  });

  it('refuses repeated ids, which would make links ambiguous', async () => {
    const error = await failure(['--left', file('twice.csv'), '--left-id', 'id'], { 'twice.csv': 'id,name\n1,Siti\n1,Rina\n' });
    assert.equal(error.issues[0]?.code, 'DUPLICATE_ID');
  });

  it('reports every missing option at once', async () => {
    const error = await linkCommand(['--right', file('partner.csv')], { stdout: silent, stderr: silent }).catch((e: unknown) => e);
    assert.ok(error instanceof DomainError);
    assert.deepEqual(
      error.issues.map((i) => i.pointer),
      ['/left', '/left-id', '/out', '/right-id'],
    );
  });
});
