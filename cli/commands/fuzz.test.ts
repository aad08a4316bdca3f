// `sealroom fuzz` spawned: a small budget prints every target's figures (as a table and as JSON) and
// exits 0 with no problem found; a budget out of range exits 2.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXIT } from '../exitCodes.ts';

const root = join(import.meta.dirname, '..', '..');

function cli(args: readonly string[]) {
  return spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'cli/main.ts'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
}

describe('sealroom fuzz (spawned)', () => {
  test('five inputs a target: every 1:1 and group target tried, no problem, exit 0', () => {
    const r = cli(['fuzz', '--inputs', '5', '--seed', 'cli-test', '--json']);
    expect(r.stderr).not.toContain('internal error');
    const j = JSON.parse(r.stdout) as { inputs: number; problems: number; figures: { family: string; tried: number }[] };
    expect(r.status).toBe(EXIT.OK);
    expect(j.problems).toBe(0);
    expect(new Set(j.figures.map((f) => f.family))).toEqual(new Set(['pairwise', 'group']));
    expect(j.figures.every((f) => f.tried === 5)).toBe(true);
    const text = cli(['fuzz', '--inputs', '2', '--seed', 'cli-test']);
    expect(text.status).toBe(EXIT.OK);
    expect(text.stdout).toContain('no crash, no state change on refusal, no lossy decode');
  }, 60_000);

  test('a budget out of range is bad input', () => {
    for (const inputs of ['0', '1.5', '2000000']) {
      const r = cli(['fuzz', '--inputs', inputs]);
      expect(r.status).toBe(EXIT.BAD_INPUT);
      expect(r.stderr).toContain('--inputs must be an integer');
    }
  }, 60_000);
});
