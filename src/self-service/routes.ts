import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { json, problemResponses } from '../kernel/http.ts';
import { messageLanguage } from '../kernel/language.ts';
import {
  PhoneCodeRequestSchema,
  PhoneCodeSentSchema,
  PhoneConfirmationSchema,
  PhoneConfirmedSchema,
  SelfRegistrationResultSchema,
  SelfRegistrationSchema,
} from './schemas.ts';
import * as selfService from './service.ts';

const tags = ['Self-service'];

export function selfServiceRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.post(
      '/api/v1/self-service/phone-codes',
      {
        config: { auth: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'Send a one-time code to the phone a worker registers with',
          description: `The code goes out through the notification outbox. At most 3 codes per phone number per hour; each lives 10 minutes.`,
          body: PhoneCodeRequestSchema,
          response: { 202: json(PhoneCodeSentSchema, 'Sent'), ...problemResponses(400, 422, 429) },
        },
      },
      async (request, reply) => {
        const { phone } = request.body as { phone: string };
        return reply.code(202).send(await selfService.requestPhoneCode(ctx, phone));
      },
    );

    app.post(
      '/api/v1/self-service/phone-confirmations',
      {
        config: { auth: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'Confirm the phone with its code',
          description: 'Answers a registration token for one registration. After 5 wrong codes the code is spent.',
          body: PhoneConfirmationSchema,
          response: { 200: json(PhoneConfirmedSchema, 'Confirmed'), ...problemResponses(400, 401, 429) },
        },
      },
      async (request) => {
        const { confirmationId, code } = request.body as { confirmationId: string; code: string };
        return selfService.confirmPhone(ctx, confirmationId, code);
      },
    );

    app.post(
      '/api/v1/self-service/registrations',
      {
        config: { auth: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'A worker registers themselves (PMI or BPU)',
          description:
            'With the token of a confirmed phone. The channel is recorded as SELF_SERVICE_WEB and the phone as confirmed. The same rules as any registration apply; a refused registration keeps the token for a corrected attempt.',
          body: SelfRegistrationSchema,
          response: { 201: json(SelfRegistrationResultSchema, 'Registered'), ...problemResponses(400, 401, 409, 422, 429) },
        },
      },
      async (request, reply) => {
        const result = await selfService.registerSelf(ctx, request.body as never);
        const language = messageLanguage(request.headers['accept-language']);
        return reply
          .code(201)
          .send({ ...result, warnings: result.warnings.map((w) => ({ pointer: w.pointer, code: w.code, message: w.message[language] })) });
      },
    );
  };
}
