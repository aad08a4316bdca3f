// Crash injection as a reusable run (sim/storage/README.md "What is tested"): each case starts a
// child process (crashChild.ts) that writes the workload of crashWorkload.ts and is killed with
// SIGKILL at a named point of a write (by itself) or at an instant after it is ready (by this
// process). Then every file of the store is searched, byte for byte and with the forensic reader,
// for every version whose delete or replacement was acknowledged; the store is reopened and must
// hold every acknowledged write, the interrupted step done or not, and no version that is not live.
// crash.test.ts asserts on each case; the reliability page shows the figures of a small budget.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { equalBytes } from '../../protocol/bytes.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { KILL_POINTS, markers, STORE_FILE, workloadKey, workloadPlan, type CrashScenario, type KillPoint, type Step, type Version } from './crashWorkload.ts';
import { recoverRecords } from './sealedRecord.ts';
import { SQLITE_HARDENED, SQLITE_HARDENED_WAL, sqliteConfigNamed, type SqliteConfig } from './sqliteConfig.ts';
import { SqliteEngine } from './sqliteEngine.ts';

/** Whether this module runs compiled (the installed package) or as TypeScript under tsx (a checkout). */
const COMPILED = import.meta.url.endsWith('.js');
const CHILD_SOURCE = new URL('./crashChild.ts', import.meta.url);
const CHILD = fileURLToPath(COMPILED ? new URL('./crashChild.js', import.meta.url) : CHILD_SOURCE);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** A child that neither dies nor ends within this is killed and reported (a hung write). */
const CHILD_TIMEOUT_MS = 60_000;

/** The node arguments that run crashChild.ts with `args`. */
export function crashChildArgs(args: readonly string[]): string[] {
  return COMPILED ? [CHILD, ...args] : ['--import', 'tsx', CHILD, ...args];
}

export interface ChildOutcome {
  readonly lines: readonly string[];
}

/**
 * Runs the child on `s`; with `killAfterMs` this process kills it that long after it printed
 * `ready`, else the child kills itself at `s.kill` (or runs to the end: judged as a missed kill
 * point). Rejects when it ends any other way (a crash of the child, or a hang past CHILD_TIMEOUT_MS).
 */
function runCrashChild(s: CrashScenario, killAfterMs?: number): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, crashChildArgs([JSON.stringify(s)]), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, CHILD_TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => {
      if (killAfterMs !== undefined && out === '' && d.toString().startsWith('ready')) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // A child that ran to the end of a named case is judged too: its kill point was never reached.
      const ranOut = killAfterMs === undefined && code === 0 && out.split('\n').includes('done');
      if (!hung && (signal === 'SIGKILL' || ranOut)) resolve({ lines: out.split('\n').filter((l) => l !== '') });
      else reject(new Error(`crash child for ${s.config}/${s.kill} ended with ${code ?? signal} instead of SIGKILL: ${err}`));
    });
  });
}

interface Acks {
  readonly acked: ReadonlySet<number>;
  /** The step begun but not acknowledged, if any. */
  readonly uncertain: number | undefined;
  readonly failed: readonly number[];
  /** The child ran to the end (a named kill point was never reached). */
  readonly done: boolean;
}

function readAcks(o: ChildOutcome): Acks {
  const acked = new Set<number>();
  const failed: number[] = [];
  let last: number | undefined;
  for (const l of o.lines) {
    const [what, n] = l.split(' ');
    if (what === 'begin') last = Number(n);
    else if (what === 'ack') acked.add(Number(n));
    else if (what === 'failed') failed.push(Number(n));
  }
  const uncertain = last !== undefined && !acked.has(last) ? last : undefined;
  return { acked, uncertain, failed, done: o.lines.includes('done') };
}

export type Live = Map<string, Version>;

/** Applies `step` to `live`, adding the versions it deletes or replaces to `dead`. */
export function applyStep(live: Live, step: Step, dead?: Set<Version>): void {
  for (const op of step.ops) {
    const label = 'del' in op ? op.del : op.put;
    const old = live.get(label);
    if (old !== undefined) dead?.add(old);
    if ('del' in op) live.delete(label);
    else live.set(label, op.version);
  }
}

export interface StoreFile {
  readonly name: string;
  readonly bytes: Buffer;
}

/** Every file in the store's directory, whatever SQLite named it. */
export function storeFiles(dir: string): StoreFile[] {
  return readdirSync(dir).map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
}

