// The MLS engine through its contract (contract.ts): a three-member room made, changed and attacked the
// ways the world's server can attack it; refusals leave the state as it was; exported state goes on; the
// key trial; and two engines with the same seeds give the same bytes.
import { sha256 } from '@noble/hashes/sha2.js';
import { afterAll, describe, expect, test } from 'vitest';
import type { PeerAddress } from '../contract.ts';
import { EngineFault } from '../fault.ts';
import type { MlsApplied, MlsCommitted, MlsDevice, MlsDeviceEngine, MlsGroups, MlsReceived } from './contract.ts';
import { MLS_ENGINE_INFO, mlsEngine } from './engine.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const seed = (n: number) => new Uint8Array(32).fill(n);
const ROOM = 'room-1';
const ALICE: PeerAddress = { user: 'alice', device: 1 };
const BOB: PeerAddress = { user: 'bob', device: 1 };
const CAROL: PeerAddress = { user: 'carol', device: 2 };

const engine = mlsEngine();
afterAll(() => engine.close());

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}

function committed(r: MlsCommitted): { commit: Uint8Array; welcome?: Uint8Array } {
  return ok(r);
}

/** Alice makes the room and adds Bob, then Carol, as the delivery service would order it. */
function room3(e: MlsDeviceEngine = engine, seeds: readonly [number, number, number] = [1, 2, 3]) {
  const [alice, bob, carol] = [ALICE, BOB, CAROL].map((a, i) => e.createDevice(a, 0, seed(seeds[i] as number))) as [MlsDevice, MlsDevice, MlsDevice];
  ok(alice.createGroup(ROOM, 0));
  const addBob = committed(alice.add(ROOM, [{ peer: BOB, keyPackage: bob.keyPackage(0).bytes }], 1));
  ok(alice.confirm(ROOM, addBob.commit));
  expect(ok(bob.join(addBob.welcome as Uint8Array, 2))).toEqual({ ok: true, room: ROOM, epoch: 1 });
  const addCarol = committed(alice.add(ROOM, [{ peer: CAROL, keyPackage: carol.keyPackage(2).bytes }], 3));
  ok(alice.confirm(ROOM, addCarol.commit));
  ok(bob.processCommit(ROOM, addCarol.commit, 4));
  ok(carol.join(addCarol.welcome as Uint8Array, 4));
  return { alice, bob, carol, addBob, addCarol };
}

function opened(r: MlsReceived): { text: string; sender: PeerAddress; epoch: number } {
  const o = ok(r);
  return { text: dec(o.plaintext), sender: o.sender, epoch: o.epoch };
}

/** A refusal's code, checking that the device's exported state is byte-identical around it. */
function refusedUnchanged(d: MlsDevice, f: () => { ok: boolean; code?: string }): string | undefined {
  const before = d.exportState();
  const r = f();
  expect(r.ok).toBe(false);
  expect(d.exportState()).toEqual(before);
  return r.code;
}

function agree(...ds: MlsDevice[]): void {
  const views = ds.map((d) => d.epoch(ROOM));
  for (const v of views) {
    expect(v).toBeDefined();
    expect(v?.epoch).toBe(views[0]?.epoch);
    expect(v?.authenticator).toEqual(views[0]?.authenticator);
    expect(v?.members).toEqual(views[0]?.members);
  }
}

