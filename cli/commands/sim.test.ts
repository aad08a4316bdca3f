// `sealroom sim` spawned: a small seeded workload writes a trace whose SHA-256 is the run's trace hash
// (DET-REPLAY), the summary, the replayable scenario and the transparency report; bad options exit 2.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { EXIT } from '../exitCodes.ts';

const root = join(import.meta.dirname, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'sealroom-sim-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function cli(args: readonly string[]) {
  return spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'cli/main.ts'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
}

describe('sealroom sim (spawned)', () => {
  test('DET-REPLAY: writes trace.jsonl hashing to the summary trace hash, and every report file', () => {
    const r = cli(['sim', '--seed', '9', '--users', '2', '--days', '1', '--server', 'curious', '--out', out, '--json']);
    expect(r.stderr).not.toContain('internal error');
    const summary = JSON.parse(r.stdout) as { traceHash: string; allPass: boolean; options: { seed: number }; counts: { messagesSent: number; serverSeizures: number; warrants: number } };
    expect(r.status).toBe(summary.allPass ? EXIT.OK : EXIT.FAILED);
    expect(summary.options.seed).toBe(9);
    expect(summary.counts.messagesSent).toBeGreaterThan(0);
    expect(summary.counts).toMatchObject({ serverSeizures: 1, warrants: 1 });
    expect(
      createHash('sha256')
        .update(readFileSync(join(out, 'trace.jsonl')))
        .digest('hex'),
    ).toBe(summary.traceHash);
    for (const f of ['scenario.json', 'sim-summary.json', 'transparency-report.json', 'transparency-report.md', 'transparency.html', 'index.html', 'scenario-sim-seed-9.html'])
      expect(existsSync(join(out, f)), f).toBe(true);
    expect(readFileSync(join(out, 'transparency-report.md'), 'utf8')).toContain('# Transparency report');
  });

  test('options out of range exit 2 naming the option', () => {
    const r = cli(['sim', '--users', '1', '--out', join(out, 'never')]);
    expect(r.status).toBe(EXIT.BAD_INPUT);
    expect(r.stderr).toContain('--users');
    expect(existsSync(join(out, 'never'))).toBe(false);
  });
});
