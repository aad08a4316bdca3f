// The scenario library on disk (scenarios/library/*.json): listing it and resolving a command-line
// argument that names a library scenario or a file. Only the file system: cheap to import.
import { existsSync, readdirSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';

/** The scenario library, relative to the repository root. */
export const LIBRARY_DIR = join(import.meta.dirname, '..', '..', 'scenarios', 'library');

/** Scenario files in the library, sorted by name (the directory is read each time: it grows). */
export function libraryFiles(dir: string = LIBRARY_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

/** A scenario argument: an existing path (absolute or from `cwd`), else a library scenario's name. Undefined when neither. */
export function resolveScenarioArg(arg: string, cwd: string, dir: string = LIBRARY_DIR): string | undefined {
  const asPath = isAbsolute(arg) ? arg : join(cwd, arg);
  if (existsSync(asPath)) return asPath;
  const name = arg.replace(/\.json$/, '');
  return libraryFiles(dir).find((f) => basename(f, '.json') === name);
}
