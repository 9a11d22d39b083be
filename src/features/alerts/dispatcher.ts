import type { AppContext } from '../../server/context.js';
import { deliverWebhooks, type DeliveryResult } from './webhook.js';

/**
 * One webhook sender per application: kicked after every commit that queued an event ("at once"), and swept on a
 * timer for events queued by other writers (detection raising risk alerts, imports). Single-flight: a kick while a
 * delivery runs schedules one more pass instead of a second concurrent sender.
 */
export class WebhookDispatcher {
  private running: Promise<DeliveryResult | null> | null = null;
  private again = false;

  constructor(private readonly ctx: Pick<AppContext, 'db' | 'config'>, private readonly onError: (e: Error) => void) {}

  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Resolves when no delivery is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async pass(): Promise<DeliveryResult | null> {
    try {
      return await deliverWebhooks(this.ctx.db, this.ctx.config.webhookUrl);
    } catch (e) {
      this.onError(e as Error);
      return null;
    }
  }
}

const DISPATCHERS = new WeakMap<object, WebhookDispatcher>();

export function webhookDispatcher(ctx: Pick<AppContext, 'db' | 'config'>, onError: (e: Error) => void = (e) => process.emitWarning(`alert webhook: ${e.message}`)): WebhookDispatcher {
  let d = DISPATCHERS.get(ctx);
  if (!d) {
    d = new WebhookDispatcher(ctx, onError);
    DISPATCHERS.set(ctx, d);
  }
  return d;
}
