/**
 * What coordinators and administrators can do, whatever the door (JSON API or dashboard). Every
 * method takes the principal and checks the organisation: a coordinator sees and changes only their
 * own; what belongs to another is "not found".
 */
import type { Account, Audience, Broadcast, ChannelReport } from '../domain/admin';
import { HUMAN_AGENT_WINDOW_MS, MESSENGER_WINDOW_MS } from '../domain/delivery';
import { inAudience } from '../domain/admin';
import { LINK_PREFIX } from '../domain/linking';
import {
  CHANNELS,
  localise,
  OPPORTUNITY_STATUSES,
  type ChannelName,
  type Opportunity,
  type OpportunityStatus,
  type Question,
  type Signup,
} from '../domain/model';
import type { NoticeComposer } from '../domain/notices';
import { newOutboxEntry, type NewOutboxEntry, type OutboxCount } from '../domain/outbox';
import type { Store } from '../domain/ports';
import { encodeShareRef } from '../domain/share';
import type { Notifier } from '../delivery/notifier';
import { recipientOf } from '../delivery/notifier';
import { ForbiddenError, InvalidError, NotFoundError } from './errors';
import { checkOpportunityInput } from './opportunity-input';

export interface Principal {
  accountId: string;
  role: Account['role'];
  organisationId?: string;
  name: string;
}

export interface AdminServiceOptions {
  store: Store;
  notifier: Notifier;
  notices: NoticeComposer;
  newId: () => string;
  clock: () => Date;
  /** A link opening the bot at an opportunity on each channel. */
  shareLink: (channel: ChannelName, ref: string) => string;
  /** Whether replies written by a person may use Messenger's HUMAN_AGENT tag (7 days). */
  humanAgent: boolean;
  /** Wakes the dispatcher after entries were queued. */
  onEnqueued?: () => void;
  /** Work that failed in the background (it is resumed later). */
  onError?: (message: string, error: unknown) => void;
  /** Posts a newly published opportunity to the association's Telegram channel and Facebook Page, when configured. */
  publishBeyond?: (opportunity: Opportunity, links: Record<ChannelName, string>) => Promise<void>;
}

const BATCH = 500;

export class AdminService {
  constructor(private readonly options: AdminServiceOptions) {}

  private get store(): Store {
    return this.options.store;
  }

  private now(): Date {
    return this.options.clock();
  }

  // ── scope ────────────────────────────────────────────────────────────────────────────────────

  private visible(principal: Principal, organisationId: string | undefined): boolean {
    return principal.role === 'admin' || (organisationId !== undefined && organisationId === principal.organisationId);
  }

  private requireAdmin(principal: Principal): void {
    if (principal.role !== 'admin') throw new ForbiddenError();
  }

  // ── organisations and accounts (administrators) ─────────────────────────────────────────────

  async listOrganisations(principal: Principal) {
    const all = await this.store.organisations.list();
    // The Page token is a secret: said to be set, never shown.
    return all
      .filter((organisation) => this.visible(principal, organisation.id))
      .map(({ publishTo, ...rest }) => ({
        ...rest,
        ...(publishTo
          ? { publishTo: { ...publishTo, ...(publishTo.facebookPageToken ? { facebookPageToken: 'set' } : {}) } }
          : {}),
      }));
  }

