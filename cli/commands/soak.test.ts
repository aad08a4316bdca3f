// `sealroom soak` spawned: a one-day soak prints its figures as JSON, writes its scenario (which loads
// as a scenario file) and figures, and exits 0 when no property failed; options out of range exit 2.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseScenario } from '../../scenarios/load.ts';
import { EXIT } from '../exitCodes.ts';

const root = join(import.meta.dirname, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'sealroom-soak-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function cli(args: readonly string[]) {
  return spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'cli/main.ts'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
}

describe('sealroom soak (spawned)', () => {
  test('a one-day soak: figures as JSON, the scenario and the figures written, exit 0 with no failed property', () => {
    const r = cli(['soak', '--seed', '3', '--days', '1', '--episodes', '2', '--json', '--out', out]);
    expect(r.stderr).not.toContain('internal error');
    const f = JSON.parse(r.stdout) as { days: number; failures: unknown[]; traceHash: string; verdicts: Record<string, string> };
    expect(r.status).toBe(f.failures.length === 0 ? EXIT.OK : EXIT.FAILED);
    expect(f.days).toBe(1);
    expect(f.verdicts['DET-REPLAY']).toBe('pass');
    expect(JSON.parse(readFileSync(join(out, 'soak-figures.json'), 'utf8'))).toEqual(f);
    expect(existsSync(join(out, 'soak-scenario.json'))).toBe(true);
    expect(parseScenario(JSON.parse(readFileSync(join(out, 'soak-scenario.json'), 'utf8')), 'soak-scenario.json').name).toBe('soak-seed-3-1d');
  });

  test('options out of range exit 2 naming the option', () => {
    for (const args of [
      ['--days', '61'],
      ['--seed', '-1'],
    ]) {
      const r = cli(['soak', ...args]);
      expect(r.status, args.join(' ')).toBe(EXIT.BAD_INPUT);
      expect(r.stderr, args.join(' ')).toContain(args[0] as string);
    }
  });
});
