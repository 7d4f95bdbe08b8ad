/**
 * The web chat has no push: messages for a visitor wait in their mailbox, and the page fetches them
 * when it is open (it polls) or next opened. Delivery is putting them there.
 */
import type { ChannelDelivery, DeliveryRequest, DeliveryResult } from '../../domain/delivery';
import type { MailboxRepository } from '../../domain/ports';

export class WebMailboxDelivery implements ChannelDelivery {
  private sequence = 0;

  constructor(
    private readonly mailbox: MailboxRepository,
    private readonly newId: (length?: number) => string,
    private readonly clock: () => Date,
  ) {}

  async deliver(request: DeliveryRequest): Promise<DeliveryResult> {
    const at = this.clock();
    // Time first, so ids sort in the order messages were written even within one millisecond.
    const time = at.getTime().toString(36).padStart(9, '0');
    const sequence = (this.sequence++ % 1296).toString(36).padStart(2, '0');
    const id = `${time}-${sequence}${this.newId(8)}`;
    await this.mailbox.add({ id, externalId: request.externalId, messages: request.messages, at: at.toISOString() });
    return { status: 'sent', parts: request.messages.length };
  }
}