/** Where any part of a version is still in the files: marker bytes found, or the forensic reader opening it. */
export function traces(files: readonly StoreFile[], versions: Iterable<Version>, seed: string): string[] {
  const out: string[] = [];
  const found = recoverRecords(
    workloadKey(seed),
    files.map((f) => new Uint8Array(f.bytes)),
  );
  const opened = new Set([...found.records, ...found.fragments].map((r) => `${r.label}#${r.seq}`));
  for (const v of versions) {
    for (const f of files) if (markers(v).some((m) => f.bytes.includes(Buffer.from(m)))) out.push(`${v.label}#${v.seq} bytes in ${f.name}`);
    if (opened.has(`${v.label}#${v.seq}`)) out.push(`${v.label}#${v.seq} opened by the forensic reader`);
  }
  return out;
}

/** Labels whose live value in `engine` is not the one `live` holds (missing, changed, or extra). */
function differences(engine: SqliteEngine, live: Live): string[] {
  const got = new Map(engine.list());
  const out: string[] = [];
  for (const [label, v] of live) if (!equalBytes(got.get(label) ?? new Uint8Array(0), v.value) || !got.has(label)) out.push(label);
  for (const label of got.keys()) if (!live.has(label)) out.push(label);
  return out;
}

interface Judged {
  /** Acknowledged-deleted (or replaced) versions found in the files as the crash left them. */
  readonly seized: readonly string[];
  /** After reopening: the live rows are the acknowledged state, with the uncertain step done or not. */
  readonly recovered: 'before' | 'after' | 'neither';
  /** Acknowledged writes the reopened store does not hold as acknowledged (0 unless recovered is 'neither'). */
  readonly lost: readonly string[];
  /** After reopening (and after closing again): versions not live found anywhere in the files. */
  readonly zombies: readonly string[];
  readonly acks: Acks;
  readonly plan: readonly Step[];
  /** The files as the crash left them. */
  readonly crashFiles: readonly StoreFile[];
}

/** Checks a killed child's store against what it acknowledged. */
export function judgeCrash(s: CrashScenario, o: ChildOutcome): Judged {
  const config = sqliteConfigNamed(s.config) as SqliteConfig;
  const plan = workloadPlan(s.seed, s.extraSteps ?? 0);
  const acks = readAcks(o);
  const before: Live = new Map();
  const dead = new Set<Version>();
  const written: Version[] = [];
  plan.forEach((step, i) => {
    if (i > (acks.uncertain ?? Math.max(-1, ...acks.acked, ...acks.failed))) return;
    for (const op of step.ops) if ('put' in op) written.push(op.version);
    if (acks.acked.has(i)) applyStep(before, step, dead);
  });
  const crashFiles = storeFiles(s.dir);
  const seized = traces(crashFiles, dead, s.seed);
  const after = new Map(before);
  if (acks.uncertain !== undefined) applyStep(after, plan[acks.uncertain] as Step);
  const engine = SqliteEngine.load(join(s.dir, STORE_FILE), config);
  const missBefore = differences(engine, before);
  const recovered = missBefore.length === 0 ? 'before' : differences(engine, after).length === 0 ? 'after' : 'neither';
  const touched = new Set(acks.uncertain === undefined ? [] : (plan[acks.uncertain] as Step).ops.map((op) => ('del' in op ? op.del : op.put)));
  // Lost: an acknowledged row missing or changed (a row back from the dead is residue, counted in zombies).
  const lost = recovered === 'neither' ? missBefore.filter((label) => before.has(label) && !touched.has(label)) : [];
  const liveNow = recovered === 'after' ? after : before;
  const notLive = written.filter((v) => liveNow.get(v.label) !== v);
  const zombies = traces(storeFiles(s.dir), notLive, s.seed);
  engine.close();
  zombies.push(...traces(storeFiles(s.dir), notLive, s.seed).map((z) => `${z} (after close)`));
  return { seized, recovered, lost, zombies, acks, plan, crashFiles };
}

/** One crash to inject: a configuration and a named kill point, or `none` with a kill `killAfterMs` after start. */
export interface CrashCase {
  readonly config: string;
  readonly kill: KillPoint;
  readonly killAfterMs?: number;
  /** Extra steps after the plan (a long run for kills at random instants). */
  readonly extraSteps?: number;
}

/** The hardened designs (sim/storage/sqliteConfig.ts): the engine's guarantee holds in both. */
export const HARDENED_CONFIGS: readonly SqliteConfig[] = [SQLITE_HARDENED, SQLITE_HARDENED_WAL];

/** `mid-checkpoint` names a WAL step: it applies to WAL configurations only. */
function killPointApplies(point: KillPoint, c: SqliteConfig): boolean {
  return point !== 'mid-checkpoint' || c.journalMode === 'wal';
}

