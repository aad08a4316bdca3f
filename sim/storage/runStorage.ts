// The storage media of one simulated world: memory, or one SQLite file per server and phone in
// a run directory under the OS temp dir, removed on close (or at exit; a killed process's directories are
// swept by the next process that makes one).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../protocol/errors.ts';
import type { StorageEngine, StorageKind } from './engine.ts';
import { MemoryEngine } from './memoryEngine.ts';
import { SQLITE_HARDENED, type SqliteConfig } from './sqliteConfig.ts';
import { SqliteEngine } from './sqliteEngine.ts';

export interface StorageOptions {
  readonly engine: StorageKind;
  /** The SQLite configuration (default SQLITE_HARDENED); ignored by the memory engine. */
  readonly sqlite?: SqliteConfig;
}

export const MEMORY_STORAGE: StorageOptions = { engine: 'memory' };

/** Run directories are named after the process that made them: `sealroom-run-<pid>-XXXXXX`. */
const RUN_DIR_PREFIX = 'sealroom-run-';
/** Run directories not yet removed: the exit hook removes them if a world was never closed. */
const openDirs = new Set<string>();
let exitHook = false;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes run directories left by processes that no longer exist (killed before their exit hook ran). */
export function sweepOrphans(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(/^sealroom-run-(\d+)-/.exec(name)?.[1]);
    if (Number.isSafeInteger(pid) && pid !== process.pid && !alive(pid)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function track(dir: string): void {
  openDirs.add(dir);
  if (exitHook) return;
  exitHook = true;
  sweepOrphans();
  process.once('exit', () => {
    for (const d of openDirs) rmSync(d, { recursive: true, force: true });
  });
}

export class RunStorage {
  readonly config: SqliteConfig;
  private dir: string | undefined;
  private readonly engines: StorageEngine[] = [];
  private readonly names = new Set<string>();
  private closed = false;

  constructor(readonly options: StorageOptions) {
    this.config = options.sqlite ?? SQLITE_HARDENED;
  }

  get kind(): StorageKind {
    return this.options.engine;
  }

  /** The run directory (sqlite only; made on first use). */
  get directory(): string | undefined {
    return this.dir;
  }

  /** A fresh medium for `owner` ('server', 'phone:alice', …); each owner gets its own. */
  open(owner: string): StorageEngine {
    if (this.closed) throw new UsageError('run storage: already closed');
    if (this.names.has(owner)) throw new UsageError(`run storage: ${owner} already has a medium`);
    this.names.add(owner);
    const engine = this.options.engine === 'memory' ? new MemoryEngine() : SqliteEngine.create(join(this.runDir(), fileName(owner, this.names.size)), this.config);
    this.engines.push(engine);
    return engine;
  }

  /** Closes every medium and removes the run directory. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const e of this.engines) e.close();
    if (this.dir !== undefined) {
      rmSync(this.dir, { recursive: true, force: true });
      openDirs.delete(this.dir);
    }
  }

  private runDir(): string {
    if (this.dir === undefined) {
      this.dir = mkdtempSync(join(tmpdir(), `${RUN_DIR_PREFIX}${process.pid}-`));
      track(this.dir);
    }
    return this.dir;
  }
}

/** A file name from an owner name: safe characters only, numbered so two owners never collide. */
function fileName(owner: string, n: number): string {
  return `${n}-${owner.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64)}.db`;
}
