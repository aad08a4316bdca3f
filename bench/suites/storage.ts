// Storage benchmarks, the cost of each deletion measure on SQLite: `device-step.<config>` is one
// message on a phone store (insert row + rewrite state, then delete row + rewrite state; sealed before
// timing), `world.<engine>` a whole world run with views on memory and on SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nativeProvider } from '../../protocol/crypto/native.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { applyAction } from '../../sim/world/apply.ts';
import type { Action } from '../../sim/world/vocabulary.ts';
import { World, type WorldRoom } from '../../sim/world/world.ts';
import type { StorageEngine } from '../../sim/storage/engine.ts';
import { MemoryEngine } from '../../sim/storage/memoryEngine.ts';
import { DEVICE_ROW_DOMAIN, sealRecord } from '../../sim/storage/sealedRecord.ts';
import { SQLITE_CONFIGS, SQLITE_HARDENED, SQLITE_NAIVE, type SqliteConfig } from '../../sim/storage/sqliteConfig.ts';
import { SqliteEngine } from '../../sim/storage/sqliteEngine.ts';
import type { StorageOptions } from '../../sim/storage/runStorage.ts';
import { caseId } from '../harness/ids.ts';
import type { BenchCase } from '../harness/types.ts';

/** A phone's state row with a few sessions (about two frames) and one message row. */
export const STATE_ROW_BYTES = 6_000;
export const MESSAGE_ROW_BYTES = 700;
/** Live inbox rows kept around the measured one, so pages are shared as on a real phone. */
const RESIDENT_ROWS = 50;
const WORLD_PARTIES = 4;
const WORLD_MESSAGES = 40;

/** Media the device-step cases opened: closed and removed once, when the process exits. */
const opened: { engine: StorageEngine; dir: string }[] = [];
let exitHook = false;

function keep(engine: StorageEngine, dir: string): void {
  opened.push({ engine, dir });
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const o of opened) {
      o.engine.close();
      rmSync(o.dir, { recursive: true, force: true });
    }
  });
}

/** Pre-sealed values: a pool of state rows to rotate through, and one message row. */
function sealedValues(): { states: Uint8Array[]; message: Uint8Array } {
  const rng = createDrbg('bench/storage/values');
  const k = { provider: nativeProvider, key: rng.bytes(32), domain: DEVICE_ROW_DOMAIN };
  const states = Array.from({ length: 8 }, (_, i) => sealRecord(k, rng, 'state', i, rng.bytes(STATE_ROW_BYTES)));
  return { states, message: sealRecord(k, rng, 'inbox/bench', 0, rng.bytes(MESSAGE_ROW_BYTES)) };
}

function deviceStepCase(name: string, open: (dir: string) => StorageEngine): BenchCase {
  const op = `device-step.${name}`;
  return {
    id: caseId('storage', op, {}, 'sealroom-native'),
    suite: 'storage',
    op,
    impl: 'sealroom-native',
    params: {},
    unit: 'one message on a phone store: insert row + rewrite state, then delete row + rewrite state (2 transactions)',
    prepare: () => {
      const dir = mkdtempSync(join(tmpdir(), 'sealroom-bench-'));
      const engine = open(dir);
      const { states, message } = sealedValues();
      for (let i = 0; i < RESIDENT_ROWS; i++) engine.put(`inbox/resident-${i}`, message);
      let n = 0;
      keep(engine, dir);
      return () => {
        engine.transaction(() => {
          engine.put('inbox/bench', message);
          engine.put('state', states[n++ % states.length] as Uint8Array);
        });
        engine.transaction(() => {
          engine.delete('inbox/bench');
          engine.put('state', states[n++ % states.length] as Uint8Array);
        });
      };
    },
  };
}

function worldWorkload(): { parties: string[]; rooms: WorldRoom[]; actions: Action[] } {
  const parties = Array.from({ length: WORLD_PARTIES }, (_, i) => `u${i}`);
  const rooms: WorldRoom[] = parties.map((p, i) => ({ id: `r${i}`, kind: 'direct', members: [p, parties[(i + 1) % WORLD_PARTIES] as string] }));
  const actions: Action[] = [];
  for (let i = 0; i < WORLD_MESSAGES; i++) {
    const room = rooms[i % rooms.length] as WorldRoom;
    const [from, to] = i % 2 === 0 ? room.members : [...room.members].reverse();
    actions.push({ at: 1_000 + i * 500, do: 'send', from: from as string, room: room.id, label: `m${i}`, bytes: 64 });
    actions.push({ at: 60_000 + i * 500, do: 'view', user: to as string, label: `m${i}` });
  }
  return { parties, rooms, actions };
}

function worldCase(name: string, storage: StorageOptions): BenchCase {
  const op = `world.${name}`;
  return {
    id: caseId('storage', op, { members: WORLD_PARTIES }, 'sealroom-native'),
    suite: 'storage',
    op,
    impl: 'sealroom-native',
    params: { members: WORLD_PARTIES },
    unit: `world run: ${WORLD_MESSAGES} view-once messages sent, delivered and viewed (world construction not timed)`,
    heavy: true,
    items: { perOp: WORLD_MESSAGES, unit: 'simulated messages' },
    prepare: () => {
      let seed = 1;
      return () => {
        const { parties, rooms, actions } = worldWorkload();
        const world = new World({ seed: seed++, variant: 'reference', serverMode: 'honest', warrantPolicy: 'refuse-content', parties, rooms, storage });
        const started = performance.now();
        for (const a of actions) world.engine.schedule(a.at, `action:${a.do}`, {}, () => applyAction(world, a));
        world.runUntil(200_000);
        const ms = performance.now() - started;
        const accepted = world.log.of('message-accepted').length;
        world.close();
        if (accepted !== WORLD_MESSAGES) throw new Error(`storage world: ${accepted} of ${WORLD_MESSAGES} messages accepted`);
        return { overriddenDuration: ms };
      };
    },
  };
}

export function storageCases(): BenchCase[] {
  const sqlite = (c: SqliteConfig) => (dir: string) => SqliteEngine.create(join(dir, `${c.name}.db`), c);
  return [
    deviceStepCase('memory', () => new MemoryEngine()),
    ...SQLITE_CONFIGS.map((c) => deviceStepCase(c.name, sqlite(c))),
    worldCase('memory', { engine: 'memory' }),
    worldCase(SQLITE_NAIVE.name, { engine: 'sqlite', sqlite: SQLITE_NAIVE }),
    worldCase(SQLITE_HARDENED.name, { engine: 'sqlite', sqlite: SQLITE_HARDENED }),
  ];
}
