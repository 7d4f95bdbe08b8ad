/**
 * The person's region, a profile field: remembered the first time they pick one while discovering
 * (they are told, and can change it), set or removed from the settings. Broadcasts' region segments
 * use it, as well as the regions of the person's alerts.
 */
import { isRegion, regionFromName, regionInText } from '../../domain/catalogue';
import { text, type ActionHandler } from './context';

/** Remembers a region chosen while discovering, unless the person already has one. */
export const rememberRegion: ActionHandler<'remembered' | 'kept'> = async (args, turn, deps) => {
  const region = text(args.region);
  if (region === undefined || !isRegion(region) || turn.contact.region !== undefined) return { outcome: 'kept' };
  turn.contact =
    (await deps.store.contacts.update(turn.contact.id, { region, updatedAt: turn.now.toISOString() })) ?? turn.contact;
  return { outcome: 'remembered', vars: { _region: region } };
};

/** The region the person writes ("Bretagne", "je suis en nouvelle aquitaine"), or none to forget it. */
export const setRegion: ActionHandler<'set' | 'removed' | 'unknown'> = async (args, turn, deps) => {
  const written = text(args.text);
  const now = turn.now.toISOString();
  if (written === undefined) {
    turn.contact =
      (await deps.store.contacts.update(turn.contact.id, { region: undefined, updatedAt: now })) ?? turn.contact;
    return { outcome: 'removed' };
  }
  const region = regionFromName(written) ?? regionInText(written)?.region;
  if (!region) return { outcome: 'unknown' };
  turn.contact = (await deps.store.contacts.update(turn.contact.id, { region, updatedAt: now })) ?? turn.contact;
  return { outcome: 'set', vars: { _region: region } };
};
