// Output files and directories: checked before the work starts (an unwritable --out is bad input,
// exit 2, found in a second rather than after an hour of runs), written with errors that name the
// file, and a manifest of what sealroom wrote into a directory so that only those files are ever
// removed or replaced there.

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { CliInputError } from './exitCodes.ts';

/** The manifest sealroom keeps in each directory it writes reports into. */
export const MANIFEST_NAME = '.sealroom-files.json';
const MANIFEST_FORMAT = 'sealroom-files/1';

function reason(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  const message = e instanceof Error ? e.message : String(e);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}

/** Creates `dir` if needed and proves a file can be written there; else CliInputError naming the flag. */
export function ensureWritableDir(flag: string, dir: string): void {
  const probe = join(dir, `.sealroom-write-check-${randomBytes(6).toString('hex')}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (e) {
    throw new CliInputError(`${flag} ${dir}: cannot write there (${reason(e)})`);
  }
}

/** Proves `file` can be written (its folder made if needed) without leaving anything behind. */
export function ensureWritableFile(flag: string, file: string): void {
  ensureWritableDir(flag, dirname(file));
}

/** Writes `text` to `file`, creating its folder; a failure is CliInputError naming the flag and the file. */
export function writeOutputFile(flag: string, file: string, text: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text, 'utf8');
  } catch (e) {
    throw new CliInputError(`${flag} ${file}: cannot write (${reason(e)})`);
  }
}

/** A manifest entry names a file under the directory: relative, with no `..` step (a hand-edited manifest cannot aim elsewhere). */
function isInside(f: unknown): f is string {
  return typeof f === 'string' && f !== '' && !isAbsolute(f) && !f.split(/[\\/]/).includes('..');
}

/** The files (relative paths) an earlier sealroom run recorded writing into `dir`; none when there is no manifest. */
export function readManifest(dir: string): ReadonlySet<string> {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST_NAME), 'utf8');
  } catch {
    return new Set();
  }
  try {
    const value = JSON.parse(text) as { format?: unknown; files?: unknown };
    if (value.format !== MANIFEST_FORMAT || !Array.isArray(value.files)) return new Set();
    return new Set(value.files.filter(isInside));
  } catch {
    return new Set();
  }
}

export function writeManifest(dir: string, files: Iterable<string>): void {
  const sorted = [...new Set(files)].sort();
  writeFileSync(join(dir, MANIFEST_NAME), `${JSON.stringify({ format: MANIFEST_FORMAT, files: sorted }, null, 2)}\n`, 'utf8');
}

/** Removes the files a previous run wrote into `dir` that this run did not write again; nothing else. */
export function removeStaleOutputs(dir: string, previous: ReadonlySet<string>, current: ReadonlySet<string>): string[] {
  const removed: string[] = [];
  for (const f of previous) {
    if (current.has(f)) continue;
    rmSync(join(dir, f), { force: true });
    removed.push(f);
  }
  return removed;
}
