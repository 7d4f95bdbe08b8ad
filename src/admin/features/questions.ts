/** Questions people asked a human, and the coordinators' answers sent back on the person's channel. */
import { HUMAN_AGENT_WINDOW_MS, MESSENGER_WINDOW_MS } from '../../domain/delivery';
import type { Question } from '../../domain/model';
import type { NoticeComposer } from '../../domain/notices';
import type { NewOutboxEntry } from '../../domain/outbox';
import { outboxGroup, outboxKey } from '../../domain/outbox-keys';
import type { Store } from '../../domain/ports';
import { recipientOf } from '../../domain/recipients';
import { invalid, NotFoundError } from '../errors';
import { answerInput, parseInput } from '../inputs';
import { scopeOf, type Principal } from '../principal';

/**
 * Whether an answer written now still reaches the person: always, except on Messenger, where the
 * window is 24 hours, or 7 days with the human agent permission.
 */
export type Reachability = 'open' | 'human_agent' | 'closed';

export interface QuestionView extends Question {
  firstName: string | undefined;
  reachable: Reachability;
}

export interface QuestionsDeps {
  store: Pick<Store, 'questions' | 'contacts' | 'organisations'>;
  notices: Pick<NoticeComposer, 'answer'>;
  enqueue: (entries: NewOutboxEntry[]) => Promise<void>;
  /** Whether the Page may use Messenger's HUMAN_AGENT tag (7 days). */
  humanAgent: boolean;
  newId: () => string;
  clock: () => Date;
}

export class Questions {
  constructor(private readonly deps: QuestionsDeps) {}

  async list(principal: Principal, status?: Question['status']): Promise<QuestionView[]> {
    return this.views(await this.find(principal, status));
  }

  /** The questions the principal may see, newest first, without who asked (a list's filters run on these). */
  async find(principal: Principal, status?: Question['status']): Promise<Question[]> {
    const organisationId = scopeOf(principal);
    return this.deps.store.questions.list({
      ...(status ? { status } : {}),
      ...(organisationId ? { organisationId } : {}),
    });
  }

  /** Questions as shown: with the asker's first name and whether an answer can still reach them. */
  async views(questions: Question[]): Promise<QuestionView[]> {
    const now = this.deps.clock().getTime();
    return Promise.all(
      questions.map(async (question) => {
        const contact = await this.deps.store.contacts.get(question.contactId);
        const since = contact?.lastInboundAt ? now - Date.parse(contact.lastInboundAt) : Infinity;
        return { ...question, firstName: contact?.firstName, reachable: this.reachability(question, since) };
      }),
    );
  }

  private reachability(question: Question, sinceLastMessage: number): Reachability {
    if (question.channel !== 'messenger' || sinceLastMessage < MESSENGER_WINDOW_MS) return 'open';
    return this.deps.humanAgent && sinceLastMessage < HUMAN_AGENT_WINDOW_MS ? 'human_agent' : 'closed';
  }

  async answer(principal: Principal, id: string, body: unknown): Promise<Question> {
    const { store } = this.deps;
    const question = await store.questions.get(id);
    // A question asked of the network is the administrators'; an association's is its coordinators'.
    const foreign = principal.role !== 'admin' && question?.organisationId !== principal.organisationId;
    if (!question || foreign) throw new NotFoundError('question');
    const { text } = parseInput(answerInput, body);
    const now = this.deps.clock();
    const answered = await store.questions.answer(id, { text, by: principal.accountId, at: now.toISOString() });
    if (!answered) throw invalid('text', 'already_answered', 'this question was already answered');
    const contact = await store.contacts.get(question.contactId);
    const route = contact && recipientOf(contact, question.channel);
    if (!contact || !route) return answered;
    const organisation = question.organisationId ? await store.organisations.get(question.organisationId) : undefined;
    await this.deps.enqueue([
      {
        id: this.deps.newId(),
        key: outboxKey.answer(id),
        group: outboxGroup.answers(question.organisationId),
        purpose: 'answer',
        contactId: contact.id,
        ...route,
        messages: this.deps.notices.answer(contact, text, organisation?.name ?? ''),
        notBefore: now,
        now,
      },
    ]);
    return answered;
  }
}
