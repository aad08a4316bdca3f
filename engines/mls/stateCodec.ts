// A device's whole stored state as bytes (what a seizure takes) and back: the retention settings, the
// address, the signature key pair, the unused key packages with their private keys, and for every room
// its group state (ts-mls's encoding, RFC 9420 structures in TLS presentation), its pending commit with
// the state that commit leads to, and the commits it applied by epoch. ts-mls's ClientConfig holds
// functions and is not encoded: it is rebuilt from the retention settings on import.
//
// Layout: a magic string, then fields in order, each length-prefixed (u32 big-endian) or fixed-width.
// Rooms are written in name order and key packages oldest first, so one state gives one byte string.
import { decodeGroupState, decodeMlsMessage, encodeGroupState, type ClientState, type GroupState } from 'ts-mls';
import type { PeerAddress } from '../contract.ts';
import { fromUtf8, utf8 } from '../../protocol/bytes.ts';
import { checkRetention, clientConfig, type Device, type HeldKeyPackage, type PendingCommit, type Retention, type Room, suiteFor } from './state.ts';

const MAGIC = 'sealroom-mls-state/1';

/** The encoding of a group state, once per state object (states are never mutated, so this is safe). */
const encoded = new WeakMap<GroupState, Uint8Array>();

function encodeState(s: GroupState): Uint8Array {
  let b = encoded.get(s);
  if (b === undefined) {
    b = encodeGroupState(s);
    encoded.set(s, b);
  }
  return b;
}

class Writer {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  private push(b: Uint8Array): void {
    this.parts.push(b);
    this.size += b.length;
  }

  u32(n: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n);
    this.push(b);
  }

  u64(n: bigint): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, n);
    this.push(b);
  }

  flag(v: boolean): void {
    this.push(new Uint8Array([v ? 1 : 0]));
  }

  bytes(b: Uint8Array): void {
    this.u32(b.length);
    this.push(b);
  }

  text(s: string): void {
    this.bytes(utf8(s));
  }

  done(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

class Reader {
  private at = 0;
  private readonly view: DataView;

  constructor(private readonly b: Uint8Array) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  private need(n: number): void {
    if (this.at + n > this.b.length) throw new Error('mls state: truncated');
  }

  u32(): number {
    this.need(4);
    const n = this.view.getUint32(this.at);
    this.at += 4;
    return n;
  }

  u64(): bigint {
    this.need(8);
    const n = this.view.getBigUint64(this.at);
    this.at += 8;
    return n;
  }

  flag(): boolean {
    this.need(1);
    const v = this.b[this.at++];
    if (v !== 0 && v !== 1) throw new Error('mls state: bad flag');
    return v === 1;
  }

  bytes(): Uint8Array {
    const n = this.u32();
    this.need(n);
    const out = this.b.slice(this.at, this.at + n);
    this.at += n;
    return out;
  }

  text(): string {
    return fromUtf8(this.bytes());
  }

  end(): void {
    if (this.at !== this.b.length) throw new Error('mls state: trailing bytes');
  }
}

export function encodeDevice(d: Device): Uint8Array {
  const w = new Writer();
  w.text(MAGIC);
  w.u32(d.retention.retainKeysForEpochs);
  w.u32(d.retention.retainKeysForGenerations);
  w.u32(d.retention.maximumForwardRatchetSteps);
  w.text(d.address.user);
  w.u32(d.address.device);
  w.bytes(d.signKey);
  w.bytes(d.publicKey);
  w.u32(d.keyPackages.size);
  for (const [id, kp] of d.keyPackages) {
    w.text(id);
    w.bytes(kp.bytes);
    w.bytes(kp.privatePackage.initPrivateKey);
    w.bytes(kp.privatePackage.hpkePrivateKey);
  }
  const rooms = [...d.rooms.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  w.u32(rooms.length);
  for (const [name, r] of rooms) {
    w.text(name);
    w.bytes(encodeState(r.state));
    w.flag(r.pending !== undefined);
    if (r.pending !== undefined) {
      w.bytes(r.pending.commit);
      w.bytes(encodeState(r.pending.state));
      w.flag(r.pending.welcome !== undefined);
      if (r.pending.welcome !== undefined) w.bytes(r.pending.welcome);
    }
    const applied = [...r.applied.entries()].sort(([a], [b]) => a - b);
    w.u32(applied.length);
    for (const [epoch, hash] of applied) {
      w.u64(BigInt(epoch));
      w.bytes(hash);
    }
  }
  return w.done();
}

/** The device an exported state describes; its randomness from now on comes from `seed`. */
export function decodeDevice(state: Uint8Array, seed: Uint8Array): Device {
  const r = new Reader(state);
  if (r.text() !== MAGIC) throw new Error('mls state: not a sealroom MLS device state');
  const retention: Retention = { retainKeysForEpochs: r.u32(), retainKeysForGenerations: r.u32(), maximumForwardRatchetSteps: r.u32() };
  checkRetention(retention);
  const config = clientConfig(retention);
  const address: PeerAddress = { user: r.text(), device: r.u32() };
  const signKey = r.bytes();
  const publicKey = r.bytes();
  const keyPackages = new Map<string, HeldKeyPackage>();
  const nKeyPackages = r.u32();
  for (let i = 0; i < nKeyPackages; i++) {
    const id = r.text();
    const bytes = r.bytes();
    const m = decodeMlsMessage(bytes, 0)?.[0];
    if (m?.wireformat !== 'mls_key_package') throw new Error('mls state: a held key package does not decode');
    const privatePackage = { initPrivateKey: r.bytes(), hpkePrivateKey: r.bytes(), signaturePrivateKey: signKey };
    keyPackages.set(id, { publicPackage: m.keyPackage, privatePackage, bytes });
  }
  const live = (b: Uint8Array): ClientState => {
    const s = decodeGroupState(b, 0);
    if (s === undefined || s[1] !== b.length) throw new Error('mls state: a group state does not decode');
    const st: ClientState = { ...s[0], clientConfig: config };
    encoded.set(st, b);
    return st;
  };
  const rooms = new Map<string, Room>();
  const nRooms = r.u32();
  for (let i = 0; i < nRooms; i++) {
    const name = r.text();
    const st = live(r.bytes());
    let pending: PendingCommit | undefined;
    if (r.flag()) {
      const commit = r.bytes();
      const pst = live(r.bytes());
      const welcome = r.flag() ? r.bytes() : undefined;
      pending = { commit, state: pst, welcome };
    }
    const applied = new Map<number, Uint8Array>();
    const nApplied = r.u32();
    for (let j = 0; j < nApplied; j++) applied.set(Number(r.u64()), r.bytes());
    rooms.set(name, { state: st, pending, applied });
  }
  r.end();
  return { address, retention, signKey, publicKey, keyPackages, rooms, suite: suiteFor(seed), config };
}
