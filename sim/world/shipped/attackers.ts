// The malicious server's own shipped-2014 devices: an RSA key it serves under a victim's name, and
// forgeries. With no MAC and server-held wrapped secrets, "key material the server holds" is its
// RSA keys plus every room-key message in its store (SEC-SERVER-BLIND and SEC-MITM judges try them).
import { concatBytes, toHex, utf8 } from '../../../protocol/bytes.ts';
import { isProtocolError, UsageError } from '../../../protocol/errors.ts';
import type { IdentityKey } from '../../../protocol/identity/identityKey.ts';
import { deviceId, roomId as toRoomId } from '../../../protocol/ids.ts';
import { decodeChatMessage, encodeChatMessage, encryptWithRoomKey, generateInstallKey, type InstallKey } from '../../../protocol/variants/shipped2014/index.ts';
import type { BundleJson, EnvelopeJson } from '../../server/powers.ts';
import type { AttackerKit } from '../phone.ts';
import type { AttackerWorld as World } from '../phone.ts';
import { encodeFrame } from './frame.ts';
import { rsaIdentity } from './identity.ts';
import { adoptRoomKey } from './rooms.ts';
import { storedRoomKeys } from './roomStore.ts';
import type { ShippedRoom, ShippedState } from './state.ts';

/** Bytes of a forgery made of nothing but random bytes (the receiver accepts them: no MAC). */
const FORGED_RANDOM_BYTES = 48;
/** What the server wants the victim to read instead, XOR-ed into the tail of a captured ciphertext. */
const CHOSEN_DIFFERENCE = utf8('FORGED');
const FORGED_BODY = utf8('FORGED by the server');
/** Forged u64 message ids are drawn below this (any id decrypts: nothing checks it). */
const FORGED_ID_RANGE = 1 << 30;

interface AttackerKey {
  readonly posingAs: string;
  readonly key: InstallKey;
}

export class ShippedAttackers implements AttackerKit {
  private readonly keys = new Map<string, AttackerKey>();
  /** Unwrap results by (attacker, room-key message): RSA and PBKDF2 are slow, the store changes rarely. */
  private readonly unwrapped = new Map<string, ShippedRoom | null>();

  constructor(private readonly world: World) {}

  private keyOf(name: string, posingAs: string): AttackerKey {
    let k = this.keys.get(name);
    if (k === undefined) {
      k = { posingAs, key: generateInstallKey(this.world.engine.stream(`attacker:${name}`)) };
      this.keys.set(name, k);
    }
    return k;
  }

  /** The rooms whose stored room-key message this attacker's RSA key unwraps (either half). */
  private roomsOf(name: string, key: InstallKey): ShippedRoom[] {
    const empty: ShippedState = { user: name, publicKey: key.publicKey, privateKey: key.privateKey, contacts: [], rooms: [], inbox: [] };
    const rooms: ShippedRoom[] = [];
    for (const s of storedRoomKeys(this.world.server, this.world.options.parties)) {
      const memo = `${name}\u0000${toHex(s.roomKeyMessage)}`;
      let room = this.unwrapped.get(memo);
      if (room === undefined) {
        room = null;
        for (const slot of ['peer', 'self'] as const) {
          try {
            room = adoptRoomKey(empty, { roomId: s.roomId, peer: s.creator, slot, roomKeyMessage: s.roomKeyMessage, peerPublicKey: undefined }).rooms[0] ?? null;
            break;
          } catch (e) {
            if (!isProtocolError(e)) throw e;
          }
        }
        this.unwrapped.set(memo, room);
      }
      if (room !== null) rooms.push(room);
    }
    return rooms;
  }

  /** Every attacker device, holding the room secrets the server can unwrap from its own store now. */
  get devices(): ReadonlyMap<string, { readonly posingAs: string; readonly state: ShippedState }> {
    const out = new Map<string, { posingAs: string; state: ShippedState }>();
    for (const [name, { posingAs, key }] of this.keys) {
      out.set(name, { posingAs, state: { user: name, publicKey: key.publicKey, privateKey: key.privateKey, contacts: [], rooms: this.roomsOf(name, key), inbox: [] } });
    }
    return out;
  }

  identities(): IdentityKey[] {
    return [...this.keys.values()].map((k) => rsaIdentity(k.key.publicKey));
  }

  /** A directory answer carrying the attacker's RSA public key under the target's name. */
  substituteBundle(attacker: string, target: string): BundleJson {
    return { base: toHex(this.keyOf(attacker, target).key.publicKey) };
  }

  ghostGroupMessage(ghost: string, room: string): Uint8Array {
    throw new UsageError(`the shipped-2014 variant has no group rooms: no ghost ${ghost} can join ${room}`);
  }

  /**
   * A message the server makes up. With a room secret it unwrapped (it substituted a key) it writes
   * a proper one; else it XORs a chosen difference into the tail of a captured ciphertext (the same
   * difference lands in the plaintext); with nothing captured, plain random bytes.
   */
  forgeMessage(claimedFrom: string, to: string, room: string): EnvelopeJson | undefined {
    const rng = this.world.engine.stream('attacker:forger');
    const forgedId = `forged-${rng.below(FORGED_ID_RANGE)}`;
    const wireId = BigInt(rng.below(FORGED_ID_RANGE));
    const held = [...this.devices.values()].flatMap((d) => d.state.rooms.filter((r) => r.roomId === room))[0];
    let wire: Uint8Array;
    if (held !== undefined) {
      const frame = encodeFrame({ messageId: forgedId, timerMs: 0, body: FORGED_BODY });
      wire = encodeChatMessage({ messageId: wireId, ciphertext: encryptWithRoomKey(held.messageKey, wireId, frame) });
    } else {
      const captured = this.world.log
        .of('message-sent')
        .map((e) => e.message)
        .filter((m) => m.from === claimedFrom && m.room === room)
        .flatMap((m) => m.copies.filter((c) => c.to === to))
        .at(-1);
      wire = captured === undefined ? encodeChatMessage({ messageId: wireId, ciphertext: rng.bytes(FORGED_RANDOM_BYTES) }) : xorTail(captured.wire);
    }
    const now = this.world.engine.nowMs;
    return { id: `forged:${forgedId}`, from: deviceId(claimedFrom), to: deviceId(to), roomId: toRoomId(room), kind: 'pairwise', body: toHex(wire), sentAtMs: now };
  }

  /** The shipped design has no 1:1 sessions for the server to open: it hands out the keys itself (substitute-bundle). */
  openSessionAs(): EnvelopeJson | undefined {
    return undefined;
  }

  /** Nor sender keys to hand out over one. */
  forgeGroupAs(): EnvelopeJson[] | undefined {
    return undefined;
  }
}

/** The captured chat wire with CHOSEN_DIFFERENCE XOR-ed into the last bytes of its ciphertext. */
function xorTail(wire: Uint8Array): Uint8Array {
  const chat = decodeChatMessage(wire);
  const ct = chat.ciphertext.slice();
  const n = Math.min(CHOSEN_DIFFERENCE.length, ct.length);
  for (let i = 0; i < n; i++) ct[ct.length - n + i] = (ct[ct.length - n + i] as number) ^ (CHOSEN_DIFFERENCE[i] as number);
  return encodeChatMessage({ messageId: chat.messageId, ciphertext: concatBytes(ct) });
}