  async createOrganisation(principal: Principal, body: { name?: unknown; website?: unknown }) {
    this.requireAdmin(principal);
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!name || name.length > 120)
      throw new InvalidError([
        { field: 'name', code: 'required', message: 'a name of 1 to 120 characters is required' },
      ]);
    const organisation = {
      id: this.options.newId(),
      name,
      ...(typeof body.website === 'string' && body.website ? { website: body.website } : {}),
      createdAt: this.now().toISOString(),
    };
    await this.store.organisations.save(organisation);
    return organisation;
  }

  /** Where opportunities are also posted; an organisation's coordinators or an administrator. */
  async updatePublishing(
    principal: Principal,
    organisationId: string,
    body: { telegramChannel?: unknown; facebookPageId?: unknown; facebookPageToken?: unknown },
  ) {
    const organisation = await this.store.organisations.get(organisationId);
    if (!organisation || !this.visible(principal, organisation.id)) throw new NotFoundError('organisation');
    const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
    const channel = text(body.telegramChannel);
    const pageId = text(body.facebookPageId);
    const errors = [];
    if (channel && !/^(@[A-Za-z0-9_]{5,32}|-100\d{5,20})$/.test(channel))
      errors.push({ field: 'telegramChannel', code: 'invalid' as const, message: '@channelname or -100… id' });
    if (pageId && !/^\d{1,30}$/.test(pageId))
      errors.push({ field: 'facebookPageId', code: 'invalid' as const, message: 'digits only' });
    if (errors.length > 0) throw new InvalidError(errors);
    // An empty token field keeps the token already saved: it is never shown back.
    const token = text(body.facebookPageToken) ?? organisation.publishTo?.facebookPageToken;
    const publishTo = {
      ...(channel ? { telegramChannel: channel } : {}),
      ...(pageId ? { facebookPageId: pageId } : {}),
      ...(pageId && token ? { facebookPageToken: token } : {}),
    };
    const updated = { ...organisation, publishTo };
    await this.store.organisations.save(updated);
    return {
      id: updated.id,
      name: updated.name,
      publishTo: { ...publishTo, ...(publishTo.facebookPageToken ? { facebookPageToken: 'set' } : {}) },
    };
  }

  async listAccounts(principal: Principal) {
    this.requireAdmin(principal);
    return (await this.store.accounts.list()).map(publicAccount);
  }

  async createAccount(principal: Principal, account: Omit<Account, 'id' | 'createdAt'>) {
    // The bootstrap token may create the first administrator; afterwards only administrators create accounts.
    this.requireAdmin(principal);
    if (
      account.role === 'coordinator' &&
      (!account.organisationId || !(await this.store.organisations.get(account.organisationId)))
    ) {
      throw new InvalidError([
        { field: 'organisationId', code: 'required', message: 'a coordinator belongs to an existing organisation' },
      ]);
    }
    const created: Account = {
      ...account,
      email: account.email.trim().toLowerCase(),
      id: this.options.newId(),
      createdAt: this.now().toISOString(),
    };
    if (!(await this.store.accounts.create(created)))
      throw new InvalidError([{ field: 'email', code: 'invalid', message: 'an account with this e-mail exists' }]);
    return publicAccount(created);
  }

  accountCount(): Promise<number> {
    return this.store.accounts.count();
  }

  async endSession(sessionId: string): Promise<void> {
    await this.store.adminSessions.remove(sessionId);
  }

  async linkedTelegram(principal: Principal): Promise<string | undefined> {
    return (await this.store.accounts.get(principal.accountId))?.telegramChatId;
  }

  async issueApiToken(principal: Principal, accountId: string, hash: string): Promise<void> {
    this.requireAdmin(principal);
    if (!(await this.store.accounts.update(accountId, { apiTokenHash: hash }))) throw new NotFoundError('account');
  }

  async setApiTokenHash(principal: Principal, hash: string): Promise<void> {
    await this.store.accounts.update(principal.accountId, { apiTokenHash: hash });
  }

  /** A one-time link the coordinator opens in Telegram to receive new sign-ups and questions there. */
  async telegramLinkToken(principal: Principal): Promise<string> {
    const token = `${this.options.newId()}${this.options.newId()}`.slice(0, 24);
    await this.store.linkTokens.create(
      token,
      `account:${principal.accountId}`,
      new Date(this.now().getTime() + 24 * 3600_000).toISOString(),
    );
    return `${LINK_PREFIX}${token}`;
  }

  // ── opportunities ──────────────────────────────────────────────────────────────────────────

  async listOpportunities(principal: Principal, status?: OpportunityStatus): Promise<Opportunity[]> {
    const statuses = status ? [status] : OPPORTUNITY_STATUSES;
    const organisationId = principal.role === 'admin' ? undefined : principal.organisationId;
    const lists = await Promise.all(
      statuses.map(
        async (s) =>
          (
            await this.store.opportunities.search({
              status: s,
              ...(organisationId ? { organisationId } : {}),
              limit: 1000,
            })
          ).items,
      ),
    );
    return lists.flat().sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
  }

  async getOpportunity(principal: Principal, id: string): Promise<Opportunity> {
    const opportunity = await this.store.opportunities.get(id);
    if (!opportunity || !this.visible(principal, opportunity.organisationId)) throw new NotFoundError('opportunity');
    return opportunity;
  }

  links(opportunity: Opportunity): Record<ChannelName, string> {
    const ref = encodeShareRef({ opportunityId: opportunity.id });
    return Object.fromEntries(CHANNELS.map((channel) => [channel, this.options.shareLink(channel, ref)])) as Record<
      ChannelName,
      string
    >;
  }

  async createOpportunity(principal: Principal, body: Record<string, unknown>): Promise<Opportunity> {
    const { organisationId: requested, status, ...fields } = body;
    const organisationId = principal.role === 'admin' ? requested : principal.organisationId;
    if (typeof organisationId !== 'string' || !(await this.store.organisations.get(organisationId))) {
      throw new InvalidError([
        { field: 'organisationId', code: 'required', message: 'an existing organisation is required' },
      ]);
    }
    const checked = checkOpportunityInput(fields);
    if (!checked.ok) throw new InvalidError(checked.errors);
    const now = this.now().toISOString();
    const defaults = { title: {}, summary: {}, description: {}, themes: [], remote: false };
    const opportunity: Opportunity = {
      ...defaults,
      ...(checked.input as Partial<Opportunity> & Pick<Opportunity, 'kind' | 'region'>),
      id: this.options.newId(),
      organisationId,
      status: 'draft',
      createdAt: now,
      updatedAt: now,
    };
    await this.store.opportunities.save(opportunity);
    if (status === 'published') return this.setStatus(principal, opportunity.id, 'published');
    return opportunity;
  }

  async updateOpportunity(principal: Principal, id: string, body: Record<string, unknown>): Promise<Opportunity> {
    const before = await this.getOpportunity(principal, id);
    const { status, ...fields } = body;
    const checked = checkOpportunityInput(fields, before);
    if (!checked.ok) throw new InvalidError(checked.errors);
    const after: Opportunity = {
      ...before,
      ...(checked.input as Partial<Opportunity>),
      updatedAt: this.now().toISOString(),
    };
    await this.store.opportunities.save(after);
    await this.options.notifier.opportunityChanged(before, after, this.now());
    if (typeof status === 'string' && status !== after.status)
      return this.setStatus(principal, id, status as OpportunityStatus);
    return after;
  }

  async setStatus(principal: Principal, id: string, status: OpportunityStatus): Promise<Opportunity> {
    // Whose it is comes first: another organisation's id is "not found" whatever else is wrong.
    const before = await this.getOpportunity(principal, id);
    if (!(OPPORTUNITY_STATUSES as readonly string[]).includes(status))
      throw new InvalidError([{ field: 'status', code: 'invalid', message: 'draft, published or archived' }]);
    if (before.status === status) return before;
    const after: Opportunity = { ...before, status, updatedAt: this.now().toISOString() };
    await this.store.opportunities.save(after);
    await this.options.notifier.opportunityChanged(before, after, this.now());
    this.options.onEnqueued?.();
    if (status === 'published') await this.options.publishBeyond?.(after, this.links(after)).catch(() => undefined);
    return after;
  }

  async duplicate(principal: Principal, id: string): Promise<Opportunity> {
    const source = await this.getOpportunity(principal, id);
    const now = this.now().toISOString();
    const copy: Opportunity = { ...source, id: this.options.newId(), status: 'draft', createdAt: now, updatedAt: now };
    await this.store.opportunities.save(copy);
    return copy;
  }

  // ── sign-ups ───────────────────────────────────────────────────────────────────────────────

  async signups(principal: Principal, opportunityId: string): Promise<Signup[]> {
    await this.getOpportunity(principal, opportunityId);
    const signups = await this.store.signups.listByOpportunity(opportunityId);
    return signups.filter((signup) => signup.status !== 'cancelled');
  }

  async setAttendance(principal: Principal, signupId: string, attended: boolean): Promise<Signup> {
    const signup = await this.store.signups.get(signupId);
    if (!signup) throw new NotFoundError('sign-up');
    await this.getOpportunity(principal, signup.opportunityId);
    return (await this.store.signups.setAttendance(signupId, attended, undefined, this.now().toISOString()))!;
  }

  // ── broadcasts ─────────────────────────────────────────────────────────────────────────────

  /** How many people the audience reaches, and how many Messenger could reach right now. */
  async audienceSize(principal: Principal, audience: Audience, organisationId?: unknown) {
    const organisation = this.organisationFor(principal, organisationId);
    const opportunities = await this.organisationOpportunities(organisation);
    const now = this.now().getTime();
    const size = {
      total: 0,
      active: 0,
      byChannel: { telegram: 0, messenger: 0, web: 0 } as Record<ChannelName, number>,
      messengerWindowOpen: 0,
      excluded: { stopped: 0, unreachable: 0 },
    };
    for await (const { contact } of this.audience(audience, opportunities)) {
      size.total++;
      if (contact.status === 'stopped' || contact.status === 'unreachable') {
        size.excluded[contact.status]++;
        continue;
      }
      size.active++;
      const route = recipientOf(contact, contact.lastInboundChannel ?? contact.identities[0].channel);
      if (route) size.byChannel[route.channel]++;
      if (
        route?.channel === 'messenger' &&
        contact.lastInboundAt &&
        now - Date.parse(contact.lastInboundAt) < MESSENGER_WINDOW_MS
      )
        size.messengerWindowOpen++;
    }
    return size;
  }

  async createBroadcast(
    principal: Principal,
    body: {
      text?: unknown;
      opportunityId?: unknown;
      mediaUrl?: unknown;
      audience?: unknown;
      sendAt?: unknown;
      organisationId?: unknown;
    },
  ): Promise<Broadcast> {
    const errors = [];
    const text = typeof body.text === 'string' ? body.text.trim() : '';
    if (!text || text.length > 1500)
      errors.push({ field: 'text', code: 'required' as const, message: 'a text of 1 to 1500 characters is required' });
    if (
      body.mediaUrl !== undefined &&
      body.mediaUrl !== '' &&
      (typeof body.mediaUrl !== 'string' || !/^https:\/\/\S+$/.test(body.mediaUrl))
    ) {
      errors.push({ field: 'mediaUrl', code: 'invalid' as const, message: 'an https link to a picture or a video' });
    }
    const sendAt = body.sendAt === undefined || body.sendAt === '' ? this.now() : new Date(String(body.sendAt));
    if (Number.isNaN(sendAt.getTime()))
      errors.push({ field: 'sendAt', code: 'invalid' as const, message: 'a date and time' });
    const audience = parseAudience(body.audience);
    if (!audience)
      errors.push({
        field: 'audience',
        code: 'invalid' as const,
        message: 'region, theme, kind, locale, channel or history',
      });
    if (errors.length > 0) throw new InvalidError(errors);
    const organisationId = this.organisationFor(principal, body.organisationId);
    if (typeof body.opportunityId === 'string' && body.opportunityId) {
      const opportunity = await this.getOpportunity(principal, body.opportunityId);
      if (opportunity.organisationId !== organisationId) throw new NotFoundError('opportunity');
    }
    const now = this.now().toISOString();
    const broadcast: Broadcast = {
      id: this.options.newId(),
      organisationId,
      text,
      ...(typeof body.opportunityId === 'string' && body.opportunityId ? { opportunityId: body.opportunityId } : {}),
      ...(typeof body.mediaUrl === 'string' && body.mediaUrl ? { mediaUrl: body.mediaUrl } : {}),
      audience: audience!,
      status: 'scheduled',
      sendAt: sendAt.toISOString(),
      createdBy: principal.accountId,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.broadcasts.save(broadcast);
    await this.startIfDue(broadcast.id);
    return (await this.store.broadcasts.get(broadcast.id))!;
  }

  /**
   * Marks a due broadcast as sending (once, whoever calls) and queues its messages in the background:
   * a large audience must not hold up the request that sent it.
   */
  async startIfDue(id: string): Promise<boolean> {
    if (!(await this.store.broadcasts.startIfDue(id, this.now().toISOString()))) return false;
    this.inBackground(this.enqueueBroadcast(id));
    return true;
  }

  /** Resolves once the broadcasts this process is queueing are queued (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.queueing.size > 0) await Promise.allSettled([...this.queueing]);
  }

  private readonly queueing = new Set<Promise<void>>();

  private inBackground(work: Promise<void>): void {
    const tracked: Promise<void> = work
      .catch((error: unknown) => this.options.onError?.('broadcast queueing failed; the scheduler resumes it', error))
      .finally(() => this.queueing.delete(tracked));
    this.queueing.add(tracked);
  }

  /** The audience batch by batch into the outbox. Keys make a resumed run add only what is missing. */
  private async enqueueBroadcast(id: string): Promise<void> {
    const broadcast = (await this.store.broadcasts.get(id))!;
    const opportunity = broadcast.opportunityId
      ? await this.store.opportunities.get(broadcast.opportunityId)
      : undefined;
    const organisation = await this.store.organisations.get(broadcast.organisationId);
    const byLocale = new Map<string, ReturnType<NoticeComposer['broadcast']>>();
    let queued = 0;
    let batch: NewOutboxEntry[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await this.store.outbox.enqueue(batch.map(newOutboxEntry));
      queued += batch.length;
      batch = [];
      this.options.onEnqueued?.();
    };
    for await (const { contact } of this.audience(
      broadcast.audience,
      await this.organisationOpportunities(broadcast.organisationId),
    )) {
      const route = recipientOf(contact, contact.lastInboundChannel ?? contact.identities[0].channel);
      if (!route || (broadcast.audience.channel && route.channel !== broadcast.audience.channel)) continue;
      // One message per language, shared by every entry: a broadcast is the same words for all.
      let messages = byLocale.get(contact.locale);
      if (!messages)
        byLocale.set(
          contact.locale,
          (messages = this.options.notices.broadcast(contact, {
            text: broadcast.text,
            ...(broadcast.mediaUrl ? { mediaUrl: broadcast.mediaUrl } : {}),
            ...(opportunity ? { opportunity } : {}),
            organisationName: organisation?.name ?? '',
          })),
        );
      batch.push({
        id: this.options.newId(),
        key: `broadcast:${broadcast.id}:${contact.id}`,
        group: `broadcast:${broadcast.id}`,
        purpose: 'broadcast',
        contactId: contact.id,
        ...route,
        messages,
        ...(broadcast.opportunityId ? { about: { opportunityId: broadcast.opportunityId } } : {}),
        notBefore: this.now(),
        now: this.now(),
      });
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    const latest = (await this.store.broadcasts.get(id))!;
    await this.store.broadcasts.save({ ...latest, queued, updatedAt: this.now().toISOString() });
  }

  /**
   * The scheduler's part: broadcasts whose time came, and those a stopped process left half queued
   * (sending, not all queued, untouched for 10 minutes).
   */
  async sendDueBroadcasts(): Promise<number> {
    let started = 0;
    for (const broadcast of await this.store.broadcasts.dueScheduled(this.now().toISOString()))
      if (await this.startIfDue(broadcast.id)) started++;
    const stale = new Date(this.now().getTime() - 10 * 60_000).toISOString();
    for (const broadcast of await this.store.broadcasts.list()) {
      if (broadcast.status !== 'sending' || broadcast.queued !== undefined || broadcast.updatedAt > stale) continue;
      await this.store.broadcasts.save({ ...broadcast, updatedAt: this.now().toISOString() });
      this.inBackground(this.enqueueBroadcast(broadcast.id));
      started++;
    }
    return started;
  }

  async getBroadcast(principal: Principal, id: string): Promise<Broadcast> {
    const broadcast = await this.store.broadcasts.get(id);
    if (!broadcast || !this.visible(principal, broadcast.organisationId)) throw new NotFoundError('broadcast');
    return broadcast;
  }

  async listBroadcasts(principal: Principal): Promise<Broadcast[]> {
    return this.store.broadcasts.list(principal.role === 'admin' ? undefined : principal.organisationId);
  }

  /**
   * Progress and results per channel: sent, delivered and read where the platform says, skipped with
   * reasons, failed. `details: false` (the progress bar's polling) leaves out what walks every entry:
   * Messenger's delivered and read counts, and what the broadcast brought.
   */
  async broadcastReport(principal: Principal, id: string, options: { details: boolean } = { details: true }) {
    const broadcast = await this.getBroadcast(principal, id);
    const counts = await this.store.outbox.counts(`broadcast:${id}`);
    const channels = Object.fromEntries(
      CHANNELS.map((channel) => [channel, channelReport(counts.filter((count) => count.channel === channel))]),
    ) as Record<ChannelName, ChannelReport>;
    if (options.details) Object.assign(channels.messenger, await this.messengerWatermarks(id));
    const outcome = options.details ? await this.broadcastOutcome(broadcast) : undefined;
    const total = counts.reduce((sum, count) => sum + count.count, 0);
    // The outbox's entries are purged after a while: then the figures kept on the broadcast speak.
    const { results: kept, ...shown } = broadcast;
    if (total === 0 && kept) return { broadcast: shown, ...kept, outcome };
    const open = counts
      .filter((count) => count.status === 'pending' || count.status === 'sending' || count.status === 'failed')
      .reduce((sum, count) => sum + count.count, 0);
    // Sent once everything queued has been settled (a cancelled one stays cancelled).
    const status =
      broadcast.status === 'sending' && open === 0 && broadcast.queued !== undefined ? 'sent' : broadcast.status;
    const progress = { total, done: total - open, open };
    const settled = status === 'sent' || status === 'cancelled';
    if (status !== broadcast.status || (settled && options.details)) {
      await this.store.broadcasts.save({
        ...broadcast,
        status,
        ...(settled && options.details ? { results: { channels, progress } } : {}),
        updatedAt: this.now().toISOString(),
      });
    }
    return { broadcast: { ...shown, status }, progress, channels, outcome };
  }

  /** Messenger reports delivery and reading as watermarks on the person: everything sent before them. */
  private async messengerWatermarks(id: string): Promise<{ delivered: number; read: number }> {
    let delivered = 0;
    let read = 0;
    for await (const entries of this.store.outbox.entries(`broadcast:${id}`, BATCH)) {
      for (const entry of entries) {
        if (entry.status !== 'sent' || entry.channel !== 'messenger' || !entry.sentAt) continue;
        const contact = await this.store.contacts.get(entry.contactId);
        if ((contact?.messengerDeliveredAt ?? '') >= entry.sentAt) delivered++;
        if ((contact?.messengerReadAt ?? '') >= entry.sentAt) read++;
      }
    }
    return { delivered, read };
  }

  /**
   * What a broadcast with an opportunity brought: among the people it reached, those who then opened
   * the details, shared it, brought someone through their link, signed up, and came.
   */
  private async broadcastOutcome(broadcast: Broadcast) {
    if (!broadcast.opportunityId) return undefined;
    const after = (at: string) => at >= broadcast.sendAt;
    const events = (await this.store.metrics.listByOpportunity(broadcast.opportunityId)).filter((event) =>
      after(event.at),
    );
    const reached = new Set(
      events
        .filter((event) => event.type === 'reached' && event.source === `broadcast:${broadcast.id}` && event.contactId)
        .map((event) => event.contactId!),
    );
    const by = (type: string) =>
      new Set(
        events
          .filter((event) => event.type === type && event.contactId && reached.has(event.contactId))
          .map((event) => event.contactId),
      ).size;
    const signups = (await this.store.signups.listByOpportunity(broadcast.opportunityId)).filter(
      (signup) => reached.has(signup.contactId) && after(signup.createdAt) && signup.status !== 'cancelled',
    );
    return {
      reached: reached.size,
      details_opened: by('details_opened'),
      shared: by('share_link_created'),
      arrivals: events.filter(
        (event) => event.type === 'share_arrival' && event.sharedBy && reached.has(event.sharedBy),
      ).length,
      signups: signups.length,
      attended: signups.filter((signup) => signup.attended === true).length,
    };
  }

  async cancelBroadcast(principal: Principal, id: string): Promise<Broadcast> {
    const broadcast = await this.getBroadcast(principal, id);
    if (broadcast.status === 'sent' || broadcast.status === 'cancelled') return broadcast;
    const cancelled: Broadcast = { ...broadcast, status: 'cancelled', updatedAt: this.now().toISOString() };
    await this.store.broadcasts.save(cancelled);
    await this.store.outbox.cancelPending(`broadcast:${id}`, 'cancelled', this.now().toISOString());
    return cancelled;
  }

  /** The broadcast as it will look, sent to the coordinator's own Telegram (linked beforehand). */
  async sendTest(
    principal: Principal,
    body: { text?: unknown; opportunityId?: unknown; mediaUrl?: unknown },
  ): Promise<'sent' | 'no_telegram'> {
    const account = await this.store.accounts.get(principal.accountId);
    const contact = account?.telegramChatId
      ? await this.store.contacts.findByIdentity({ channel: 'telegram', externalId: account.telegramChatId })
      : undefined;
    if (!contact) return 'no_telegram';
    const opportunity =
      typeof body.opportunityId === 'string' && body.opportunityId
        ? await this.getOpportunity(principal, body.opportunityId)
        : undefined;
    const organisation = principal.organisationId
      ? await this.store.organisations.get(principal.organisationId)
      : undefined;
    const messages = this.options.notices.broadcast(contact, {
      text: typeof body.text === 'string' ? body.text : '',
      ...(typeof body.mediaUrl === 'string' && body.mediaUrl ? { mediaUrl: body.mediaUrl } : {}),
      ...(opportunity ? { opportunity } : {}),
      organisationName: organisation?.name ?? '',
    });
    const id = this.options.newId();
    await this.enqueueOne({
      id,
      key: `test:${id}`,
      group: `tests:${principal.accountId}`,
      purpose: 'answer',
      contactId: contact.id,
      channel: 'telegram',
      externalId: account!.telegramChatId!,
      messages,
      notBefore: this.now(),
      now: this.now(),
    });
    return 'sent';
  }

  /**
   * New sign-ups go to the coordinators of the opportunity's organisation, questions (not tied to an
   * association) to every coordinator, on the Telegram chats they linked.
   */
  async notifyCoordinators(
    event:
      | { kind: 'signup'; signupId: string; opportunityId: string; firstName?: string }
      | { kind: 'question'; questionId: string; text: string },
  ): Promise<number> {
    const opportunity = event.kind === 'signup' ? await this.store.opportunities.get(event.opportunityId) : undefined;
    const accounts = (await this.store.accounts.list(opportunity?.organisationId)).filter(
      (account) => account.telegramChatId,
    );
    const entries: NewOutboxEntry[] = [];
    for (const account of accounts) {
      const contact = await this.store.contacts.findByIdentity({
        channel: 'telegram',
        externalId: account.telegramChatId!,
      });
      if (!contact) continue;
      const details =
        event.kind === 'signup'
          ? {
              title: localise(opportunity?.title, contact.locale),
              ...(event.firstName ? { firstName: event.firstName } : {}),
            }
          : { text: event.text.slice(0, 300) };
      entries.push({
        id: this.options.newId(),
        key: `coordinator:${account.id}:${event.kind === 'signup' ? event.signupId : event.questionId}`,
        group: `coordinators:${account.id}`,
        purpose: 'notice',
        contactId: contact.id,
        channel: 'telegram',
        externalId: account.telegramChatId!,
        messages: this.options.notices.coordinatorAlert(contact, event.kind, details),
        notBefore: this.now(),
        now: this.now(),
      });
    }
    if (entries.length > 0) {
      await this.store.outbox.enqueue(entries.map(newOutboxEntry));
      this.options.onEnqueued?.();
    }
    return entries.length;
  }

  // ── questions ──────────────────────────────────────────────────────────────────────────────

  async questions(principal: Principal, status?: Question['status']) {
    const list = await this.store.questions.list({
      ...(status ? { status } : {}),
      ...(principal.role === 'admin' ? {} : { organisationId: principal.organisationId! }),
    });
    const now = this.now().getTime();
    return Promise.all(
      list.map(async (question) => {
        const contact = await this.store.contacts.get(question.contactId);
        const last = contact?.lastInboundAt ? now - Date.parse(contact.lastInboundAt) : Infinity;
        // Told before writing: can the answer still reach them on Messenger?
        const messenger =
          question.channel !== 'messenger'
            ? 'open'
            : last < MESSENGER_WINDOW_MS
              ? 'open'
              : this.options.humanAgent && last < HUMAN_AGENT_WINDOW_MS
                ? 'human_agent'
                : 'closed';
        return { ...question, firstName: contact?.firstName, reachable: messenger };
      }),
    );
  }

  async answerQuestion(principal: Principal, id: string, text: string): Promise<Question> {
    const question = await this.store.questions.get(id);
    if (
      !question ||
      (principal.role !== 'admin' &&
        question.organisationId !== undefined &&
        question.organisationId !== principal.organisationId)
    )
      throw new NotFoundError('question');
    const answer = text.trim();
    if (!answer || answer.length > 2000)
      throw new InvalidError([{ field: 'text', code: 'required', message: 'an answer of 1 to 2000 characters' }]);
    const answered = await this.store.questions.answer(id, {
      text: answer,
      by: principal.accountId,
      at: this.now().toISOString(),
    });
    if (!answered)
      throw new InvalidError([{ field: 'text', code: 'invalid', message: 'this question was already answered' }]);
    const contact = await this.store.contacts.get(question.contactId);
    const route = contact && recipientOf(contact, question.channel);
    const organisation = question.organisationId
      ? await this.store.organisations.get(question.organisationId)
      : undefined;
    if (contact && route) {
      await this.enqueueOne({
        id: this.options.newId(),
        key: `answer:${id}`,
        group: `answers:${question.organisationId ?? 'all'}`,
        purpose: 'answer',
        contactId: contact.id,
        ...route,
        messages: this.options.notices.answer(contact, answer, organisation?.name ?? ''),
        notBefore: this.now(),
        now: this.now(),
      });
    }
    return answered;
  }

  // ── measurement ────────────────────────────────────────────────────────────────────────────

  /** For one opportunity: reached, opened, shared, arrivals (and who brought them), sign-ups, attendance; per channel and per day. */
  async opportunityStats(principal: Principal, id: string) {
    const opportunity = await this.getOpportunity(principal, id);
    const events = await this.store.metrics.listByOpportunity(id);
    const signups = (await this.store.signups.listByOpportunity(id)).filter((signup) => signup.status !== 'cancelled');
    const TYPES = [
      'reached',
      'details_opened',
      'share_link_created',
      'share_arrival',
      'signup',
      'signup_cancelled',
    ] as const;
    const byType = Object.fromEntries(TYPES.map((type) => [type, { telegram: 0, messenger: 0, web: 0 }])) as Record<
      (typeof TYPES)[number],
      Record<ChannelName, number>
    >;
    const byDay = new Map<string, Record<(typeof TYPES)[number], number>>();
    const sharers = new Map<string, number>();
    for (const event of events) {
      byType[event.type][event.channel]++;
      const day = event.at.slice(0, 10);
      const row =
        byDay.get(day) ??
        (Object.fromEntries(TYPES.map((type) => [type, 0])) as Record<(typeof TYPES)[number], number>);
      row[event.type]++;
      byDay.set(day, row);
      if (event.type === 'share_arrival' && event.sharedBy)
        sharers.set(event.sharedBy, (sharers.get(event.sharedBy) ?? 0) + 1);
    }
    const broughtBy = await Promise.all(
      [...sharers]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(async ([contactId, arrivals]) => ({
          name: (await this.store.contacts.get(contactId))?.firstName ?? null,
          arrivals,
        })),
    );
    const sum = (counts: Record<ChannelName, number>) => counts.telegram + counts.messenger + counts.web;
    return {
      opportunity: { id: opportunity.id, title: opportunity.title, status: opportunity.status },
      totals: {
        reached: sum(byType.reached),
        details_opened: sum(byType.details_opened),
        shared: sum(byType.share_link_created),
        arrivals: sum(byType.share_arrival),
        signups: signups.filter((signup) => signup.status === 'confirmed').length,
        waitlisted: signups.filter((signup) => signup.status === 'waitlisted' || signup.status === 'offered').length,
        attended: signups.filter((signup) => signup.attended === true).length,
      },
      byChannel: byType,
      byDay: [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, row]) => ({ day, ...row })),
      broughtBy,
    };
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────

  private organisationFor(principal: Principal, requested: unknown): string {
    if (principal.role !== 'admin') return principal.organisationId!;
    if (typeof requested === 'string' && requested) return requested;
    throw new InvalidError([
      { field: 'organisationId', code: 'required', message: 'an administrator says for which organisation' },
    ]);
  }

  private async organisationOpportunities(organisationId: string | undefined): Promise<Set<string>> {
    if (!organisationId) return new Set();
    const ids = new Set<string>();
    for (const status of OPPORTUNITY_STATUSES)
      for (const opportunity of (await this.store.opportunities.search({ status, organisationId, limit: 10_000 }))
        .items)
        ids.add(opportunity.id);
    return ids;
  }

  private async *audience(audience: Audience, organisationOpportunities: ReadonlySet<string>) {
    const needsSubscriptions =
      audience.region !== undefined || audience.theme !== undefined || audience.kind !== undefined;
    for await (const contacts of this.store.contacts.batches(BATCH)) {
      for (const contact of contacts) {
        if (contact.status === 'erased' || contact.identities.length === 0 || !contact.consentAt) continue;
        const subscriptions = needsSubscriptions ? await this.store.subscriptions.listByContact(contact.id) : [];
        const signedUpTo = audience.history
          ? (await this.store.signups.listByContact(contact.id))
              .filter((s) => s.status !== 'cancelled')
              .map((s) => s.opportunityId)
          : [];
        if (inAudience(audience, { contact, subscriptions, signedUpTo }, organisationOpportunities)) yield { contact };
      }
    }
  }

  private async enqueueOne(entry: NewOutboxEntry): Promise<void> {
    await this.store.outbox.enqueue([newOutboxEntry(entry)]);
    this.options.onEnqueued?.();
  }
}

export function publicAccount(account: Account) {
  const { passwordHash: _password, apiTokenHash: _token, ...rest } = account;
  return rest;
}

function channelReport(counts: OutboxCount[]): ChannelReport {
  const report: ChannelReport = { sent: 0, delivered: null, read: null, skipped: {}, failed: 0, pending: 0 };
  for (const count of counts) {
    if (count.status === 'sent') report.sent += count.count;
    else if (count.status === 'skipped')
      report.skipped[count.reason ?? 'unknown'] = (report.skipped[count.reason ?? 'unknown'] ?? 0) + count.count;
    else if (count.status === 'dead') report.failed += count.count;
    else report.pending += count.count;
  }
  return report;
}

const AUDIENCE_KEYS = ['region', 'theme', 'kind', 'locale', 'channel', 'history'] as const;

export function parseAudience(value: unknown): Audience | undefined {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const audience: Record<string, string> = {};
  for (const [key, raw] of Object.entries(value)) {
    if (raw === '' || raw === undefined || raw === null) continue;
    if (!(AUDIENCE_KEYS as readonly string[]).includes(key) || typeof raw !== 'string' || raw.length > 60)
      return undefined;
    audience[key] = raw;
  }
  return audience;
}
