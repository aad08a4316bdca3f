// The phone's device store as sealed rows: a live DeviceState written to a SQLite file loads
// back byte for byte; a corrupt, truncated or wrongly keyed file fails whole with a typed error naming
// the file; a seizure reads the raw files and the forensic reader recovers the same state.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { equalBytes } from '../../protocol/bytes.ts';
import { nativeProvider } from '../../protocol/crypto/native.ts';
import { serializeDevice, type DeviceState } from '../../protocol/device/index.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { applyAction } from '../world/apply.ts';
import type { Action } from '../world/vocabulary.ts';
import { World } from '../world/world.ts';
import { recoverDevice, recoveredBytes } from './deviceSeizure.ts';
import { deviceRows, SAVES_ROW, STATE_ROW } from './deviceRows.ts';
import { DEVICE_ROW_DOMAIN, sealRecord } from './sealedRecord.ts';
import { DeviceStore, loadDeviceFile, loadDeviceState } from './deviceStore.ts';
import { MemoryEngine } from './memoryEngine.ts';
import { packSeizure } from './rawSeizure.ts';
import { SQLITE_HARDENED } from './sqliteConfig.ts';
import { SqliteEngine } from './sqliteEngine.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealroom-device-store-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bob's live state holding an unviewed message, a viewed timed message and a timed sender copy. */
function bobState(): DeviceState {
  const world = new World({
    seed: 5,
    variant: 'reference',
    serverMode: 'honest',
    warrantPolicy: 'refuse-content',
    parties: ['alice', 'bob'],
    rooms: [{ id: 'ab', kind: 'direct', members: ['alice', 'bob'] }],
  });
  const timeline: Action[] = [
    { at: 1000, do: 'send', from: 'alice', room: 'ab', label: 'unread' },
    { at: 2000, do: 'send', from: 'alice', room: 'ab', label: 'timed', evaporation: { timerMs: 600_000 } },
    { at: 3000, do: 'send', from: 'bob', room: 'ab', label: 'mine', evaporation: { timerMs: 600_000 } },
    { at: 5000, do: 'view', user: 'bob', label: 'timed' },
  ];
  for (const a of timeline) world.engine.schedule(a.at, 'action', {}, () => applyAction(world, a));
  world.runUntil(10_000);
  const state = world.device('bob').snapshot() as DeviceState;
  world.close();
  return state;
}

const state = bobState();
const storageKey = createDrbg('device-store-test').bytes(32);

let fileNo = 0;
function savedFile(): string {
  const path = join(dir, `bob-${fileNo++}.db`);
  const engine = SqliteEngine.create(path, SQLITE_HARDENED);
  new DeviceStore(engine, nativeProvider, storageKey, createDrbg('nonces')).save(state, 1);
  engine.close();
  return path;
}

describe('device store rows', () => {
  test('one row per inbox message and sender copy, one for the rest', () => {
    expect(state.inbox.length).toBe(2);
    expect(state.sent.length).toBe(1);
    const labels = [...deviceRows(state).keys()];
    expect(labels[0]).toBe(STATE_ROW);
    expect(labels.filter((l) => l.startsWith('inbox/'))).toHaveLength(2);
    expect(labels.filter((l) => l.startsWith('sent/'))).toHaveLength(1);
  });

  test('a saved store loads back byte for byte (memory and SQLite file)', () => {
    const memory = new MemoryEngine();
    new DeviceStore(memory, nativeProvider, storageKey, createDrbg('nonces')).save(state, 1);
    expect(equalBytes(serializeDevice(loadDeviceState(memory, nativeProvider, storageKey)), serializeDevice(state))).toBe(true);
    const loaded = loadDeviceFile(savedFile(), SQLITE_HARDENED, nativeProvider, storageKey);
    expect(equalBytes(serializeDevice(loaded), serializeDevice(state))).toBe(true);
  });

  test('saving again writes only the rows that changed (and the save count, which changes every time)', () => {
    const engine = new MemoryEngine();
    const store = new DeviceStore(engine, nativeProvider, storageKey, createDrbg('nonces'));
    store.save(state, 1);
    const before = new Map(engine.list());
    store.save({ ...state, inbox: state.inbox.slice(1) }, 2);
    const after = new Map(engine.list());
    expect(after.size).toBe(before.size - 1);
    for (const [label, value] of after) expect(equalBytes(value, before.get(label) as Uint8Array), label).toBe(label !== SAVES_ROW);
  });

  test('the forensic reader recovers every live row from a packed seizure of the raw files', () => {
    const engine = SqliteEngine.load(savedFile(), SQLITE_HARDENED, { readOnly: true });
    const recovered = recoverDevice(nativeProvider, packSeizure(engine.rawFiles()), storageKey);
    engine.close();
    expect(recovered.states).toHaveLength(1);
    expect(recovered.inbox.map((e) => e.messageId)).toEqual(state.inbox.map((e) => e.messageId));
    expect(recovered.sent.map((e) => e.messageId)).toEqual(state.sent.map((e) => e.messageId));
    const body = state.inbox[0]?.body as Uint8Array;
    expect(Buffer.from(recoveredBytes(recovered)).includes(Buffer.from(body))).toBe(true);
    expect(recoverDevice(nativeProvider, packSeizure([]), storageKey).rows).toEqual([]);
  });
});

