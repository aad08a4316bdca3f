// The run metadata every report carries in its bundle's meta (docs/reports.md, "Run metadata"):
// sealroom's version (package.json), the commit (`git rev-parse HEAD` when the package sits in a git
// checkout, else "unknown"), the seed, the command line, and the machine (OS, CPUs, Node). The CLI
// gathers it here and passes it to the writer; producers and renderers never look at the machine.
import { execFileSync } from 'node:child_process';
import { arch, cpus, release, type } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ReportBundle } from '../reports/render/bundle.ts';
import type { CliIo } from './command.ts';
import { packageVersion } from './version.ts';

export interface MetaLine {
  readonly label: string;
  readonly value: string;
}

/** The labels run metadata owns: a bundle's own line of the same label is replaced, never doubled. */
const RUN_META_LABELS = ['sealroom', 'commit', 'seed', 'command', 'machine'] as const;

/** Longest a git call may take: a report never waits on a slow or locked repository. */
const GIT_TIMEOUT_MS = 5_000;

/** The commit of the checkout sealroom runs from, or "unknown" (no git, not a checkout, a packed install). */
export function gitCommit(dir = fileURLToPath(new URL('..', import.meta.url))): string {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: GIT_TIMEOUT_MS }).trim();
    return /^[0-9a-f]{40,64}$/.test(out) ? out : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** One argument as a POSIX shell would need it written to run the same command. */
function shellWord(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `sealroom ARG…`, each argument quoted for a shell where it must be. */
export function commandLine(argv: readonly string[]): string {
  return ['sealroom', ...argv.map(shellWord)].join(' ');
}

/** OS, CPUs and Node of this machine. */
export function machineLine(): string {
  const list = cpus();
  const model = list[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return `${type()} ${release()} ${arch()}; ${list.length} × ${model}; Node ${process.version}`;
}

/** The metadata lines of this run. `seed` is the seed the command ran from, or null when it has none. */
export function runMeta(io: CliIo, seed: string | number | null): MetaLine[] {
  return [
    { label: 'sealroom', value: packageVersion() },
    { label: 'commit', value: gitCommit() },
    ...(seed === null ? [] : [{ label: 'seed', value: String(seed) }]),
    { label: 'command', value: commandLine(io.argv ?? []) },
    { label: 'machine', value: machineLine() },
  ];
}

/** The bundle with the run's metadata after its own lines (a line of the same label is replaced). */
export function withRunMeta(bundle: ReportBundle, meta: readonly MetaLine[]): ReportBundle {
  const own = (bundle.meta ?? []).filter((m) => !(RUN_META_LABELS as readonly string[]).includes(m.label) || !meta.some((x) => x.label === m.label));
  return { ...bundle, meta: [...own, ...meta] };
}
