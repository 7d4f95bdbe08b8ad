/** Outbox keys and groups: built in one place, and a group read back for what it gathers. */
import { outboxGroup, outboxKey, parseOutboxGroup, reachSource } from '../../src/domain/outbox-keys';

describe('outbox keys and groups', () => {
  it('reads back every group it builds, and nothing else', () => {
    expect(parseOutboxGroup(outboxGroup.broadcast('b1'))).toEqual({ kind: 'broadcast', broadcastId: 'b1' });
    expect(parseOutboxGroup(outboxGroup.reminders('o1'))).toEqual({ kind: 'reminders', opportunityId: 'o1' });
    expect(parseOutboxGroup(outboxGroup.notices('o1'))).toEqual({ kind: 'notices', opportunityId: 'o1' });
    expect(parseOutboxGroup(outboxGroup.alerts('o1'))).toEqual({ kind: 'alerts', opportunityId: 'o1' });
    expect(parseOutboxGroup(outboxGroup.tests('a1'))).toEqual({ kind: 'tests', accountId: 'a1' });
    expect(parseOutboxGroup(outboxGroup.coordinators('a1'))).toEqual({ kind: 'coordinators', accountId: 'a1' });
    expect(parseOutboxGroup(outboxGroup.answers(undefined))).toEqual({ kind: 'answers', organisationId: 'all' });
    // An id may itself hold a colon; what is not a group is undefined.
    expect(parseOutboxGroup(outboxGroup.broadcast('b:1'))).toEqual({ kind: 'broadcast', broadcastId: 'b:1' });
    for (const other of ['broadcast:', 'broadcasts:b1', 'b1', '', 'reminder:s1:60:x'])
      expect(parseOutboxGroup(other)).toBeUndefined();
  });

  it('makes one key per thing to say, so queueing it again adds nothing', () => {
    expect(outboxKey.broadcast('b1', 'c1')).not.toBe(outboxKey.broadcast('b1', 'c2'));
    expect(outboxKey.reminder('s1', 60, '2026-11-26T13:00:00.000Z')).not.toBe(
      outboxKey.reminder('s1', 60, '2026-11-27T13:00:00.000Z'),
    );
    expect(outboxKey.changed('s1', 'v1')).not.toBe(outboxKey.changed('s1', 'v2'));
    expect(outboxKey.cancelled('s1')).toBe(outboxKey.cancelled('s1'));
    expect(reachSource({ group: outboxGroup.broadcast('b1') })).toBe('broadcast:b1');
  });
});
