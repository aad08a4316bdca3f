// `sealroom run` spawned as `npm start` runs it (restricted to one scenario to stay fast): writes the
// index, matrix, transparency report and timeline page, and the pages render cleanly in Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { findChromium, renderCheck } from '../../reports/check/renderCheck.ts';
import { EXIT } from '../exitCodes.ts';
import { junitProblems, junitSchemaProblems } from '../../test/kits/cliFormats.ts';
import { MANIFEST_NAME } from '../outputs.ts';

const root = join(import.meta.dirname, '..', '..');
// The output directory sits in a temporary folder of its own, so that files "outside" it are ours too.
const base = mkdtempSync(join(tmpdir(), 'sealroom-run-cli-'));
const out = join(base, 'out');
afterAll(() => rmSync(base, { recursive: true, force: true }));
const chromium = findChromium();

// A page an earlier run wrote (in its manifest) for a scenario not in this one: run removes it so the
// index stays true. A file of the user's with a name like sealroom's is not in the manifest and stays.
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'scenario-gone.json'), '{}');
writeFileSync(join(out, 'scenario-gone.html'), '<p>old</p>');
writeFileSync(join(out, MANIFEST_NAME), JSON.stringify({ format: 'sealroom-files/1', files: ['scenario-gone.json', 'scenario-gone.html', '../outside.txt'] }));
writeFileSync(join(out, 'scenario-mine.html'), '<p>my notes</p>');
writeFileSync(join(out, 'notes.txt'), 'mine');
writeFileSync(join(out, '..', 'outside.txt'), 'not in the directory');

function sealroom(args: readonly string[]) {
  return spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'cli/main.ts'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
}

const junit = join(base, 'run.xml');
const r = sealroom(['run', '--out', out, '--only', 'phone-seized-after-view', '--no-workload', '--no-campaign', '--junit', junit]);

describe('sealroom run (spawned)', () => {
  test('exits 0 and prints where the index is', () => {
    expect(r.stderr).not.toContain('internal error');
    expect(r.status).toBe(EXIT.OK);
    expect(r.stdout).toContain(`index: ${join(out, 'index.html')}`);
    expect(r.stderr).toContain('scenarios 1/1');
  });

  test('writes the index, the matrix, the transparency report, the timeline page and the machine-readable results', () => {
    for (const f of [
      'index.html',
      'index.md',
      'matrix.html',
      'matrix.variants.svg',
      'transparency.html',
      'transparency-phone-seized-after-view-2026-01-01.html',
      'scenario-phone-seized-after-view.html',
      'scenario-phone-seized-after-view.timeline.svg',
      'run-results.json',
    ]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const results = JSON.parse(readFileSync(join(out, 'run-results.json'), 'utf8')) as { scenarios: { scenario: string; matches: boolean }[] };
    expect(results.scenarios).toEqual([expect.objectContaining({ scenario: 'phone-seized-after-view', matches: true })]);
    expect(readFileSync(join(out, 'matrix.html'), 'utf8')).toContain('href="scenario-phone-seized-after-view.html"');
    expect(existsSync(join(out, 'scenario-gone.json'))).toBe(false);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).not.toContain('scenario-gone');
    // One transparency report per world, listed on the index of reports; run metadata on every page.
    expect(readFileSync(join(out, 'transparency.html'), 'utf8')).toContain('href="transparency-phone-seized-after-view-2026-01-01.html"');
    const meta = (JSON.parse(readFileSync(join(out, 'matrix.json'), 'utf8')) as { meta: { label: string; value: string }[] }).meta;
    expect(meta.map((m) => m.label)).toEqual(expect.arrayContaining(['sealroom', 'commit', 'seed', 'command', 'machine']));
    expect(meta.find((m) => m.label === 'command')?.value).toMatch(/^sealroom run --out /);
  });

  test('removes only files its manifest says it wrote, and records what it wrote this time', () => {
    expect(readFileSync(join(out, 'scenario-mine.html'), 'utf8')).toBe('<p>my notes</p>');
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(out, '..', 'outside.txt'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST_NAME), 'utf8')) as { files: string[] };
    expect(manifest.files).toEqual(expect.arrayContaining(['index.html', 'run-results.json', 'scenario-phone-seized-after-view.html']));
    expect(manifest.files).not.toContain('notes.txt');
    expect(manifest.files).not.toContain('scenario-mine.html');
  });

  test('--junit writes one valid JUnit test case per scenario', async () => {
    const xml = readFileSync(junit, 'utf8');
    expect(junitProblems(xml)).toEqual([]);
    expect(await junitSchemaProblems(xml)).toEqual([]);
    expect(xml).toMatch(/<testcase classname="sealroom\.run\.scenario" name="phone-seized-after-view"\/>/);
  });

  test('an --out that cannot be written exits 2 before any scenario runs', () => {
    writeFileSync(join(out, 'a-file'), '');
    const bad = sealroom(['run', '--out', join(out, 'a-file', 'reports'), '--only', 'phone-seized-after-view', '--no-workload', '--no-campaign']);
    expect(bad.status).toBe(EXIT.BAD_INPUT);
    expect(bad.stderr).toContain('--out');
    expect(bad.stderr).toContain('cannot write there');
    expect(bad.stderr).not.toContain('scenarios 1/1');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  test.each([['0'], ['1.5'], ['65']])('--jobs %s exits 2 before any scenario runs', (jobs) => {
    const bad = sealroom(['run', '--out', out, '--jobs', jobs, '--only', 'phone-seized-after-view', '--no-workload', '--no-campaign']);
    expect(bad.status).toBe(EXIT.BAD_INPUT);
    expect(bad.stderr).toContain('--jobs must be an integer from 1 to 64');
    expect(bad.stderr).not.toContain('scenarios 1/1');
  });

  test.each([['abc'], ['-1'], ['1.5'], ['9007199254740992']])('--seed %s exits 2 naming the flag and the value', (seed) => {
    const bad = sealroom(['run', '--out', out, '--seed', seed, '--only', 'phone-seized-after-view', '--no-workload', '--no-campaign']);
    expect(bad.status).toBe(EXIT.BAD_INPUT);
    expect(bad.stderr).toContain('--seed');
    expect(bad.stderr).toContain(seed);
  });

  test.skipIf(chromium === null)('the index and the timeline page pass the Chromium render check', async () => {
    for (const page of ['index.html', 'scenario-phone-seized-after-view.html']) {
      const check = await renderCheck(join(out, page), { executablePath: chromium ?? '' });
      expect(check.consoleErrors).toEqual([]);
      expect(check.externalRequests).toEqual([]);
      expect(check.ok).toBe(true);
    }
  });
});
