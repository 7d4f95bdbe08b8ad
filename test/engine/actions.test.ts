/** Actions declare the outcomes they can return: the compiler holds the list to the handler's type. */
import { ACTIONS } from '../../src/engine/actions';
import { defineAction, type ActionHandler } from '../../src/engine/actions/context';

const handler: ActionHandler<'ok' | 'none'> = async (args) => ({ outcome: args.empty ? 'none' : 'ok' });

describe('actions', () => {
  it('list every outcome their handler can return, and only those', () => {
    expect(defineAction(handler, { ok: true, none: true }).outcomes).toEqual(['ok', 'none']);
    // @ts-expect-error "none" can be returned, so it must be listed
    defineAction(handler, { ok: true });
    // @ts-expect-error "maybe" is not an outcome the handler can return
    defineAction(handler, { ok: true, none: true, maybe: true });
  });

  it('gives the flow loader the outcomes of every registered action', () => {
    expect(ACTIONS.signUp.outcomes).toEqual([
      'confirmed',
      'waitlisted',
      'full',
      'already_confirmed',
      'already_waitlisted',
      'not_found',
    ]);
    for (const action of Object.values(ACTIONS)) expect(action.outcomes.length).toBeGreaterThan(0);
  });
});
