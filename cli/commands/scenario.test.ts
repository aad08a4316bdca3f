// `sealroom scenario list|run|replay`, spawned as a user runs it: the --json contract, exit 0
// when verdicts are as expected and 1 when not, exit 2 naming the field of a malformed scenario file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { EXIT } from '../exitCodes.ts';

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

  test('replay of a file whose recorded verdicts no longer come out exits 1 and says so', () => {
    const stale = variantOf((s) => (s['expect'] = { 'SEC-FS': 'fail' }), 'stale-counterexample.json');
    const r = cli(['scenario', 'replay', stale]);
    expect(r.status).toBe(EXIT.FAILED);
    expect(r.stdout).toMatch(/^✗ SEC-FS +pass +fail$/m);
    expect(r.stdout).toContain('does NOT reproduce');
  });
});
