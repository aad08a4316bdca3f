// `sealroom check` and `sealroom merge` (CLI contract): the --json shape other tools read, exit 0/1/2/3,
// the counterexample file and replay command of a caught weak variant, 64-bit seeds, --shard's run
// blocks and their merge into the unsharded result, and an unwritable --out.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli } from '../app.ts';
import type { CliIo } from '../command.ts';
import { EXIT } from '../exitCodes.ts';
import { junitProblems, junitSchemaProblems, type SarifLog, sarifProblems } from '../../test/kits/cliFormats.ts';

const out = mkdtempSync(join(tmpdir(), 'sealroom-check-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
// A plain file: a directory asked for under it cannot be made (as root, permission bits would not stop a write).
writeFileSync(join(out, 'a-file'), '');

async function sealroom(args: readonly string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), progressStream: { write: () => true }, env: {}, cwd: out };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

const check = (args: readonly string[]) => sealroom(['check', '--out', out, ...args]);

interface ResultJson {
  property: string;
  status: string;
  runs: number;
  firstRun: number;
  reason: string | null;
  coverage: { situation: string; hits: number; runs: number; met: boolean }[];
  counterexample: { path: string; violations: string[] } | null;
}

/** What a merge must reproduce of an unsharded result. */
function verdictOf(r: ResultJson) {
  return { property: r.property, status: r.status, runs: r.runs, reason: r.reason, coverage: r.coverage, path: r.counterexample?.path ?? null, violations: r.counterexample?.violations ?? null };
}

async function shardsThenMerge(args: readonly string[], count: number): Promise<{ code: number; json: { results: ResultJson[]; merged: string[] } }> {
  const files: string[] = [];
  for (let i = 1; i <= count; i++) {
    const r = await check([...args, '--shard', `${i}/${count}`, '--json']);
    const file = join(out, `shard-${args.join('-')}-${i}.json`);
    writeFileSync(file, r.stdout);
    files.push(file);
  }
  const m = await sealroom(['merge', ...files, '--json']);
  return { code: m.code, json: JSON.parse(m.stdout) as { results: ResultJson[]; merged: string[] } };
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
    // Seed 7: its three runs meet every coverage gate (at seed 1 the group half's gate needs more runs).
    const r = await check(['--property', 'SEC-PCS', '--runs', '3', '--seed', '7', '--json']);
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

  test('--shard i/n runs the i-th contiguous block of the runs from the same seed', async () => {
    const r = await check(['--property', 'SEC-PCS', '--runs', '5', '--seed', '10', '--shard', '2/2', '--json']);
    const json = JSON.parse(r.stdout) as { coverageGate: string; results: ResultJson[] };
    expect(json.results[0]).toMatchObject({ seed: 10, firstRun: 3, runs: 2 });
    expect(json.coverageGate).toBe('deferred');
  });

  test('SEC-PCS: shards 1/3 … 3/3 merged give the verdict and coverage of one unsharded run', async () => {
    const whole = JSON.parse((await check(['--property', 'SEC-PCS', '--runs', '5', '--seed', '3', '--json'])).stdout) as { results: ResultJson[] };
    const { code, json } = await shardsThenMerge(['--property', 'SEC-PCS', '--runs', '5', '--seed', '3'], 3);
    expect(code).toBe(EXIT.OK);
    expect(json.merged).toEqual(['1/3', '2/3', '3/3']);
    expect(json.results.map(verdictOf)).toEqual(whole.results.map(verdictOf));
  });

  test('SEC-WARRANT: merged shards of a caught variant stop at the counterexample the unsharded run finds', async () => {
    const args = ['--property', 'SEC-WARRANT', '--variant', 'unreported-seizure', '--runs', '4', '--seed', '4'];
    const whole = JSON.parse((await check([...args, '--json'])).stdout) as { results: ResultJson[] };
    const { code, json } = await shardsThenMerge(args, 2);
    expect(code).toBe(EXIT.FAILED);
    expect(json.results.map(verdictOf)).toEqual(whole.results.map(verdictOf));
  });

  test('merge refuses a missing or repeated shard with exit 2', async () => {
    const r = await check(['--property', 'SEC-PCS', '--runs', '2', '--shard', '1/2', '--json']);
    const file = join(out, 'lonely-shard.json');
    writeFileSync(file, r.stdout);
    const missing = await sealroom(['merge', file]);
    expect(missing.code).toBe(EXIT.BAD_INPUT);
    expect(missing.stderr).toContain('2/2 missing');
    const twice = await sealroom(['merge', file, file]);
    expect(twice.code).toBe(EXIT.BAD_INPUT);
    expect(twice.stderr).toContain('given twice');
    const notShard = join(out, 'not-a-shard.json');
    writeFileSync(notShard, '{"format": "something-else"}');
    expect((await sealroom(['merge', notShard])).code).toBe(EXIT.BAD_INPUT);
  });

  // One run may miss a coverage gate (exit 1): what matters here is that the seed is accepted, not refused or rounded.
  test.each([['18446744073709551615'], ['4294967297']])('a 64-bit --seed %s is taken exactly', async (seed) => {
    const r = await check(['--property', 'SEC-PCS', '--runs', '1', '--seed', seed, '--json']);
    expect([EXIT.OK, EXIT.FAILED]).toContain(r.code);
    const json = JSON.parse(r.stdout) as { seed: unknown; results: ResultJson[] };
    expect(String(json.seed)).toBe(seed);
    expect(json.results[0]?.runs).toBe(1);
  });

  test('an unwritable --out exits 2 after printing the results', async () => {
    const r = await sealroom(['check', '--out', join(out, 'a-file', 'cx'), '--property', 'SEC-RETENTION', '--variant', 'server-keeps-forever', '--runs', '2', '--json']);
    expect(r.code).toBe(EXIT.BAD_INPUT);
    expect((JSON.parse(r.stdout) as { results: ResultJson[] }).results[0]?.status).toBe('fail');
    expect(r.stderr).toContain('--out');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('SEC-RETENTION: --junit and --sarif of a caught variant are valid JUnit XML and SARIF 2.1.0', async () => {
    const junit = join(out, 'reports', 'check.xml');
    const sarif = join(out, 'reports', 'check.sarif');
    const r = await check(['--property', 'SEC-RETENTION', '--property', 'SEC-PCS', '--variant', 'server-keeps-forever', '--runs', '2', '--seed', '7', '--junit', junit, '--sarif', sarif]);
    expect(r.code).toBe(EXIT.FAILED);
    expect(junitProblems(readFileSync(junit, 'utf8'))).toEqual([]);
    expect(await junitSchemaProblems(readFileSync(junit, 'utf8'))).toEqual([]);
    const log = JSON.parse(readFileSync(sarif, 'utf8')) as SarifLog;
    expect(sarifProblems(log)).toEqual([]);
    expect(log.runs[0]?.results.map((x) => x.ruleId)).toEqual(['SEC-RETENTION']);
    const uri = log.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri ?? '';
    expect(uri).toBe('cx-sec-retention-server-keeps-forever-s7.json');
    expect(existsSync(join(out, uri))).toBe(true);
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
    [['--shard', '0/2']],
    [['--path', '0:1']],
    [['--property', 'SEC-PCS', '--path', 'x']],
    [['--seed', '18446744073709551616']],
    [['--seed', '-1']],
    [['--seed', 'abc']],
    [['--seed', '1.5']],
    [['--no-such-flag']],
    [['--junit', join(out, 'a-file', 'x.xml')]],
  ])('bad arguments %j exit 2', async (args) => {
    const r = await check(args);
    expect(r.code).toBe(EXIT.BAD_INPUT);
    expect(r.stdout).toBe('');
  });
});