/** Every named kill point that applies, for each configuration. */
export function namedKillCases(configs: readonly SqliteConfig[] = HARDENED_CONFIGS): CrashCase[] {
  return configs.flatMap((c) => KILL_POINTS.filter((p) => killPointApplies(p, c)).map((kill): CrashCase => ({ config: c.name, kill })));
}

/** `trials` kills at seeded instants (20 to 275 ms after start) of a long run, for each configuration. */
export function randomKillCases(seed: string, trials: number, configs: readonly SqliteConfig[] = HARDENED_CONFIGS): CrashCase[] {
  const delays = createDrbg(`crash/delays/${seed}`);
  return configs.flatMap((c) => Array.from({ length: trials }, (): CrashCase => ({ config: c.name, kill: 'none', killAfterMs: 20 + (delays.bytes(1)[0] as number), extraSteps: 1_500 })));
}

export interface CrashResult {
  readonly case: CrashCase;
  readonly scenario: CrashScenario;
  /** What the child printed before it died (judgeCrash reads it again after the files are touched). */
  readonly outcome: ChildOutcome;
  readonly judged: Judged;
}

/** What a crash-injection run found (the reliability page's figures). */
export interface CrashFigures {
  /** Children killed (each at a named point or a seeded instant). */
  readonly kills: number;
  /** Distinct named kill points among them. */
  readonly killPointsTried: number;
  /** Files of the store searched as the crashes left them. */
  readonly filesSearched: number;
  /** Acknowledged deletes or replacements found in a file of the store after a crash. */
  readonly deletedBytesFound: number;
  /** Versions not live found in the files after recovery. */
  readonly residueAfterRecovery: number;
  /** Acknowledged writes missing or changed after reopening. */
  readonly acknowledgedLost: number;
  /** Named kills whose point was never reached (the child ran to the end). */
  readonly missedKillPoints: number;
  /** The first finding, for the report (empty when none). */
  readonly firstProblem: string;
}

export function crashFiguresOf(results: readonly CrashResult[]): CrashFigures {
  const problems: string[] = [];
  let files = 0;
  let seized = 0;
  let zombies = 0;
  let lost = 0;
  let missed = 0;
  for (const r of results) {
    const j = r.judged;
    const at = `${r.case.config}, ${r.case.kill === 'none' ? `killed ${r.case.killAfterMs} ms after start` : `killed at ${r.case.kill}`}`;
    files += j.crashFiles.length;
    seized += j.seized.length;
    zombies += j.zombies.length;
    lost += j.lost.length;
    if (r.case.kill !== 'none' && j.acks.done) missed++;
    if (j.seized.length > 0) problems.push(`${at}: ${j.seized[0]}`);
    if (j.zombies.length > 0) problems.push(`${at}: ${j.zombies[0]} after recovery`);
    if (j.lost.length > 0) problems.push(`${at}: acknowledged ${j.lost[0]} lost`);
    if (r.case.kill !== 'none' && j.acks.done) problems.push(`${at}: the kill point was never reached`);
  }
  return {
    kills: results.length,
    killPointsTried: new Set(results.filter((r) => r.case.kill !== 'none').map((r) => r.case.kill)).size,
    filesSearched: files,
    deletedBytesFound: seized,
    residueAfterRecovery: zombies,
    acknowledgedLost: lost,
    missedKillPoints: missed,
    firstProblem: problems[0] ?? '',
  };
}

/**
 * Injects every case, `concurrency` children at a time, each in a fresh directory under `dir` (a
 * temporary one, removed afterwards, when not given). Deterministic in what it judges for named
 * kill points; a kill at an instant lands where the machine's speed puts it.
 */
export async function runCrashInjection(o: { readonly seed: string; readonly cases: readonly CrashCase[]; readonly dir?: string; readonly concurrency?: number }): Promise<CrashResult[]> {
  const base = o.dir ?? mkdtempSync(join(tmpdir(), 'sealroom-crash-'));
  const results: CrashResult[] = new Array(o.cases.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < o.cases.length; i = next++) {
      const c = o.cases[i] as CrashCase;
      const dir = join(base, `case-${i}`);
      mkdirSync(dir, { recursive: true });
      const scenario: CrashScenario = { dir, config: c.config, seed: `${o.seed}/${c.config}/${c.kill}/${i}`, kill: c.kill, ...(c.extraSteps === undefined ? {} : { extraSteps: c.extraSteps }) };
      const outcome = await runCrashChild(scenario, c.killAfterMs);
      results[i] = { case: c, scenario, outcome, judged: judgeCrash(scenario, outcome) };
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency ?? 2, o.cases.length)) }, worker));
  } finally {
    if (o.dir === undefined) rmSync(base, { recursive: true, force: true });
  }
  return results;
}
