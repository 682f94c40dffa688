import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';
import type { Principal } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { findMember } from '../membership/service.ts';
import { type CardClaims, cardTokenType, cardValidityDays, drawableText, initialsOf } from './rules.ts';

export interface IssuedCard {
  pdf: Uint8Array;
  token: string;
  verificationUrl: string;
  validUntil: string;
}

/**
 * The membership card as a PDF: name, number, segment, status, and a QR code holding the
 * public verification address with a compact JWS signed by Lindung's key. The token sits
 * in the address's fragment, so it never reaches a server log; it carries the membership
 * number and the initials, never a NIK or passport.
 */
export async function issueCard(
  ctx: AppContext,
  membershipNumber: string,
  principal: Principal | undefined,
  options: { origin: string; requestId?: string },
): Promise<IssuedCard> {
  const member = await findMember(ctx, membershipNumber, principal, options.requestId);
  const now = ctx.clock.now();
  const iat = Math.floor(now.getTime() / 1000);
  const claims: CardClaims = {
    sub: member.membershipNumber,
    ini: initialsOf(member.person.fullName),
    iat,
    exp: iat + cardValidityDays * 86_400,
  };
  const token = await ctx.signingKeys.sign({ iss: 'lindung', ...claims }, cardTokenType);
  const verificationUrl = `${options.origin}/verify#${token}`;
  const validUntil = new Date(claims.exp * 1000).toISOString();
  const pdf = await drawCard({
    name: member.person.fullName,
    membershipNumber: member.membershipNumber,
    segment: member.segment,
    status: member.status,
    destination: member.placements.find((p) => p.endedOn === null)?.destinationCountry ?? null,
    issuedOn: ctx.clock.today(),
    validUntil: validUntil.slice(0, 10),
    verificationUrl,
  });
  return { pdf, token, verificationUrl, validUntil };
}

async function drawCard(card: {
  name: string;
  membershipNumber: string;
  segment: string;
  status: string;
  destination: string | null;
  issuedOn: string;
  validUntil: string;
  verificationUrl: string;
}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Kartu peserta Lindung ${card.membershipNumber}`);
  doc.setAuthor('Lindung');
  doc.setSubject('Membership card / Kartu kepesertaan');
  doc.setLanguage('id');
  // The QR code's address, also as text: readers without a camera can follow it.
  doc.setKeywords([card.verificationUrl]);
  // ID-1 card size (85.6 × 54 mm), doubled so that it prints readable on A6 too.
  const width = 485;
  const height = 306;
  const page = doc.addPage([width, height]);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const green = rgb(0.02, 0.4, 0.27);
  page.drawRectangle({ x: 0, y: height - 56, width, height: 56, color: green });
  page.drawText('LINDUNG', { x: 20, y: height - 36, size: 22, font: bold, color: rgb(1, 1, 1) });
  page.drawText('Kartu Peserta / Membership Card', { x: 150, y: height - 33, size: 12, font: regular, color: rgb(1, 1, 1) });

  const qr = await QRCode.toBuffer(card.verificationUrl, { errorCorrectionLevel: 'M', margin: 1, width: 360 });
  const image = await doc.embedPng(qr);
  page.drawImage(image, { x: width - 190, y: 20, width: 170, height: 170 });

  const lines: Array<[string, string]> = [
    ['Nama / Name', card.name],
    ['No. Kepesertaan / Membership No.', card.membershipNumber],
    ['Segmen / Segment', card.segment],
    ['Status', card.status],
    ...(card.destination ? ([['Negara penempatan / Destination', card.destination]] as Array<[string, string]>) : []),
    ['Terbit / Issued', card.issuedOn],
    ['Berlaku s.d. / Valid until', card.validUntil],
  ];
  let y = height - 86;
  for (const [label, value] of lines) {
    page.drawText(label, { x: 20, y, size: 8, font: regular, color: rgb(0.35, 0.35, 0.35) });
    page.drawText(drawableText(value), { x: 20, y: y - 14, size: 12, font: bold, color: rgb(0, 0, 0), maxWidth: width - 230 });
    y -= 31;
  }
  page.drawText('Pindai kode QR untuk memeriksa kartu / Scan to verify', { x: width - 200, y: 8, size: 7, font: regular });
  return doc.save();
}
