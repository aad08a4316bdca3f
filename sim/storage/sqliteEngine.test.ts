// The two storage engines behind one interface: the SQLite engine behaves like the memory
// engine on every sequence of puts and deletes, keeps whole frames in rows, and refuses a corrupt or
// truncated database with a typed error naming the file, leaving nothing half-loaded.
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { nobleProvider } from '../../protocol/crypto/noble.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { MemoryEngine } from './memoryEngine.ts';
import { CHUNK_DATA_BYTES, DEVICE_ROW_DOMAIN, sealRecord } from './sealedRecord.ts';
import { SQLITE_HARDENED, SQLITE_HARDENED_WAL, SQLITE_NAIVE } from './sqliteConfig.ts';
import { SqliteEngine } from './sqliteEngine.ts';
import { isStorageFileError } from './storageError.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealroom-engine-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
const freshPath = (): string => join(dir, `t${fileNo++}.db`);
const rng = createDrbg('engine-test');
const key = { provider: nobleProvider, key: rng.bytes(32), domain: DEVICE_ROW_DOMAIN };

type Op = { put: string; size: number } | { del: string };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ put: fc.constantFrom('a', 'b', 'c', 'd'), size: fc.integer({ min: 0, max: 2 * CHUNK_DATA_BYTES }) }),
  fc.record({ del: fc.constantFrom('a', 'b', 'c', 'd') }),
);

describe('storage engines', () => {
  test.prop([fc.array(opArb, { maxLength: 25 }), fc.boolean()], { numRuns: 25 })('sqlite behaves as memory: get, delete and list in first-insertion order', (ops, hardened) => {
    const memory = new MemoryEngine();
    const sqlite = SqliteEngine.create(freshPath(), hardened ? SQLITE_HARDENED : SQLITE_NAIVE);
    let seq = 0;
    for (const op of ops) {
      if ('del' in op) expect(sqlite.delete(op.del)).toBe(memory.delete(op.del));
      else {
        const value = sealRecord(key, rng, op.put, seq++, rng.bytes(op.size));
        memory.put(op.put, value);
        sqlite.put(op.put, value);
      }
    }
    expect(sqlite.list()).toEqual(memory.list());
    for (const l of ['a', 'b', 'c', 'd']) expect(sqlite.get(l)).toEqual(memory.get(l));
    sqlite.close();
  });

  test('a transaction that throws leaves both engines as they were', () => {
    for (const e of [new MemoryEngine(), SqliteEngine.create(freshPath(), SQLITE_HARDENED)]) {
      e.put('keep', new Uint8Array([1]));
      expect(() =>
        e.transaction(() => {
          e.delete('keep');
          e.put('new', new Uint8Array([2]));
          throw new Error('power cut');
        }),
      ).toThrow('power cut');
      expect(e.list()).toEqual([['keep', new Uint8Array([1])]]);
      e.close();
    }
  });

  test('rawFiles: the database and its side files, byte for byte as on disk (hardened: an empty -journal; WAL: the -wal)', () => {
    for (const config of [SQLITE_HARDENED, SQLITE_HARDENED_WAL]) {
      const path = freshPath();
      const name = path.split('/').at(-1) as string;
      const e = SqliteEngine.create(path, config);
      e.put('a', new Uint8Array(10));
      const files = e.rawFiles();
      expect(files.map((f) => f.label)).toEqual([name, `${name}${config.journalMode === 'wal' ? '-wal' : '-journal'}`]);
      expect(files[0]?.bytes).toEqual(new Uint8Array(readFileSync(path)));
      if (config.journalMode !== 'wal') expect(files[1]?.bytes.length).toBe(0);
      e.close();
    }
  });
});

describe('loading a database file (bad input)', () => {
  function storedFile(): string {
    const path = freshPath();
    const e = SqliteEngine.create(path, SQLITE_NAIVE);
    for (let i = 0; i < 40; i++) e.put(`row/${i}`, sealRecord(key, rng, `row/${i}`, i, rng.bytes(900)));
    e.close();
    return path;
  }

  const corruptions: [string, (path: string) => void][] = [
    ['truncated to half', (p) => truncateSync(p, Math.floor(readFileSync(p).length / 2))],
    ['truncated mid-page', (p) => truncateSync(p, readFileSync(p).length - 1000)],
    ['header overwritten', (p) => writeFileSync(p, Buffer.concat([Buffer.alloc(100, 0x41), readFileSync(p).subarray(100)]))],
    ['a b-tree page overwritten', (p) => writeFileSync(p, Buffer.concat([readFileSync(p).subarray(0, 4096), Buffer.alloc(4096, 0xff), readFileSync(p).subarray(8192)]))],
    ['emptied', (p) => truncateSync(p, 0)],
    ['missing', (p) => rmSync(p)],
  ];

  test.each(corruptions)('%s: STORE_CORRUPT naming the file, the file left as it was, nothing opened', (_name, corrupt) => {
    const path = storedFile();
    corrupt(path);
    const before = readdirSync(dir).sort();
    const bytes = before.includes(path.split('/').at(-1) as string) ? readFileSync(path) : undefined;
    let caught: unknown;
    try {
      SqliteEngine.load(path, SQLITE_HARDENED, { readOnly: true }).close();
    } catch (e) {
      caught = e;
    }
    expect(isStorageFileError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'STORE_CORRUPT', file: path });
    expect(readdirSync(dir).sort()).toEqual(before);
    if (bytes !== undefined) expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  test('a WAL store loaded under the hardened configuration is switched to the rollback journal, its -wal gone', () => {
    const path = freshPath();
    const e = SqliteEngine.create(path, SQLITE_HARDENED_WAL);
    e.put('a', sealRecord(key, rng, 'a', 1, rng.bytes(300)));
    e.delete('a');
    e.put('b', sealRecord(key, rng, 'b', 2, rng.bytes(300)));
    e.close();
    const loaded = SqliteEngine.load(path, SQLITE_HARDENED);
    expect(loaded.list().map(([l]) => l)).toEqual(['b']);
    loaded.put('c', new Uint8Array([3]));
    expect(loaded.delete('c')).toBe(true);
    expect(loaded.rawFiles().map((f) => f.label.replace(/^.*\.db/, ''))).toEqual(['', '-journal']);
    loaded.close();
  });

  test('an intact file loads with every row', () => {
    const path = storedFile();
    const e = SqliteEngine.load(path, SQLITE_HARDENED);
    expect(e.list().map(([l]) => l)).toEqual(Array.from({ length: 40 }, (_, i) => `row/${i}`));
    e.close();
  });
});
