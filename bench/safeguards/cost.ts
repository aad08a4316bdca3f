// What each safeguard of the review's fixes costs (README "What an independent review broke"): the
// reference against the weak variant that lacks it, measured in the same run with the two interleaved
// round by round, so the machine's noise falls on both alike. Per variant: a first contact through the
// device layer (bob's bundle checked, the setup both sides, a first 64 B text and a reply delivered), and
// the bytes of the bundle, the first message and the reply. Prints one JSON line per variant:
// { variant, setupRatio, referenceMs, variantMs, bytes: { bundle, first, reply } for each side }.
//
//   node --import tsx bench/safeguards/cost.ts [rounds]
import { nobleProvider } from '../../protocol/crypto/noble.ts';
import { createDevice, openSession, receiveMessage, sendText, type DeviceContext, type DeviceState } from '../../protocol/device/index.ts';
import { deviceId, messageId, roomId, userId } from '../../protocol/ids.ts';
import { preKeyBundle } from '../../protocol/prekeys/bundle.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { protocolFlags, REFERENCE_FLAGS, type ProtocolFlags, type WeakVariant } from '../../protocol/variant.ts';
import { encodePreKeyBundle } from '../../protocol/wire/preKeyBundle.ts';

/** The variants that keep the six findings' old behaviour (docs/weak-variants.md "Variants from the security review"). */
const REVIEW_VARIANTS: readonly WeakVariant[] = ['group-keys-to-any-session', 'unbound-identity', 'static-prekeys', 'no-setup-replay-check', 'open-old-chains', 'unbound-sender-ids'];

interface FirstContact {
  readonly ms: number;
  readonly bundle: number;
  readonly first: number;
  readonly reply: number;
}

function text(from: string, n: number) {
  return { kind: 'text' as const, messageId: messageId(`${from}-${n}`), roomId: roomId('cost'), sentAtMs: 1_000, evaporation: { mode: 'view-once' as const }, body: new Uint8Array(64) };
}

/** One first contact under `flags`, on streams named by `round` (the same inputs for both sides of a pair). */
function firstContact(flags: ProtocolFlags, round: number): FirstContact {
  const ctx = (name: string): DeviceContext => ({ provider: nobleProvider, rng: createDrbg(`cost/${round}/${name}`), nowMs: 1_000, flags });
  const a = ctx('alice');
  const b = ctx('bob');
  let alice: DeviceState = createDevice({ deviceId: deviceId('alice'), userId: userId('alice'), oneTimePreKeys: 1 }, a);
  let bob: DeviceState = createDevice({ deviceId: deviceId('bob'), userId: userId('bob'), oneTimePreKeys: 1 }, b);
  const bundle = preKeyBundle(bob.preKeys, bob.deviceId, bob.identity.publicKey);
  const start = performance.now();
  alice = openSession(alice, bob.userId, bundle, a).device;
  const first = sendText(alice, bob.deviceId, text('alice', round), a);
  if (first.kind !== 'sent') throw new Error(`first message held: ${first.reason}`);
  alice = first.device;
  const got = receiveMessage(bob, alice.deviceId, alice.userId, first.wire, b);
  if (!got.ok) throw new Error(`first message refused: ${got.error.code}`);
  bob = got.device;
  const reply = sendText(bob, alice.deviceId, text('bob', round), b);
  if (reply.kind !== 'sent') throw new Error(`reply held: ${reply.reason}`);
  const back = receiveMessage(alice, bob.deviceId, bob.userId, reply.wire, a);
  if (!back.ok) throw new Error(`reply refused: ${back.error.code}`);
  return { ms: performance.now() - start, bundle: encodePreKeyBundle(bundle).length, first: first.wire.length, reply: reply.wire.length };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)] as number;
}

const rounds = Number(process.argv[2] ?? 40);
for (const variant of REVIEW_VARIANTS) {
  const flags = protocolFlags(variant);
  const ref: FirstContact[] = [];
  const weak: FirstContact[] = [];
  firstContact(REFERENCE_FLAGS, -1); // warm up both paths before timing
  firstContact(flags, -1);
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      ref.push(firstContact(REFERENCE_FLAGS, r));
      weak.push(firstContact(flags, r));
    } else {
      weak.push(firstContact(flags, r));
      ref.push(firstContact(REFERENCE_FLAGS, r));
    }
  }
  const refMs = median(ref.map((x) => x.ms));
  const weakMs = median(weak.map((x) => x.ms));
  const bytes = (xs: FirstContact[]) => ({ bundle: xs[0]?.bundle, first: xs[0]?.first, reply: xs[0]?.reply });
  console.log(
    JSON.stringify({
      variant,
      rounds,
      setupRatio: Number((refMs / weakMs).toFixed(3)),
      referenceMs: Number(refMs.toFixed(2)),
      variantMs: Number(weakMs.toFixed(2)),
      bytes: { reference: bytes(ref), variant: bytes(weak) },
    }),
  );
}
