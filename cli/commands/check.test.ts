// `sealroom check` (CLI contract): the --json shape other tools read, exit 0/1/2, the
// counterexample file and replay command of a caught weak variant, and --shard's seed split.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli } from '../app.ts';
import type { CliIo } from '../command.ts';
import { EXIT } from '../exitCodes.ts';

const out = mkdtempSync(join(tmpdir(), 'sealroom-check-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function check(args: readonly string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), progressStream: { write: () => true }, env: {}, cwd: out };
  const code = await runCli(['check', '--out', out, ...args], io);
  return { code, stdout, stderr };
}

interface CheckJson {
  variant: string;
  seed: number;
  runs: number | null;
  results: { property: string; status: 'pass' | 'fail'; runs: number; seed: number; counterexample: { scenarioFile: string; replay: string } | null }[];
}

describe('sealroom check', () => {
  test('SEC-WARRANT: --json on a caught variant prints the contract shape, writes the counterexample, exits 1', async () => {
    const r = await check(['--property', 'SEC-WARRANT', '--variant', 'unreported-seizure', '--runs', '3', '--seed', '4', '--json']);
    expect(r.code).toBe(EXIT.FAILED);
    const json = JSON.parse(r.stdout) as CheckJson;
    expect(json).toMatchObject({ variant: 'unreported-seizure', seed: 4, runs: 3 });
    expect(json.results).toHaveLength(1);
    const [res] = json.results;
    expect(res).toMatchObject({ property: 'SEC-WARRANT', status: 'fail' });
    expect(res!.runs).toBeGreaterThanOrEqual(1);
    expect(res!.counterexample?.replay).toBe('npx tsx cli/main.ts check --property SEC-WARRANT --variant unreported-seizure --seed 4 --runs 3');
    expect(existsSync(res!.counterexample!.scenarioFile)).toBe(true);
  });

  test('SEC-PCS: the reference passes, exit 0, counterexample null', async () => {
    const r = await check(['--property', 'SEC-PCS', '--runs', '3', '--json']);
    expect(r.code).toBe(EXIT.OK);
    const json = JSON.parse(r.stdout) as CheckJson;
    expect(json.results.map((x) => [x.property, x.status, x.runs, x.counterexample])).toEqual([['SEC-PCS', 'pass', 3, null]]);
  });

  test('SEC-MITM, SEC-FS: --variant shipped-2014 --json runs the 2014 engine and catches it, exit 1', async () => {
    const r = await check(['--variant', 'shipped-2014', '--property', 'SEC-MITM', '--property', 'SEC-FS', '--runs', '2', '--json']);
    expect(r.code).toBe(EXIT.FAILED);
    const json = JSON.parse(r.stdout) as CheckJson;
    expect(json).toMatchObject({ variant: 'shipped-2014', seed: 1, runs: 2 });
    expect(json.results.map((x) => [x.property, x.status])).toEqual([
      ['SEC-MITM', 'fail'],
      ['SEC-FS', 'fail'],
    ]);
    for (const x of json.results) {
      expect(existsSync(x.counterexample!.scenarioFile)).toBe(true);
      expect(x.counterexample!.replay).toBe(`npx tsx cli/main.ts check --property ${x.property} --variant shipped-2014 --seed 1 --runs 2`);
    }
  });

  test('SEC-GROUP: --property SEC-GROUP catches group-no-rekey-on-remove with a counterexample file', async () => {
    const r = await check(['--property', 'SEC-GROUP', '--variant', 'group-no-rekey-on-remove', '--runs', '4', '--json']);
    expect(r.code).toBe(EXIT.FAILED);
    const json = JSON.parse(r.stdout) as CheckJson;
    expect(json.results).toHaveLength(1);
    expect(json.results[0]).toMatchObject({ property: 'SEC-GROUP', status: 'fail' });
    expect(existsSync(json.results[0]!.counterexample!.scenarioFile)).toBe(true);
  });

  test('--shard i/n runs seed S+i-1 with its share of the runs', async () => {
    const r = await check(['--property', 'SEC-PCS', '--runs', '5', '--seed', '10', '--shard', '2/2', '--json']);
    const json = JSON.parse(r.stdout) as CheckJson;
    expect(json.results[0]).toMatchObject({ seed: 11, runs: 2 });
  });

  test('the human summary of a failure names seed, path, replay command and scenario file', async () => {
    const r = await check(['--property', 'SEC-RETENTION', '--variant', 'server-keeps-forever', '--runs', '2']);
    expect(r.code).toBe(EXIT.FAILED);
    expect(r.stdout).toMatch(/seed 1, path [0-9:]+/);
    expect(r.stdout).toContain('replay: npx tsx cli/main.ts check --property SEC-RETENTION --variant server-keeps-forever --seed 1 --runs 2');
    expect(r.stdout).toContain(`scenario: ${join(out, 'cx-sec-retention-server-keeps-forever-s1.json')}`);
  });

  test.each([
    [['--property', 'SEC-NOPE']],
    [['--variant', 'no-such-variant']],
    [['--variant', 'shipped-2014', '--property', 'SEC-GROUP']],
    [['--runs', '0']],
    [['--shard', '3/2']],
    [['--shard', 'half']],
    [['--path', '0:1']],
  ])('bad arguments %j exit 2', async (args) => {
    const r = await check(args);
    expect(r.code).toBe(EXIT.BAD_INPUT);
    expect(r.stdout).toBe('');
  });
});
