/**
 * New sign-ups go to the coordinators of the opportunity's organisation; a question to its
 * association's coordinators, or, asked of the network, to the administrators; on the chats they
 * linked (Telegram or their web chat).
 */
import { localise } from '../../domain/model';
import type { CoordinatorEvent, NoticeComposer } from '../../domain/notices';
import type { NewOutboxEntry } from '../../domain/outbox';
import { outboxGroup, outboxKey } from '../../domain/outbox-keys';
import type { Store } from '../../domain/ports';

export interface CoordinatorAlertsDeps {
  store: Pick<Store, 'opportunities' | 'accounts' | 'contacts'>;
  notices: Pick<NoticeComposer, 'coordinatorAlert'>;
  enqueue: (entries: NewOutboxEntry[]) => Promise<void>;
  newId: () => string;
  clock: () => Date;
}

/** How many coordinators were told. */
export async function alertCoordinators(deps: CoordinatorAlertsDeps, event: CoordinatorEvent): Promise<number> {
  const { store } = deps;
  const opportunity = event.kind === 'signup' ? await store.opportunities.get(event.opportunityId) : undefined;
  const organisationId = opportunity?.organisationId ?? (event.kind === 'question' ? event.organisationId : undefined);
  const accounts = organisationId
    ? await store.accounts.list(organisationId)
    : (await store.accounts.list()).filter((account) => account.role === 'admin');
  const entries: NewOutboxEntry[] = [];
  for (const account of accounts) {
    if (account.disabledAt) continue;
    const to = account.alertsTo;
    const contact = to && (await store.contacts.findByIdentity(to));
    if (!to || !contact) continue;
    const details =
      event.kind === 'signup'
        ? {
            title: localise(opportunity?.title, contact.locale),
            ...(event.firstName ? { firstName: event.firstName } : {}),
          }
        : { text: event.text.slice(0, 300) };
    entries.push({
      id: deps.newId(),
      key: outboxKey.coordinatorAlert(account.id, event.kind === 'signup' ? event.signupId : event.questionId),
      group: outboxGroup.coordinators(account.id),
      purpose: 'notice',
      contactId: contact.id,
      ...to,
      messages: deps.notices.coordinatorAlert(contact, event.kind, details),
      notBefore: deps.clock(),
      now: deps.clock(),
    });
  }
  if (entries.length > 0) await deps.enqueue(entries);
  return entries.length;
}
