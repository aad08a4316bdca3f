// README.md cannot drift from the code: every command it shows is run here (or says, in the README,
// why not), exits as the README says, and prints every excerpt the README shows for it; every
// `sealroom …` span and `--flag` it names exists in --help, and every npm script it names exists.
// The annotations are described in test/readme/readmeCommands.ts; CONTRIBUTING.md, "README commands and figures".
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { commandTree, namedProblems } from './cliHelp.ts';
import { matchExcerpt } from './excerpt.ts';
import { readmeShows, type ShownCommand } from './readmeCommands.ts';
import { runShown, type ShownRun } from './runShown.ts';

const root = join(import.meta.dirname, '../..');
const shows = readmeShows(readFileSync(join(root, 'README.md'), 'utf8'));
const ran = shows.commands.filter((c) => c.skip === null);
/** A command the README shows in full takes seconds; past this it is hung, not slow. */
const RUN_TIMEOUT_MS = 120_000;

const scratches: string[] = [];
afterAll(() => {
  for (const s of scratches) rmSync(s, { recursive: true, force: true });
});

/** The text an excerpt is matched against, with the README's --out path read as the folder the run was given. */
function excerptTarget(c: ShownCommand, run: ShownRun, source: ShownCommand['excerpts'][number]['source']): string {
  if (source.kind === 'output') return run.output;
  if (run.out === null) throw new Error(`README.md:${c.line}: an excerpt of file ${source.name}, but \`${c.text}\` has no --out`);
  const path = join(run.out.actual, source.name);
  if (!existsSync(path)) throw new Error(`README.md:${c.line}: \`${c.text}\` wrote no ${source.name}`);
  return readFileSync(path, 'utf8');
}

describe('README.md: the commands it shows', () => {
  test('it shows commands, runs most here, and says of every other one why not', () => {
    expect(ran.length).toBeGreaterThanOrEqual(2);
    for (const c of shows.commands) if (c.skip !== null) expect(c.skip, `README.md:${c.line}: ${c.text}`).toMatch(/\w{3}/);
    // Every excerpt belongs to a command that runs (readmeShows refuses the others).
    expect(ran.flatMap((c) => c.excerpts).length).toBeGreaterThanOrEqual(3);
  });

  describe.concurrent('each command it runs', () => {
    for (const c of ran) {
      test(
        `README.md:${c.line}: ${c.text}`,
        async () => {
          const run = await runShown(c.text, root, RUN_TIMEOUT_MS);
          scratches.push(run.scratch);
          const tail = run.output.split('\n').slice(-30).join('\n');
          expect(run.timedOut, `killed after ${RUN_TIMEOUT_MS} ms:\n${tail}`).toBe(false);
          expect(run.exitCode, `exit code (the README says ${c.exit}); output ends:\n${tail}`).toBe(c.exit);
          for (const e of c.excerpts) {
            const lines = run.out === null ? e.lines : e.lines.map((l) => l.split(run.out?.shown ?? '').join(run.out?.actual ?? ''));
            const m = matchExcerpt(excerptTarget(c, run, e.source), lines);
            const what = e.source.kind === 'output' ? 'its output' : e.source.name;
            expect(m.ok, `README.md:${e.line}: the excerpt of ${what}: ${m.ok ? '' : m.message}`).toBe(true);
          }
        },
        RUN_TIMEOUT_MS + 10_000,
      );
    }
  });

  test('every sealroom command and flag it names is in --help', async () => {
    const tree = await commandTree();
    const checked = shows.named.filter((n) => n.skip === null);
    expect(checked.length).toBeGreaterThan(10);
    const problems = checked.flatMap((n) => namedProblems(n.text, tree).map((p) => `README.md:${n.line}: \`${n.text}\`: ${p}`));
    expect(problems).toEqual([]);
  });

  test('every npm script it names is in package.json', () => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const BUILT_IN = new Set(['ci', 'install', 'pack']);
    expect(shows.npm.length).toBeGreaterThan(0);
    const missing = shows.npm.flatMap((n) => {
      const m = /^npm\s+(?:run\s+)?([a-z][\w:-]*)/.exec(n.text);
      const name = m?.[1] ?? '';
      return BUILT_IN.has(name) || Object.hasOwn(scripts, name) ? [] : [`README.md:${n.line}: \`${n.text}\`: no script "${name}"`];
    });
    expect(missing).toEqual([]);
  });
});