describe('mls engine', () => {
  test('declares groups and deterministic randomness, not post-quantum (suite 1 is X25519)', () => {
    expect(engine.info).toBe(MLS_ENGINE_INFO);
    expect(MLS_ENGINE_INFO.capabilities).toMatchObject({ groups: true, 'deterministic-randomness': true, 'post-quantum': false });
  });

  test('create, add with welcome: three members agree on the epoch, the members and their identity keys', () => {
    const { alice, bob, carol } = room3();
    agree(alice, bob, carol);
    const v = alice.epoch(ROOM);
    expect(v?.epoch).toBe(2);
    expect(v?.members.map(({ user, device }) => ({ user, device }))).toEqual([ALICE, BOB, CAROL]);
    expect(v?.members[1]?.identityKey).toEqual(bob.identityKey());
    expect(v?.pending).toBe(false);
    expect(bob.rooms()).toEqual([ROOM]);
  });

  test('messages both ways, the sender recovered from the tree', () => {
    const { alice, bob, carol } = room3();
    const m1 = ok(alice.send(ROOM, enc('hello from alice'))).message;
    expect(opened(bob.receive(ROOM, m1))).toEqual({ text: 'hello from alice', sender: ALICE, epoch: 2 });
    expect(opened(carol.receive(ROOM, m1)).sender).toEqual(ALICE);
    const m2 = ok(bob.send(ROOM, enc('hi, bob here'))).message;
    expect(opened(alice.receive(ROOM, m2))).toEqual({ text: 'hi, bob here', sender: BOB, epoch: 2 });
    expect(opened(carol.receive(ROOM, m2)).sender).toEqual(BOB);
  });

  test('a replay is refused as a duplicate and leaves the state unchanged', () => {
    const { alice, bob } = room3();
    const m = ok(alice.send(ROOM, enc('once'))).message;
    ok(bob.receive(ROOM, m));
    expect(refusedUnchanged(bob, () => bob.receive(ROOM, m))).toBe('DUPLICATE_MESSAGE');
    // Tampered on the way: refused, and the sender's next message still opens.
    const t = ok(alice.send(ROOM, enc('tampered'))).message.slice();
    t[t.length - 1] = (t[t.length - 1] as number) ^ 1;
    expect(refusedUnchanged(bob, () => bob.receive(ROOM, t))).toBe('INVALID_MESSAGE');
    expect(opened(bob.receive(ROOM, ok(alice.send(ROOM, enc('after'))).message)).text).toBe('after');
    // A message the sender's own device gets back is its own leaf's.
    expect(refusedUnchanged(alice, () => alice.receive(ROOM, m))).toBe('OWN_LEAF');
  });

  test('self-update (PCS): a stolen state follows others’ commits but is shut out by the owner’s own update', () => {
    const { alice, bob, carol } = room3();
    const stolen = bob.exportState();
    // Alice updates: the stolen copy of Bob follows her commit and reads what comes after.
    const aliceUpdate = committed(alice.update(ROOM, 5)).commit;
    expect(alice.epoch(ROOM)?.pending).toBe(true);
    ok(alice.confirm(ROOM, aliceUpdate));
    ok(bob.processCommit(ROOM, aliceUpdate, 5));
    ok(carol.processCommit(ROOM, aliceUpdate, 5));
    const m3 = ok(alice.send(ROOM, enc('epoch 3'))).message;
    expect(dec(engine.openGroupWith(stolen, ROOM, m3, [aliceUpdate]) as Uint8Array)).toBe('epoch 3');
    // Bob updates: the stolen copy cannot follow his commit (it lacks his new path keys) nor read after it.
    const before = bob.epoch(ROOM);
    const bobUpdate = committed(bob.update(ROOM, 6)).commit;
    const applied = ok(bob.confirm(ROOM, bobUpdate));
    expect(applied).toMatchObject({ epoch: 4, committer: BOB, added: [], removed: [], removedSelf: false });
    expect(ok(alice.processCommit(ROOM, bobUpdate, 6)).committer).toEqual(BOB);
    ok(carol.processCommit(ROOM, bobUpdate, 6));
    agree(alice, bob, carol);
    expect(bob.epoch(ROOM)?.members[1]?.identityKey).toEqual(before?.members[1]?.identityKey);
    const m4 = ok(carol.send(ROOM, enc('epoch 4'))).message;
    expect(engine.openGroupWith(stolen, ROOM, m4, [aliceUpdate, bobUpdate])).toBeUndefined();
    expect(opened(bob.receive(ROOM, m4)).text).toBe('epoch 4');
  });

  test('remove: the removed member is told, loses the room, and its late and stolen messages are refused', () => {
    const { alice, bob, carol } = room3();
    const carolBefore = carol.exportState();
    const removal = committed(alice.remove(ROOM, [CAROL], 7)).commit;
    expect(ok(alice.confirm(ROOM, removal))).toMatchObject({ removed: [CAROL], removedSelf: false });
    expect(ok(bob.processCommit(ROOM, removal, 7))).toMatchObject({ epoch: 3, committer: ALICE, removed: [CAROL] });
    expect(ok(carol.processCommit(ROOM, removal, 7))).toMatchObject({ removedSelf: true, removed: [CAROL] });
    expect(carol.epoch(ROOM)).toBeUndefined();
    expect(carol.rooms()).toEqual([]);
    const after = ok(alice.send(ROOM, enc('carol is gone'))).message;
    expect(refusedUnchanged(carol, () => carol.receive(ROOM, after))).toBe('NOT_A_MEMBER');
    expect(refusedUnchanged(carol, () => carol.send(ROOM, enc('still here?')))).toBe('NOT_A_MEMBER');
    expect(engine.openGroupWith(carolBefore, ROOM, after, [removal])).toBeUndefined();
    expect(opened(bob.receive(ROOM, after)).sender).toEqual(ALICE);
    // A thief holding Carol's state from before the removal sends in the old epoch: Bob still keeps that
    // epoch's keys, and refuses it because its sender has left.
    const ghostDevice = engine.importDevice(carolBefore, seed(33));
    const ghost = ok(ghostDevice.send(ROOM, enc('ghost'))).message;
    expect(refusedUnchanged(bob, () => bob.receive(ROOM, ghost))).toBe('SENDER_REMOVED');
    // The keys alone do open it (the key trial disregards the adapter's policy).
    expect(dec(engine.openGroupWith(bob.exportState(), ROOM, ghost) as Uint8Array)).toBe('ghost');
    ghostDevice.release();
    expect(alice.epoch(ROOM)?.members.map((m) => m.user)).toEqual(['alice', 'bob']);
  });

  test('old-epoch, replayed, forked and future-epoch commits are refused, the state unchanged', () => {
    const { alice, bob, carol, addCarol } = room3();
    const aliceBefore = engine.importDevice(alice.exportState(), seed(41));
    const update = committed(alice.update(ROOM, 8)).commit;
    // Carol has not seen the update: a message of the next epoch is from the future until she does.
    ok(alice.confirm(ROOM, update));
    const next = ok(alice.send(ROOM, enc('next epoch'))).message;
    expect(refusedUnchanged(carol, () => carol.receive(ROOM, next))).toBe('FUTURE_EPOCH');
    ok(carol.processCommit(ROOM, update, 8));
    expect(opened(carol.receive(ROOM, next)).text).toBe('next epoch');
    ok(bob.processCommit(ROOM, update, 8));
    expect(refusedUnchanged(bob, () => bob.processCommit(ROOM, update, 9))).toBe('DUPLICATE_MESSAGE');
    // A second commit for epoch 2 (Alice's device from before her update commits again): a fork.
    const rival = committed(aliceBefore.update(ROOM, 9)).commit;
    expect(refusedUnchanged(bob, () => bob.processCommit(ROOM, rival, 9))).toBe('FORK');
    // A commit for an epoch this device never applied one in (Bob joined at epoch 1, the add of Carol was epoch 1's).
    expect(refusedUnchanged(carol, () => carol.processCommit(ROOM, addCarol.commit, 9))).toBe('OLD_EPOCH');
    // A commit for an epoch not reached yet.
    const later = committed(alice.update(ROOM, 10)).commit;
    ok(alice.confirm(ROOM, later));
    const later2 = committed(alice.update(ROOM, 10)).commit;
    expect(refusedUnchanged(bob, () => bob.processCommit(ROOM, later2, 10))).toBe('FUTURE_EPOCH');
    aliceBefore.release();
  });

  test('competing commits: the delivery service’s winner is processed, the loser’s pending commit dropped, its commit then a fork', () => {
    const { alice, bob, carol } = room3();
    const a = committed(alice.update(ROOM, 5)).commit;
    const b = committed(bob.update(ROOM, 5)).commit;
    expect(refusedUnchanged(bob, () => bob.update(ROOM, 5))).toBe('PENDING_COMMIT');
    // The server takes Alice's.
    ok(alice.confirm(ROOM, a));
    const got = ok(bob.processCommit(ROOM, a, 6)) as Extract<MlsApplied, { ok: true }>;
    expect(got.droppedPending).toBe(true);
    expect(bob.epoch(ROOM)?.pending).toBe(false);
    expect(refusedUnchanged(bob, () => bob.confirm(ROOM, b))).toBe('NO_PENDING_COMMIT');
    ok(carol.processCommit(ROOM, a, 6));
    expect(refusedUnchanged(carol, () => carol.processCommit(ROOM, b, 6))).toBe('FORK');
    agree(alice, bob, carol);
  });

  test('messages received while the own commit waits are not reopened once it is merged', () => {
    const { alice, bob } = room3();
    const u = committed(bob.update(ROOM, 5)).commit;
    const m = ok(alice.send(ROOM, enc('while pending'))).message;
    expect(opened(bob.receive(ROOM, m)).epoch).toBe(2);
    // The delivery service echoes Bob's commit back: that merges it, like a confirmation.
    expect(ok(bob.processCommit(ROOM, u, 6)).committer).toEqual(BOB);
    expect(refusedUnchanged(bob, () => bob.receive(ROOM, m))).toBe('DUPLICATE_MESSAGE');
    // Tampered on the way: refused, and the sender's next message still opens.
    const t = ok(alice.send(ROOM, enc('tampered'))).message.slice();
    t[t.length - 1] = (t[t.length - 1] as number) ^ 1;
    expect(refusedUnchanged(bob, () => bob.receive(ROOM, t))).toBe('INVALID_MESSAGE');
    expect(opened(bob.receive(ROOM, ok(alice.send(ROOM, enc('after'))).message)).text).toBe('after');
    ok(alice.processCommit(ROOM, u, 6));
    agree(alice, bob);
  });

  test('the adapter’s refusals: a key package for someone else, an own-leaf message from a clone, a used welcome, external proposals', () => {
    const { alice, bob, carol, addCarol } = room3();
    const dave = engine.createDevice({ user: 'dave', device: 1 }, 0, seed(4));
    const mallory = engine.createDevice({ user: 'mallory', device: 1 }, 0, seed(5));
    // The directory serves Mallory's key package when asked for Dave's.
    expect(refusedUnchanged(alice, () => alice.add(ROOM, [{ peer: { user: 'dave', device: 1 }, keyPackage: mallory.keyPackage(0).bytes }], 5))).toBe('INVALID_KEY_PACKAGE');
    expect(refusedUnchanged(alice, () => alice.add(ROOM, [{ peer: BOB, keyPackage: bob.keyPackage(0).bytes }], 5))).toBe('ALREADY_MEMBER');
    expect(refusedUnchanged(alice, () => alice.add(ROOM, [{ peer: BOB, keyPackage: enc('not a key package') }], 5))).toBe('INVALID_KEY_PACKAGE');
    // A clone of Bob's phone sends as Bob: the genuine phone refuses a message from its own leaf.
    const clone = engine.importDevice(bob.exportState(), seed(22));
    const fromClone = ok(clone.send(ROOM, enc('from the clone'))).message;
    expect(refusedUnchanged(bob, () => bob.receive(ROOM, fromClone))).toBe('OWN_LEAF');
    expect(opened(alice.receive(ROOM, fromClone)).sender).toEqual(BOB);
    clone.release();
    // A welcome already used, and a welcome for none of this device's key packages.
    expect(refusedUnchanged(carol, () => carol.join(addCarol.welcome as Uint8Array, 5))).toBe('UNKNOWN_KEY_PACKAGE');
    expect(refusedUnchanged(dave, () => dave.join(addCarol.welcome as Uint8Array, 5))).toBe('UNKNOWN_KEY_PACKAGE');
    expect(refusedUnchanged(bob, () => bob.processCommit(ROOM, enc('garbage'), 5))).toBe('INVALID_MESSAGE');
    expect(refusedUnchanged(alice, () => alice.remove(ROOM, [{ user: 'dave', device: 1 }], 5))).toBe('NOT_A_MEMBER');
    expect(refusedUnchanged(alice, () => alice.remove(ROOM, [ALICE], 5))).toBe('FORBIDDEN');
    // A message of this room given as a commit, and a commit given as a message.
    const m = ok(alice.send(ROOM, enc('x'))).message;
    expect(refusedUnchanged(bob, () => bob.processCommit(ROOM, m, 5))).toBe('INVALID_MESSAGE');
    const u = committed(alice.update(ROOM, 5)).commit;
    expect(refusedUnchanged(bob, () => bob.receive(ROOM, u))).toBe('INVALID_MESSAGE');
    dave.release();
    mallory.release();
  });

  test('export/import: the imported device goes on where the export left off, in both directions', () => {
    const { alice, bob, carol } = room3();
    const bob2 = engine.importDevice(bob.exportState(), seed(12));
    bob.release();
    expect(bob2.address).toEqual(BOB);
    expect(bob2.exportState()).toEqual(bob2.exportState());
    const m = ok(alice.send(ROOM, enc('to the restored bob'))).message;
    expect(opened(bob2.receive(ROOM, m)).text).toBe('to the restored bob');
    const u = committed(bob2.update(ROOM, 5)).commit;
    ok(bob2.confirm(ROOM, u));
    ok(alice.processCommit(ROOM, u, 5));
    ok(carol.processCommit(ROOM, u, 5));
    const back = ok(bob2.send(ROOM, enc('restored and updated'))).message;
    expect(opened(carol.receive(ROOM, back))).toEqual({ text: 'restored and updated', sender: BOB, epoch: 3 });
    agree(alice, bob2, carol);
    // Unused key packages travel too: a welcome made for one before the export opens after it.
    const dave = engine.createDevice({ user: 'dave', device: 1 }, 0, seed(4));
    const kp = dave.keyPackage(5);
    const dave2 = engine.importDevice(dave.exportState(), seed(14));
    const addDave = committed(alice.add(ROOM, [{ peer: { user: 'dave', device: 1 }, keyPackage: kp.bytes }], 6));
    expect(ok(dave2.join(addDave.welcome as Uint8Array, 6)).epoch).toBe(4);
    dave.release();
    dave2.release();
  });

  test('key trial: a seized state opens a message not yet received and is left as it was; once received, nothing', () => {
    const { alice, bob } = room3();
    const m = ok(alice.send(ROOM, enc('secret'))).message;
    const seized = bob.exportState();
    const copy = seized.slice();
    expect(dec(engine.openGroupWith(seized, ROOM, m) as Uint8Array)).toBe('secret');
    expect(seized).toEqual(copy);
    expect(bob.exportState()).toEqual(seized);
    ok(bob.receive(ROOM, m));
    expect(engine.openGroupWith(bob.exportState(), ROOM, m)).toBeUndefined();
    expect(engine.openGroupWith(seized, 'another room', m)).toBeUndefined();
  });

  test('key trial: a seized unused key package opens the welcome sent to it later, and what follows', () => {
    const { alice } = room3();
    const dave = engine.createDevice({ user: 'dave', device: 1 }, 0, seed(4));
    const kp = dave.keyPackage(5);
    const seized = dave.exportState();
    const addDave = committed(alice.add(ROOM, [{ peer: { user: 'dave', device: 1 }, keyPackage: kp.bytes }], 6));
    ok(alice.confirm(ROOM, addDave.commit));
    const m = ok(alice.send(ROOM, enc('welcome, dave'))).message;
    expect(engine.openGroupWith(seized, ROOM, m)).toBeUndefined();
    expect(dec(engine.openGroupWith(seized, ROOM, m, [addDave.welcome as Uint8Array]) as Uint8Array)).toBe('welcome, dave');
    dave.release();
  });

  test('determinism: two engines with the same seeds give byte-identical outputs and states', () => {
    const transcript = (e: MlsDeviceEngine, seeds: readonly [number, number, number]) => {
      const h = sha256.create();
      const { alice, bob, carol, addBob, addCarol } = room3(e, seeds);
      for (const b of [addBob.commit, addBob.welcome, addCarol.commit, addCarol.welcome]) h.update(b as Uint8Array);
      const m = ok(alice.send(ROOM, enc('same bytes'))).message;
      h.update(m);
      ok(bob.receive(ROOM, m));
      const u = committed(carol.update(ROOM, 5)).commit;
      h.update(u);
      ok(carol.confirm(ROOM, u));
      ok(alice.processCommit(ROOM, u, 5));
      ok(bob.processCommit(ROOM, u, 5));
      for (const d of [alice, bob, carol]) {
        h.update(d.exportState());
        h.update(d.epoch(ROOM)?.authenticator as Uint8Array);
        d.release();
      }
      return Buffer.from(h.digest()).toString('hex');
    };
    const other = mlsEngine();
    try {
      const first = transcript(engine, [1, 2, 3]);
      expect(transcript(other, [1, 2, 3])).toBe(first);
      expect(transcript(other, [1, 2, 4])).not.toBe(first);
    } finally {
      other.close();
    }
  });

  test('retention: below one epoch is refused (ts-mls keeps every epoch when told 0); one epoch and no skipped keys hold; a closed engine faults', () => {
    expect(() => mlsEngine({ retention: { retainKeysForEpochs: 0 } })).toThrow(/retainKeysForEpochs/);
    const e = mlsEngine({ retention: { retainKeysForEpochs: 1, retainKeysForGenerations: 0 } });
    const alice = e.createDevice(ALICE, 0, seed(1));
    const bob = e.createDevice(BOB, 0, seed(2));
    const groups: MlsGroups = alice;
    expect(groups.createGroup(ROOM, 0)).toEqual({ ok: true, epoch: 0 });
    const add = committed(alice.add(ROOM, [{ peer: BOB, keyPackage: bob.keyPackage(0).bytes }], 0));
    ok(alice.confirm(ROOM, add.commit));
    ok(bob.join(add.welcome as Uint8Array, 0));
    // No skipped keys kept: a message overtaken by a later one of the same sender is lost.
    const [m0, m1, m2] = ['m0', 'm1', 'm2'].map((t) => ok(alice.send(ROOM, enc(t))).message) as [Uint8Array, Uint8Array, Uint8Array];
    ok(bob.receive(ROOM, m1));
    expect(refusedUnchanged(bob, () => bob.receive(ROOM, m0))).toBe('DUPLICATE_MESSAGE');
    // One past epoch kept: a late message survives one commit, not two.
    for (let i = 0; i < 2; i++) {
      const u = committed(alice.update(ROOM, 0)).commit;
      ok(alice.confirm(ROOM, u));
      ok(bob.processCommit(ROOM, u, 0));
    }
    expect(refusedUnchanged(bob, () => bob.receive(ROOM, m2))).toBe('OLD_EPOCH');
    e.close();
    expect(() => groups.rooms()).toThrow(EngineFault);
  });
});
