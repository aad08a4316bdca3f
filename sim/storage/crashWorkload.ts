// The workload of the crash-injection tests (crash.test.ts runs it in a child process, crashChild.ts,
// and kills it): a store written with sealed records (and a few raw ones) whose bytes are known to
// both processes, then deleted, replaced and deleted in transactions, with a named point where the
// child kills itself with SIGKILL. Everything is derived from the seed, so the parent rebuilds the
// exact bytes of every record version to search the files for.
import { createDrbg } from '../../protocol/random/drbg.ts';
import { nativeProvider } from '../../protocol/crypto/native.ts';
import { utf8 } from '../../protocol/bytes.ts';
import { splitFrames, FRAME_NONCE_BYTES, FRAME_TAG_BYTES } from './frame.ts';
import { CHUNK_DATA_BYTES, DEVICE_ROW_DOMAIN, sealRecord, type SealKey } from './sealedRecord.ts';

/**
 * Where the child kills itself (each is one test per configuration; the ones that name a WAL step
 * run only in WAL mode):
 * - `before-commit`: inside the delete's transaction (two rows: one new since the last checkpoint), after its statements, before COMMIT;
 * - `spilled`: like before-commit, in a transaction big enough (with a 2-page cache) that SQLite
 *   has already written pages to the files: for a rollback journal secure_delete's zeroed page is
 *   in the database file and the old page in the -journal; that page also held a row whose delete
 *   was acknowledged just before;
 * - `committed`: after the delete's COMMIT, before its checkpoint or erase check (the finding);
 * - `mid-checkpoint` (WAL): the checkpoint has copied the log into the database but not yet
 *   truncated it (a second connection runs wal_checkpoint(PASSIVE), which stops exactly there);
 * - `busy-retry`: a reader holds a read transaction; the COMMIT (rollback journal) or the
 *   checkpoint (WAL) found it busy and is about to be retried;
 * - `busy-failed`: the same reader outlasts the busy limit, the delete throws StorageError, then the kill;
 * - `acked`: right after the delete returned and was acknowledged;
 * - `replace-committed` / `replace-acked`: the same two points for a put that replaces a record;
 * - `txn-committed`: after the COMMIT of a transaction deleting two rows and replacing a third;
 * - `none`: no kill point; the parent kills the child at a random instant of a long run.
 */
export const KILL_POINTS = ['before-commit', 'spilled', 'committed', 'mid-checkpoint', 'busy-retry', 'busy-failed', 'acked', 'replace-committed', 'replace-acked', 'txn-committed'] as const;
export type KillPoint = (typeof KILL_POINTS)[number] | 'none';

export interface CrashScenario {
  /** The store's directory (holds only the store's files). */
  readonly dir: string;
  /** A name from SQLITE_CONFIGS. */
  readonly config: string;
  readonly seed: string;
  readonly kill: KillPoint;
  /** Extra steps of put / delete / replace after the plan (for kills at random instants). */
  readonly extraSteps?: number;
}

type Op = { readonly put: string; readonly version: Version } | { readonly del: string };
export interface Version {
  readonly label: string;
  /** Unique per version in the workload. */
  readonly seq: number;
  readonly value: Uint8Array;
}
export interface Step {
  readonly ops: readonly Op[];
  /** The kill point aimed at this step, if any. */
  readonly target?: 'delete' | 'spill' | 'replace' | 'txn';
}

export const STORE_FILE = 'store.db';
/** Records written first; every later step deletes or replaces some of them. */
const RECORDS = 24;
/** Labels of records stored as raw bytes (not framed): the engine must erase those too. */
const RAW = new Set([2, 17]);
/** Filler rows of the spill step, each near a page: with cache_size=2 they push dirty pages out. */
const FILLERS = 30;

export function workloadKey(seed: string): SealKey {
  return { provider: nativeProvider, key: createDrbg(`crash-key/${seed}`).bytes(32), domain: DEVICE_ROW_DOMAIN };
}

/** The steps of the workload, identical in the child and the parent for the same seed. */
export function workloadPlan(seed: string, extraSteps = 0): Step[] {
  const rng = createDrbg(`crash-plan/${seed}`);
  const key = workloadKey(seed);
  let seq = 0;
  const version = (label: string, bytes: number, raw = false): Version => {
    const n = seq++;
    const value = raw ? utf8(`RAWMARK/${label}/${n}/${Buffer.from(rng.bytes(bytes)).toString('hex')}`) : sealRecord(key, rng, label, n, rng.bytes(bytes));
    return { label, seq: n, value };
  };
  const put = (label: string, bytes: number, raw = false): Op => ({ put: label, version: version(label, bytes, raw) });
  const r = (i: number) => `inbox/r${i}`;
  const steps: Step[] = [];
  // Sizes: mostly one frame (a few rows per page), every fifth two frames (two rows).
  for (let i = 0; i < RECORDS; i++) steps.push({ ops: [put(r(i), i % 5 === 4 ? CHUNK_DATA_BYTES + 300 : 400 + 37 * i, RAW.has(i))] });
  steps.push({ ops: [{ del: r(3) }] });
  steps.push({ ops: [put(r(5), 700)], target: 'replace' });
  steps.push({ ops: [{ del: r(6) }, { del: r(7) }, put(r(8), 500)], target: 'txn' });
  steps.push({ ops: [{ del: r(9) }] });
  steps.push({ ops: [{ del: r(2) }] });
  // A row written since the last checkpoint (in WAL mode its frames are in the -wal) and an older
  // one (already checkpointed into the database file), deleted together.
  steps.push({ ops: [put('inbox/fresh', 600)] });
  steps.push({ ops: [{ del: r(12) }, { del: 'inbox/fresh' }], target: 'delete' });
  // r13 shares a page with r12, acknowledged as deleted just before.
  steps.push({ ops: [{ del: r(13) }, ...Array.from({ length: FILLERS }, (_, i) => put(`filler/${i}`, 3_000))], target: 'spill' });
  steps.push({ ops: [{ del: r(14) }] });
  for (let i = 0; i < extraSteps; i++) {
    const kind = i % 3;
    const label = `extra/${i % 7}`;
    if (kind === 0) steps.push({ ops: [put(label, 300 + (i % 11) * 90)] });
    else if (kind === 1) steps.push({ ops: [{ del: label }, put(r(15 + (i % 5)), 600)] });
    else steps.push({ ops: [{ del: `extra/${(i + 3) % 7}` }] });
  }
  return steps;
}

/** The step a kill point aims at (the parent and the child agree on it). */
export function targetStep(plan: readonly Step[], kill: KillPoint): number {
  const want = kill === 'spilled' ? 'spill' : kill.startsWith('replace') ? 'replace' : kill === 'txn-committed' ? 'txn' : 'delete';
  return plan.findIndex((s) => s.target === want);
}

/**
 * Byte strings that identify a version anywhere in raw files: for a sealed record each frame's
 * nonce and its authentication tag (random, 24 and 16 bytes); for a raw value its first and last
 * 32 bytes. Finding any one of them means (part of) the version is still on the medium.
 */
export function markers(v: Version): Uint8Array[] {
  const frames = splitFrames(v.value);
  if (frames === undefined) return [v.value.subarray(0, 32), v.value.subarray(v.value.length - 32)];
  return frames.flatMap((f) => [f.frame.nonce.subarray(0, FRAME_NONCE_BYTES), f.bytes.subarray(f.bytes.length - FRAME_TAG_BYTES)]);
}