describe('a copy written back onto the medium, and the restart after it', () => {
  test('the image is the live rows as sealed, the save count among them; written back, the store reads it again', () => {
    const engine = new MemoryEngine();
    const store = new DeviceStore(engine, nativeProvider, storageKey, createDrbg('nonces'));
    store.save(state, 3);
    const image = store.image();
    expect(image.map((r) => r.label)).toContain(SAVES_ROW);
    store.save({ ...state, inbox: [] }, 4);
    store.writeImage(image);
    expect(engine.list().map(([l]) => l)).toEqual(image.map((r) => r.label));
    const copy = store.reopen();
    expect(copy.saves).toBe(3);
    expect(equalBytes(serializeDevice(copy.device), serializeDevice(state))).toBe(true);
  });

  test("after a restart the store deletes what it finds on the medium and the new state lacks: the copy's message rows go at the next save", () => {
    const engine = new MemoryEngine();
    const store = new DeviceStore(engine, nativeProvider, storageKey, createDrbg('nonces'));
    store.save(state, 1);
    const image = store.image();
    store.save({ ...state, inbox: [] }, 2); // the messages were viewed: their rows are deleted
    store.writeImage(image); // the copy brings them back onto the medium
    store.reopen();
    store.save({ ...state, inbox: [], sent: [] }, 3); // the phone started over with no messages
    expect(engine.list().map(([l]) => l)).toEqual([STATE_ROW, SAVES_ROW]);
  });

  test('a save-count row that is not 8 bytes: STORE_CORRUPT naming the row', () => {
    const engine = new MemoryEngine();
    const store = new DeviceStore(engine, nativeProvider, storageKey, createDrbg('nonces'));
    store.save(state, 1);
    const sealKey = { provider: nativeProvider, key: storageKey, domain: DEVICE_ROW_DOMAIN };
    engine.put(SAVES_ROW, sealRecord(sealKey, createDrbg('forged'), SAVES_ROW, 9, new Uint8Array(3)));
    expect(() => store.reopen()).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT', message: expect.stringContaining('device row saves does not decode') }));
  });
});

describe('loading a device file (bad input)', () => {
  test('truncated: STORE_CORRUPT naming the file, no state', () => {
    const path = savedFile();
    truncateSync(path, readFileSync(path).length - 4096);
    expect(() => loadDeviceFile(path, SQLITE_HARDENED, nativeProvider, storageKey)).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT', file: path }));
  });

  test('a sound file under the wrong key: STORE_BAD_KEY naming the file', () => {
    const path = savedFile();
    expect(() => loadDeviceFile(path, SQLITE_HARDENED, nativeProvider, new Uint8Array(32))).toThrow(expect.objectContaining({ code: 'STORE_BAD_KEY', file: path }));
  });

  test('a row swapped for another record: STORE_CORRUPT naming the file, the file unchanged', () => {
    const path = savedFile();
    const other = join(dir, 'other.db');
    copyFileSync(path, other);
    const e = SqliteEngine.load(other, SQLITE_HARDENED);
    const inbox = e.list().find(([l]) => l.startsWith('inbox/'));
    e.put(STATE_ROW, inbox?.[1] as Uint8Array);
    e.close();
    const bytes = readFileSync(other);
    expect(() => loadDeviceFile(other, SQLITE_HARDENED, nativeProvider, storageKey)).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT', file: other }));
    expect(readFileSync(other).equals(bytes)).toBe(true);
  });
});
