// Everything a judge may look at after a run: the world (server, ledger, ground truth) and the
// oracle's run record, plus the end-of-run "seize everything" the properties assume.
import { equalIdentityKeys, type IdentityKey } from '../../protocol/identity/identityKey.ts';
import { serializeDevice, type DeviceState } from '../../protocol/device/index.ts';
import type { ServerSeizure } from '../../sim/server/index.ts';
import type { SentCopy, SentMessage } from '../../sim/world/runRecord.ts';
import type { World } from '../../sim/world/world.ts';
import { associatedDataSet, type CapturedCiphertext } from './keyTrial.ts';

export interface JudgeContext {
  readonly world: World;
  readonly endMs: number;
  /** Every phone's state at the end of the run, as a seizure would read it. */
  readonly finalPhones: ReadonlyMap<string, DeviceState>;
  /** The whole server at the end of the run, with its at-rest keys. */
  readonly finalServer: ServerSeizure;
  /** Every associated data an attacker can form from the public identities in the run. */
  readonly ads: readonly Uint8Array[];
}

export function judgeContext(world: World): JudgeContext {
  const finalPhones = new Map<string, DeviceState>();
  for (const [user, d] of world.devices) {
    const { blob, storageKey } = d.seize();
    finalPhones.set(user, world.openSeizedPhone(blob, storageKey));
  }
  const identities = [...world.record.identities.values(), ...[...world.attackers.devices.values()].map((d) => d.identity.publicKey)];
  return { world, endMs: world.engine.nowMs, finalPhones, finalServer: world.server.seize(world.engine.nowMs), ads: associatedDataSet(identities) };
}

export const genuine = (ctx: JudgeContext, user: string): IdentityKey | undefined => ctx.world.record.identities.get(user);

export function isGenuine(ctx: JudgeContext, copy: SentCopy): boolean {
  const real = genuine(ctx, copy.to);
  return real !== undefined && equalIdentityKeys(real, copy.encryptedTo);
}

/**
 * A copy encrypted to a substituted key at FIRST contact, never verified: outside every promise
 * (trust on first use), so the secrecy judges skip it and SEC-MITM reports it only as a note.
 */
export function isUnverifiedFirstContact(ctx: JudgeContext, m: SentMessage, copy: SentCopy): boolean {
  if (isGenuine(ctx, copy) || copy.verified) return false;
  const first = ctx.world.record.messages.flatMap((x) => (x.from === m.from ? x.copies.filter((c) => c.to === copy.to) : []))[0];
  return first !== undefined && equalIdentityKeys(first.encryptedTo, copy.encryptedTo);
}

export function serializedPhone(state: DeviceState): Uint8Array {
  return serializeDevice(state);
}

/** A message's captured ciphertexts, each with the ADs its session could have (genuine and substituted identities). */
export function copiesOf(ctx: JudgeContext, m: SentMessage): CapturedCiphertext[] {
  // Group messages are tried with the group's own decrypt code in group.ts, not as pairwise ciphertexts.
  if (m.kind === 'group') return [];
  return m.copies.map((c) => {
    const ids = [genuine(ctx, m.from), genuine(ctx, c.to), c.encryptedTo].filter((x): x is IdentityKey => x !== undefined);
    return { label: `${m.messageId}->${c.to}`, wire: c.wire, ads: associatedDataSet(ids) };
  });
}
