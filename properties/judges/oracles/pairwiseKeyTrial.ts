// Key trial with the protocol's own decrypt code: every key-like value from seized state is tried on
// captured pairwise ciphertexts as a message-key seed, as a chain key (a few steps), and as the
// no-ratchet static key — under each associated data the attacker can form from public identities.
import { nativeProvider } from '../../../protocol/crypto/native.ts';
import type { IdentityKey } from '../../../protocol/identity/identityKey.ts';
import { associatedData, type SessionIds } from '../../../protocol/handshake/keySchedule.ts';
import { deviceId, userId } from '../../../protocol/ids.ts';
import { kdfChainKey, staticMessageSeed } from '../../../protocol/ratchet/kdf.ts';
import { opensWithSeed } from '../../../protocol/ratchet/messageCipher.ts';
import { decodePairwiseMessage } from '../../../protocol/wire/pairwiseMessage.ts';
import { keyCandidates } from '../../checkers/keyCandidates.ts';
import { withoutStacks } from './trials.ts';

/** Chain steps tried from each candidate: a seized chain key a few messages behind still counts. */
const CHAIN_STEPS = 3;

export interface CapturedCiphertext {
  readonly label: string;
  readonly wire: Uint8Array;
  /** The session AD candidates for this ciphertext (both orders of the two identities involved). */
  readonly ads: readonly Uint8Array[];
}

/**
 * Both orders of every pair drawn from `identities` (initiator first in a session's AD), each with no
 * ids and with the two parties' user and device ids in both orders (the id-bound AD; in the simulated
 * world a party's user id and device id are its name).
 */
export function associatedDataSet(identities: readonly IdentityKey[], parties: readonly string[] = []): Uint8Array[] {
  const idSets: (SessionIds | undefined)[] = [undefined];
  for (const x of parties) for (const y of parties) if (x !== y) idSets.push({ initiatorUser: userId(x), initiatorDevice: deviceId(x), responderUser: userId(y), responderDevice: deviceId(y) });
  const out: Uint8Array[] = [];
  for (const a of identities) for (const b of identities) if (a !== b) for (const ids of idSets) out.push(associatedData(a, b, ids));
  return out;
}

/** Labels of the ciphertexts some candidate from `sources` opens. */
export function keyTrial(sources: readonly { label: string; value: unknown }[], captured: readonly CapturedCiphertext[]): string[] {
  if (captured.length === 0) return [];
  // Every symmetric key and X25519 secret sealroom stores is a field of exactly 32 bytes, so slices
  // of longer fields (ML-KEM keys, signatures, bodies: labelled `[a..b)`) are left out to keep the
  // trial affordable over whole campaigns. protocol/ tests run the every-window trial instead.
  const candidates = keyCandidates(sources.map((s) => ({ kind: 'object' as const, label: s.label, value: s.value }))).candidates.filter((c) => !c.label.endsWith(')'));
  // Seeds that do not depend on the message: the candidate itself and its chain steps.
  const chainSeeds = candidates.map(({ bytes }) => {
    const seeds = [bytes];
    let chain = bytes;
    for (let i = 0; i < CHAIN_STEPS; i++) {
      const step = kdfChainKey(nativeProvider, chain);
      seeds.push(step.seed);
      chain = step.nextChainKey;
    }
    return seeds;
  });
  return withoutStacks(() => {
    const opened: string[] = [];
    for (const c of captured) {
      const m = decodePairwiseMessage(c.wire).message;
      const hit = candidates.some(({ bytes }, i) => {
        const seeds = [...(chainSeeds[i] ?? []), staticMessageSeed(nativeProvider, bytes, 'initiator', m.header.counter), staticMessageSeed(nativeProvider, bytes, 'responder', m.header.counter)];
        return seeds.some((seed) => opensWithSeed(nativeProvider, seed, c.ads, m.header, m.ciphertext));
      });
      if (hit) opened.push(c.label);
    }
    return opened;
  });
}
