// `sealroom scenario list|run|replay`, spawned as a user runs it: the --json contract, exit 0
// when verdicts are as expected and 1 when not, exit 2 naming the field of a malformed scenario file.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { EXIT } from '../exitCodes.ts';
import { junitProblems, junitSchemaProblems } from '../../test/kits/cliFormats.ts';

const root = join(import.meta.dirname, '..', '..');
const libraryFile = join(root, 'scenarios', 'library', 'phone-seized-after-view.json');
const dir = mkdtempSync(join(tmpdir(), 'sealroom-scenario-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'cli/main.ts'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function variantOf(patch: (s: Record<string, unknown>) => void, name: string): string {
  const s = JSON.parse(readFileSync(libraryFile, 'utf8')) as Record<string, unknown>;
  delete s['$schema'];
  patch(s);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(s));
  return file;
}

describe('sealroom scenario (spawned)', () => {
  test('list --json: one entry per library scenario with name, file, variant, server and goal', () => {
    const r = cli(['scenario', 'list', '--json']);
    expect(r.status).toBe(EXIT.OK);
    const listed = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(listed.length).toBeGreaterThan(0);
    for (const s of listed) {
      expect(Object.keys(s).sort()).toEqual(['file', 'goal', 'name', 'server', 'variant']);
      for (const v of Object.values(s)) expect(typeof v).toBe('string');
    }
    expect(listed.map((s) => s['name'])).toContain('phone-seized-after-view');
  });

  test('schema prints the published JSON Schema, every top-level field described', () => {
    const r = cli(['scenario', 'schema']);
    expect(r.status).toBe(EXIT.OK);
    const schema = JSON.parse(r.stdout) as { title: string; properties: Record<string, { description?: string }> };
    expect(schema.title).toBe('sealroom attack scenario');
    for (const [field, node] of Object.entries(schema.properties)) expect(node.description, field).toMatch(/\w/);
  });

  test('DET-REPLAY: run --json on phone-seized-after-view.json prints exactly the contract keys and exits 0', () => {
    const r = cli(['scenario', 'run', 'scenarios/library/phone-seized-after-view.json', '--json']);
    expect(r.status).toBe(EXIT.OK);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['scenario', 'verdicts', 'expected', 'matches', 'traceHash']);
    expect(out['scenario']).toBe('phone-seized-after-view');
    expect(out['matches']).toBe(true);
    expect(out['traceHash']).toMatch(/^[0-9a-f]{64}$/);
    expect((out['verdicts'] as Record<string, string>)['DET-REPLAY']).toBe('pass');
    expect(out['expected']).toMatchObject({ 'SEC-EVAPORATE': 'pass', 'SEC-FS': 'pass' });
  });

  test('a malformed scenario file exits 2 and names the file and the field', () => {
    const badSeed = variantOf((s) => (s['seed'] = 'one'), 'bad-seed.json');
    const r = cli(['scenario', 'run', badSeed]);
    expect(r.status).toBe(EXIT.BAD_INPUT);
    expect(r.stderr).toContain('bad-seed.json');
    expect(r.stderr).toContain('/seed');
    const badParty = variantOf((s) => ((s['timeline'] as Record<string, unknown>[])[1]!['from'] = 'mallory'), 'bad-party.json');
    const r2 = cli(['scenario', 'run', badParty, '--json']);
    expect(r2.status).toBe(EXIT.BAD_INPUT);
    expect(r2.stderr).toContain('/timeline/1/from');
    expect(r2.stdout).toBe('');
  });

  test('an unknown scenario name exits 2 and lists the library', () => {
    const r = cli(['scenario', 'run', 'no-such-scenario']);
    expect(r.status).toBe(EXIT.BAD_INPUT);
    expect(r.stderr).toContain('phone-seized-after-view');
  });

  test('replay of a counterexample whose recorded failure now passes says FIXED and exits 0', () => {
    const fixed = variantOf((s) => (s['expect'] = { 'SEC-FS': 'fail' }), 'fixed-counterexample.json');
    const r = cli(['scenario', 'replay', fixed]);
    expect(r.status).toBe(EXIT.OK);
    expect(r.stdout).toMatch(/^✗ SEC-FS +pass +fail$/m);
    expect(r.stdout).toContain('FIXED');
    const json = cli(['scenario', 'replay', fixed, '--json']);
    expect(json.status).toBe(EXIT.OK);
    expect((JSON.parse(json.stdout) as { replay: string }).replay).toBe('fixed');
  });

  test('replay of a counterexample that still fails says it reproduces and exits 1; --junit writes one test case per property', async () => {
    const still = variantOf((s) => (s['expect'] = { 'SEC-FS': 'pass' }), 'still-failing.json');
    const junit = join(dir, 'replay.xml');
    const r = cli(['scenario', 'replay', 'scenarios/library/shipped-2014-key-substitution.json', '--json', '--junit', junit]);
    const xml = readFileSync(junit, 'utf8');
    expect(junitProblems(xml)).toEqual([]);
    expect(await junitSchemaProblems(xml)).toEqual([]);
    expect(xml).toMatch(/<testcase classname="sealroom\.scenario\.shipped-2014-key-substitution" name="DET-REPLAY"\/>/);
    expect(r.status).toBe(EXIT.FAILED);
    expect((JSON.parse(r.stdout) as { replay: string }).replay).toBe('reproduces');
    // A file recording no failure is judged as a plain run: as expected, exit 0.
    expect(cli(['scenario', 'replay', still]).status).toBe(EXIT.OK);
  });

  test('a file with five problems exits 2 listing all five with line:column and the values found', () => {
    const file = join(dir, 'five-problems.json');
    const s = JSON.parse(readFileSync(libraryFile, 'utf8')) as Record<string, unknown>;
    s['seed'] = 'one';
    (s['server'] as Record<string, unknown>)['mode'] = 'evil';
    s['colour'] = 'red';
    s['variant'] = 'shipped-2015';
    s['expect'] = { 'SEC-FS': 'maybe' };
    writeFileSync(file, JSON.stringify(s, null, 2));
    const r = cli(['scenario', 'run', file]);
    expect(r.status).toBe(EXIT.BAD_INPUT);
    expect(r.stderr).toContain('5 problems');
    for (const [pointer, found] of [
      ['/seed', '"one"'],
      ['/server/mode', '"evil"'],
      ['/', '"red"'],
      ['/variant', '"shipped-2015"'],
      ['/expect/SEC-FS', '"maybe"'],
    ]) {
      expect(r.stderr).toMatch(new RegExp(`five-problems\\.json:\\d+:\\d+: at ${String(pointer).replace(/\//g, '\\/')}: .*; found ${found}`));
    }
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test.each([
    ['a send from a party outside the room', (s: Record<string, unknown>) => (s['parties'] = [...(s['parties'] as string[]), 'mallory']), 'mallory', '/from'],
    ['two rooms with one id', (s: Record<string, unknown>) => (s['rooms'] = [...(s['rooms'] as unknown[]), ...(s['rooms'] as unknown[])]), null, '/rooms/1/id'],
  ])('%s exits 2 (bad input), not 3', (_what, patch, sender, pointer) => {
    const file = variantOf(
      (s) => {
        patch(s);
        if (sender !== null) (s['timeline'] as Record<string, unknown>[]).find((a) => a['do'] === 'send')!['from'] = sender;
      },
      `semantic-${pointer.replace(/\//g, '-')}.json`,
    );
    const r = cli(['scenario', 'run', file]);
    expect(r.status).toBe(EXIT.BAD_INPUT);
    expect(r.stderr).toContain(pointer);
  });

  test('a scenario the world refuses while running (a replay of an envelope never sent) exits 2, not 3', () => {
    const file = variantOf((s) => {
      (s['server'] as Record<string, unknown>)['mode'] = 'malicious';
      (s['timeline'] as unknown[]).splice(1, 0, { at: 1000, do: 'adversary', attack: 'replay', from: 'alice', to: 'bob', nth: 99 });
    }, 'replay-never-sent.json');
    const r = cli(['scenario', 'run', file]);
    expect(r.status).toBe(EXIT.BAD_INPUT);
    expect(r.stderr).toContain('the world cannot run this scenario');
    expect(r.stderr).not.toContain('internal error');
  });

  test('an --out that cannot be written exits 2 before the scenario runs', () => {
    writeFileSync(join(dir, 'plain-file'), '');
    const r = cli(['scenario', 'run', 'phone-seized-after-view', '--out', join(dir, 'plain-file', 'out')]);
    expect(r.status).toBe(EXIT.BAD_INPUT);
    expect(r.stderr).toContain('cannot write there');
    expect(r.stdout).toBe('');
  });

  test('scenario list into a reader that closes early (| head -1) ends quietly: no EPIPE', async () => {
    const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'cli/main.ts'), 'scenario', 'list'], { cwd: root, env: { ...process.env, CI: 'true' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    child.stdout.destroy(); // the reader is gone before the first line is written
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).not.toContain('Error');
    expect(code).toBe(EXIT.OK);
  });
});
