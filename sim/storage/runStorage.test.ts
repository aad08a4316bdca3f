// The run directory of a world on SQLite: one file per owner, everything removed on close,
// and directories of processes killed before their exit hook are swept by the next process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { RunStorage, sweepOrphans } from './runStorage.ts';
import { SQLITE_NAIVE } from './sqliteConfig.ts';

describe('run storage', () => {
  test('sqlite: one database file per owner in a run directory, all removed on close', () => {
    const run = new RunStorage({ engine: 'sqlite', sqlite: SQLITE_NAIVE });
    run.open('server').put('a', new Uint8Array([1]));
    run.open('phone:al/ice').put('b', new Uint8Array([2]));
    const dir = run.directory as string;
    expect(readdirSync(dir).sort()).toEqual(['1-server.db', '2-phone_al_ice.db']);
    expect(() => run.open('server')).toThrow(TypeError);
    run.close();
    run.close();
    expect(existsSync(dir)).toBe(false);
    expect(() => run.open('later')).toThrow(TypeError);
  });

  test('memory: no directory at all', () => {
    const run = new RunStorage({ engine: 'memory' });
    expect(run.open('server').kind).toBe('memory');
    expect(run.directory).toBeUndefined();
    run.close();
  });

  test("a dead process's run directory is swept; a live one's is kept", () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    const orphan = join(tmpdir(), `sealroom-run-${dead}-test`);
    const mine = join(tmpdir(), `sealroom-run-${process.pid}-test`);
    mkdirSync(orphan, { recursive: true });
    mkdirSync(mine, { recursive: true });
    sweepOrphans();
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(mine)).toBe(true);
    const run = new RunStorage({ engine: 'sqlite' });
    run.open('x');
    run.close();
    expect(existsSync(mine)).toBe(true);
    rmSync(mine, { recursive: true, force: true });
  });
});
