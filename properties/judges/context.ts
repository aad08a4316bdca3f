// Everything a judge may look at after a run: the world (server, ledger, ground truth), the oracle's
// run record, the engine's oracle (its own decrypt code), and the end-of-run "seize everything".
import { equalIdentityKeys, type IdentityKey } from '../../protocol/identity/identityKey.ts';
import type { ServerSeizure } from '../../sim/server/index.ts';
import type { JudgedCopy, PhoneOracle } from '../../sim/world/phone.ts';
import type { SentCopy, SentMessage } from '../../sim/world/runRecord.ts';
import type { World } from '../../sim/world/world.ts';
import { oracleFor } from './oracles/index.ts';

export interface JudgeContext {
  readonly world: World;
  readonly oracle: PhoneOracle;
  readonly endMs: number;
  /** Every phone's state at the end of the run, as a seizure would read it. */
  readonly finalPhones: ReadonlyMap<string, unknown>;
  /** The whole server at the end of the run, with its at-rest keys. */
  readonly finalServer: ServerSeizure;
}

export function judgeContext(world: World): JudgeContext {
  const oracle = oracleFor(world);
  const finalPhones = new Map<string, unknown>();
  for (const [user, d] of world.devices) {
    const { blob, storageKey } = d.seize();
    finalPhones.set(user, oracle.open(blob, storageKey));
  }
  return { world, oracle, endMs: world.engine.nowMs, finalPhones, finalServer: world.server.seize(world.engine.nowMs) };
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

/** A 1:1 message's captured ciphertexts with what is public about them (group messages: see group.ts). */
export function copiesOf(ctx: JudgeContext, m: SentMessage): JudgedCopy[] {
  if (m.kind === 'group') return [];
  return m.copies.map((c) => ({
    label: `${m.messageId}->${c.to}`,
    wire: c.wire,
    from: m.from,
    to: c.to,
    canary: m.canary,
    identities: [genuine(ctx, m.from), genuine(ctx, c.to), c.encryptedTo].filter((x): x is IdentityKey => x !== undefined),
  }));
}
