/**
 * The bank files of a payment batch, generated here (no XML library): a CSV, and an ISO
 * 20022 customer credit transfer initiation, pain.001.001.09. Pure: no I/O, no clock.
 */
import { stringify } from 'csv-stringify/sync';

export interface BatchForFile {
  batchNumber: string;
  createdAt: Date;
  executionDate: string;
  debtor: { name: string; accountNumber: string; bankBic: string };
  payments: ReadonlyArray<{
    endToEndId: string;
    claimNumber: string;
    claimType: string;
    amount: number;
    payTo: { bankCode: string; accountNumber: string; accountHolder: string };
  }>;
}

/** Text as XML character data or attribute value: the five special characters escaped, characters XML 1.0 forbids dropped. */
export function escapeXml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML 1.0 forbids.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** At most `max` characters (ISO 20022 text lengths: names 140, identifiers 35). */
const clip = (text: string, max: number) => [...text].slice(0, max).join('');
const el = (name: string, text: string, max = 140) => `<${name}>${escapeXml(clip(text, max))}</${name}>`;

export function pain001(batch: BatchForFile): string {
  const total = batch.payments.reduce((sum, p) => sum + p.amount, 0);
  // Rupiah have no minor unit in practice: whole amounts, as ISO 4217 allows for IDR transfers.
  const amount = (n: number) => String(n);
  const created = `${batch.createdAt.toISOString().slice(0, 19)}Z`;
  const transactions = batch.payments
    .map((p) =>
      [
        '<CdtTrfTxInf>',
        `<PmtId>${el('InstrId', p.endToEndId, 35)}${el('EndToEndId', p.endToEndId, 35)}</PmtId>`,
        `<Amt><InstdAmt Ccy="IDR">${amount(p.amount)}</InstdAmt></Amt>`,
        `<CdtrAgt><FinInstnId><ClrSysMmbId>${el('MmbId', p.payTo.bankCode, 35)}</ClrSysMmbId></FinInstnId></CdtrAgt>`,
        `<Cdtr>${el('Nm', p.payTo.accountHolder)}</Cdtr>`,
        `<CdtrAcct><Id><Othr>${el('Id', p.payTo.accountNumber, 34)}</Othr></Id></CdtrAcct>`,
        `<RmtInf>${el('Ustrd', `Klaim ${p.claimNumber} ${p.claimType}`)}</RmtInf>`,
        '</CdtTrfTxInf>',
      ].join(''),
    )
    .join('\n      ');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">',
    '  <CstmrCdtTrfInitn>',
    `    <GrpHdr>${el('MsgId', batch.batchNumber, 35)}<CreDtTm>${created}</CreDtTm><NbOfTxs>${batch.payments.length}</NbOfTxs><CtrlSum>${amount(total)}</CtrlSum><InitgPty>${el('Nm', batch.debtor.name)}</InitgPty></GrpHdr>`,
    '    <PmtInf>',
    `      ${el('PmtInfId', `${batch.batchNumber}-1`, 35)}<PmtMtd>TRF</PmtMtd><NbOfTxs>${batch.payments.length}</NbOfTxs><CtrlSum>${amount(total)}</CtrlSum>`,
    `      <ReqdExctnDt><Dt>${batch.executionDate}</Dt></ReqdExctnDt>`,
    `      <Dbtr>${el('Nm', batch.debtor.name)}</Dbtr>`,
    `      <DbtrAcct><Id><Othr>${el('Id', batch.debtor.accountNumber, 34)}</Othr></Id><Ccy>IDR</Ccy></DbtrAcct>`,
    `      <DbtrAgt><FinInstnId>${el('BICFI', batch.debtor.bankBic, 11)}</FinInstnId></DbtrAgt>`,
    '      <ChrgBr>SLEV</ChrgBr>',
    `      ${transactions}`,
    '    </PmtInf>',
    '  </CstmrCdtTrfInitn>',
    '</Document>',
    '',
  ].join('\n');
}

/** A cell a spreadsheet would run as a formula gets a leading apostrophe. */
const safeCell = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

export function paymentCsv(batch: BatchForFile): string {
  return stringify(
    batch.payments.map((p) => [
      p.endToEndId,
      p.claimNumber,
      p.amount,
      'IDR',
      safeCell(p.payTo.bankCode),
      safeCell(p.payTo.accountNumber),
      safeCell(p.payTo.accountHolder),
      `Klaim ${p.claimNumber} ${p.claimType}`,
    ]),
    {
      header: true,
      columns: ['end_to_end_id', 'claim_number', 'amount', 'currency', 'bank_code', 'account_number', 'account_holder', 'remittance'],
    },
  );
}
