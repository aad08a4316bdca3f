import { createDrbg } from '../../../protocol/random/drbg.ts';
import type { PeerAddress } from '../../../engines/contract.ts';
import type { MlsDevice, MlsDeviceEngine } from '../../../engines/mls/contract.ts';
import { mlsEngine } from '../../../engines/mls/engine.ts';
import { caseId } from '../../harness/ids.ts';
import type { BenchCase, BenchFn } from '../../harness/types.ts';
import { SMALL_MESSAGE_BYTES } from '../protocol.ts';

import { DESIGN_OP_PREFIX, NOW_MS, plaintext, record } from './common.ts';

const MLS_ROOM = 'bench-group-designs';
/** Any seed will do for a clone: processing a commit or a welcome draws no randomness. */
const CLONE_SEED = new Uint8Array(32).fill(7);

interface MlsWorld {
  readonly members: number;
  readonly engine: MlsDeviceEngine;
  /** The creator: it commits (adds, removes, updates) and sends. */
  readonly alice: MlsDevice;
  /** Joined from the bulk welcome; its exported state is cloned to process commits. */
  readonly bob: MlsDevice;
  readonly bobState: Uint8Array;
  /** Joined from the bulk welcome; sends the messages bob receives. */
  readonly carol: MlsDevice;
  /** Not in the room: its key package is the one every add adds, its exported state is cloned to join. */
  readonly newcomer: PeerAddress;
  readonly newcomerKeyPackage: Uint8Array;
  readonly newcomerState: Uint8Array;
  /** Who the remove cases remove: the last leaf. */
  readonly removed: PeerAddress;
}

const mlsWorlds = new Map<number, MlsWorld>();

