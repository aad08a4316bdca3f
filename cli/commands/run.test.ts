// `sealroom run` spawned as `npm start` runs it (restricted to one scenario to stay fast): writes the
// index, matrix, transparency report and timeline page, and the pages render cleanly in Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { findChromium, renderCheck } from '../../reports/check/renderCheck.ts';
import { EXIT } from '../exitCodes.ts';

const root = join(import.meta.dirname, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'sealroom-run-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const chromium = findChromium();

// A page left by an earlier run for a scenario not in this one: run removes it so the index stays true.
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'scenario-gone.json'), '{}');
writeFileSync(join(out, 'scenario-gone.html'), '<p>old</p>');

const r = spawnSync(
  process.execPath,
  [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'cli/main.ts'), 'run', '--out', out, '--only', 'phone-seized-after-view', '--no-workload', '--no-campaign'],
  {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  },
);

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
      'matrix.matrix-1.svg',
      'transparency.html',
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
