import type { AppContext } from '../context.ts';
import { invalidInput, issue } from '../kernel/errors.ts';
import * as store from './store.ts';

/** The payment channel with this code, or a 422 naming the unknown code. */
export async function requireChannel(ctx: AppContext, code: string) {
  const channel = await store.findChannel(ctx.db, code);
  if (!channel) {
    throw invalidInput([
      issue(
        '/channelCode',
        'UNKNOWN_CHANNEL',
        `No payment channel has the code ${code}.`,
        `Tidak ada kanal pembayaran dengan kode ${code}.`,
      ),
    ]);
  }
  return channel;
}