function ok<T extends { readonly ok: boolean }>(r: T, what: string): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`group designs: mls ${what} refused: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}

function buildMlsWorld(members: number): MlsWorld {
  const engine = mlsEngine();
  const rng = createDrbg(`bench/group-designs/mls/${members}`);
  const address = (i: number): PeerAddress => ({ user: `u${String(i).padStart(4, '0')}`, device: 1 });
  const devices = Array.from({ length: members + 1 }, (_, i) => engine.createDevice(address(i), NOW_MS, rng.fork(`device ${i}`).bytes(32)));
  const [alice, bob, carol] = devices as [MlsDevice, MlsDevice, MlsDevice];
  const newcomer = devices[members] as MlsDevice;
  ok(alice.createGroup(MLS_ROOM, NOW_MS), 'createGroup');
  const rest = devices.slice(1, members);
  const keyPackages = rest.map((d) => ({ peer: d.address, keyPackage: d.keyPackage(NOW_MS).bytes }));
  // Leaves that never act need no live device once their key package is made.
  for (const d of rest.slice(2)) d.release();
  const bulk = ok(alice.add(MLS_ROOM, keyPackages, NOW_MS), 'bulk add');
  ok(alice.confirm(MLS_ROOM, bulk.commit), 'confirm');
  if (bulk.welcome === undefined) throw new Error('group designs: bulk add gave no welcome');
  ok(bob.join(bulk.welcome, NOW_MS), 'join');
  ok(carol.join(bulk.welcome, NOW_MS), 'join');
  const newcomerKeyPackage = newcomer.keyPackage(NOW_MS).bytes;
  const newcomerState = newcomer.exportState();
  newcomer.release();
  return {
    members,
    engine,
    alice,
    bob,
    bobState: bob.exportState(),
    carol,
    newcomer: newcomer.address,
    newcomerKeyPackage,
    newcomerState,
    removed: address(members - 1),
  };
}

function mlsWorldFor(members: number): MlsWorld {
  let w = mlsWorlds.get(members);
  if (w === undefined) {
    w = buildMlsWorld(members);
    mlsWorlds.set(members, w);
  }
  return w;
}

/** Times `op` alone; `after` (untimed) puts the state back. */
function timedOnly(op: () => void, after: () => void): { overriddenDuration: number } {
  const t0 = performance.now();
  try {
    op();
    return { overriddenDuration: performance.now() - t0 };
  } finally {
    after();
  }
}

function mlsAdd(w: MlsWorld) {
  return ok(w.alice.add(MLS_ROOM, [{ peer: w.newcomer, keyPackage: w.newcomerKeyPackage }], NOW_MS), 'add');
}

type Commit = 'add' | 'remove' | 'update';

/** A commit by alice, then forgotten by her (it stays valid for a clone of bob at the same epoch). */
function mlsCommit(w: MlsWorld, kind: Commit): { readonly commit: Uint8Array; readonly welcome?: Uint8Array } {
  const made = kind === 'add' ? mlsAdd(w) : kind === 'remove' ? ok(w.alice.remove(MLS_ROOM, [w.removed], NOW_MS), 'remove') : ok(w.alice.update(MLS_ROOM, NOW_MS), 'update');
  w.alice.discardPending(MLS_ROOM);
  const n = w.members;
  const note = kind === 'add' ? 'an add-only commit (no update path)' : `a commit with an update path, cold tree (the path encrypted to ~${n - 1} leaves)`;
  record(`${kind}.commit`, n, 'mls-ts', `MLS: ${kind} commit`, made.commit.length, `${note}; the server relays the same bytes to the ${n - 1} other members`);
  if (kind === 'add' && made.welcome !== undefined) {
    record('add.welcome', n, 'mls-ts', 'MLS: welcome to the newcomer', made.welcome.length, 'the welcome for one newcomer, with the whole ratchet tree inline');
    record('add.upload', n, 'mls-ts', 'MLS: add, the committer sends', made.commit.length + made.welcome.length, 'commit + welcome, each sent once to the server');
    record('add.total', n, 'mls-ts', 'MLS: add, every byte delivered', (n - 1) * made.commit.length + made.welcome.length, `the commit to the ${n - 1} other members + the welcome to the newcomer`);
  } else if (kind !== 'add') {
    record(`${kind}.upload`, n, 'mls-ts', `MLS: ${kind}, the committer sends`, made.commit.length, 'the commit, sent once to the server');
    const to = kind === 'remove' ? `the ${n - 1} other members (the removed one included, so it learns it is out)` : `the ${n - 1} other members`;
    record(`${kind}.total`, n, 'mls-ts', `MLS: ${kind}, every byte delivered`, (n - 1) * made.commit.length, `the commit to ${to}`);
  }
  return made;
}

function mlsCase(op: string, members: number, unit: string, heavy: boolean, make: (w: MlsWorld) => BenchFn): BenchCase {
  const fullOp = `${DESIGN_OP_PREFIX}${op}`;
  return {
    id: caseId('group', fullOp, { members }, 'mls-ts'),
    suite: 'group',
    op: fullOp,
    impl: 'mls-ts',
    params: { members },
    unit: `${unit} (ts-mls through the worker bridge, cold tree)`,
    heavy,
    prepare: () => make(mlsWorldFor(members)),
  };
}

/** A clone of a member imported from `state`, released after `op` has been timed on it. */
function onClone(w: MlsWorld, state: Uint8Array, op: (clone: MlsDevice) => void): { overriddenDuration: number } {
  const clone = w.engine.importDevice(state, CLONE_SEED);
  return timedOnly(
    () => op(clone),
    () => clone.release(),
  );
}

export function mlsCases(members: number): BenchCase[] {
  const heavy = members >= 100;
  const processCase = (kind: Commit, unit: string) =>
    mlsCase(`${kind}-process`, members, unit, heavy, (w) => {
      const { commit } = mlsCommit(w, kind);
      return () => onClone(w, w.bobState, (clone) => ok(clone.processCommit(MLS_ROOM, commit, NOW_MS), 'processCommit'));
    });
  const commitCase = (kind: Commit, unit: string) =>
    mlsCase(
      kind,
      members,
      unit,
      heavy,
      (w) => () =>
        timedOnly(
          () => {
            const made = kind === 'add' ? mlsAdd(w) : kind === 'remove' ? ok(w.alice.remove(MLS_ROOM, [w.removed], NOW_MS), 'remove') : ok(w.alice.update(MLS_ROOM, NOW_MS), 'update');
            if (made.commit.length === 0) throw new Error('group designs: empty commit');
          },
          () => w.alice.discardPending(MLS_ROOM),
        ),
    );
  return [
    mlsCase('send', members, 'application message sent, 64 B', false, (w) => {
      record(
        'message',
        members,
        'mls-ts',
        'MLS: application message, 64 B plaintext',
        ok(w.alice.send(MLS_ROOM, plaintext), 'send').message.length,
        'one PrivateMessage; the server relays the same bytes to every member',
      );
      return () => ok(w.alice.send(MLS_ROOM, plaintext), 'send');
    }),
    mlsCase('receive', members, 'application message received by one member (the next message from its sender, sent untimed just before)', false, (w) => () => {
      const message = ok(w.carol.send(MLS_ROOM, plaintext), 'send').message;
      return timedOnly(
        () => {
          if (ok(w.bob.receive(MLS_ROOM, message), 'receive').plaintext.length !== SMALL_MESSAGE_BYTES) throw new Error('group designs: wrong plaintext');
        },
        () => undefined,
      );
    }),
    commitCase('add', 'add one member: the commit and its welcome (then discarded, untimed)'),
    processCase('add', 'one existing member processes the add commit (on a clone of its state, imported untimed)'),
    mlsCase('join', members, 'the newcomer joins from the welcome: the whole tree checked (on a clone of its state, imported untimed)', heavy, (w) => {
      const { welcome } = mlsCommit(w, 'add');
      if (welcome === undefined) throw new Error('group designs: add gave no welcome');
      return () => onClone(w, w.newcomerState, (clone) => ok(clone.join(welcome, NOW_MS), 'join'));
    }),
    commitCase('remove', 'remove one member: the commit with a fresh path (then discarded, untimed)'),
    processCase('remove', 'one remaining member processes the removal commit (on a clone of its state, imported untimed)'),
    commitCase('update', 'self-update: an empty commit with a fresh path (then discarded, untimed)'),
    processCase('update', 'one member processes the self-update commit (on a clone of its state, imported untimed)'),
  ];
}

/** Stops the MLS workers and frees the rooms. */
export function releaseMlsRooms(): void {
  for (const w of mlsWorlds.values()) w.engine.close();
  mlsWorlds.clear();
}
