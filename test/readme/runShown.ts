// Runs one command as README.md shows it, from the repository root, through /bin/sh: `npx sealroom`
// becomes this Node running bin/sealroom.js (what the package's bin does in a checkout) and `npx tsx`
// the installed tsx, so nothing is fetched. stdout and stderr go to one file, interleaved as a terminal
// shows them. `--out PATH` is pointed at a fresh folder, and a command past its time limit is killed with
// its whole process group.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ShownRun {
  /** null when killed (timed out or by a signal). */
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly output: string;
  /** The folder `--out` was pointed at, and the path the README wrote there. */
  readonly out: { readonly shown: string; readonly actual: string } | null;
  /** The fresh folder the run's files went to (the caller removes it). */
  readonly scratch: string;
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The shell line actually run, and the --out folder it was given. */
export function shellLine(text: string, root: string, scratch: string): { line: string; out: ShownRun['out'] } {
  const node = shellQuote(process.execPath);
  let line = text
    .replace(/^npx sealroom(?=\s|$)/, `${node} ${shellQuote(join(root, 'bin/sealroom.js'))}`)
    .replace(/^npx tsx(?=\s)/, `${node} ${shellQuote(join(root, 'node_modules/tsx/dist/cli.mjs'))}`)
    .replace(/^node(?=\s)/, node);
  let out: ShownRun['out'] = null;
  const m = /(\s--out\s+)(\S+)/.exec(line);
  if (m !== null) {
    out = { shown: m[2] as string, actual: join(scratch, 'out') };
    line = line.replace(m[0], `${m[1]}${shellQuote(out.actual)}`);
  }
  return { line, out };
}

export function runShown(text: string, root: string, timeoutMs: number): Promise<ShownRun> {
  const scratch = mkdtempSync(join(tmpdir(), 'sealroom-readme-'));
  const { line, out } = shellLine(text, root, scratch);
  const logPath = join(scratch, 'terminal.log');
  const fd = openSync(logPath, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', line], { cwd: root, stdio: ['ignore', fd, fd], detached: true, env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      closeSync(fd);
      reject(e);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      closeSync(fd);
      resolve({ exitCode: code, timedOut, output: readFileSync(logPath, 'utf8'), out, scratch });
    });
  });
}
