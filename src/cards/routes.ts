import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { json, problemResponses } from '../kernel/http.ts';
import { MembershipNumberParams } from '../membership/schemas.ts';
import * as cards from './service.ts';

const tags = ['Cards'];
const readers: Role[] = ['OFFICER', 'SUPERVISOR', 'PARTNER_USER', 'MEMBER'];

const VerificationSchema = Type.Object({
  valid: Type.Boolean({ description: 'Signed by Lindung, not expired, membership not closed.' }),
  initials: Type.String({ description: 'Initials of the name; nothing more of the person.' }),
  status: Type.String({ description: 'The membership status today.' }),
  validUntil: Type.String({ format: 'date-time' }),
  expired: Type.Boolean(),
});

export function cardRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get(
      '/api/v1/members/:membershipNumber/card',
      {
        config: { auth: readers },
        schema: {
          tags,
          summary: 'The membership card (PDF with a signed QR code)',
          description:
            'The QR code holds the public verification address with a compact JWS (EdDSA) signed by Lindung; the token carries the membership number and name initials only. A member gets their own card; a partner user the cards of its members.',
          params: MembershipNumberParams,
          response: {
            200: {
              description: 'The card',
              content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } },
            },
            ...problemResponses(400, 401, 403, 404, 422),
          },
        },
      },
      async (request, reply) => {
        const { membershipNumber } = request.params as { membershipNumber: string };
        const card = await cards.issueCard(ctx, membershipNumber, request.principal, {
          origin: `${request.protocol}://${request.host}`,
          requestId: request.id,
        });
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="lindung-card-${membershipNumber}.pdf"`)
          .header('cache-control', 'no-store')
          .send(Buffer.from(card.pdf));
      },
    );

    app.post(
      '/api/v1/cards/verification',
      {
        config: { auth: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'Verify a membership card (public)',
          description: 'Takes the token from the card’s QR code; answers only the initials, the status and the validity.',
          body: Type.Object(
            { token: Type.String({ minLength: 10, maxLength: 2000 }) },
            { additionalProperties: false, examples: [{ token: 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIxMDAwMDAwMDAxNiJ9.c2lnbmF0dXJl' }] },
          ),
          response: { 200: json(VerificationSchema, 'Signed by Lindung'), ...problemResponses(400, 422, 429) },
        },
      },
      async (request) => cards.verifyCard(ctx, (request.body as { token: string }).token),
    );
  };
}
