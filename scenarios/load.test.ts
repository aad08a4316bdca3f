// Loading scenario files: a malformed file is refused with a ScenarioError that
// names the file, the JSON path, line:column, the value found and what was expected — every problem
// at once — before anything is built or run; a valid file loads as the data it holds.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadScenarioFile, parseScenario, ScenarioError } from './load.ts';
import type { Scenario } from './types.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealroom-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small valid scenario; each case below breaks one thing in a copy of it. */
function valid(): Record<string, unknown> {
  return {
    name: 'load-fixture',
    description: { goal: 'load a file', threat: 'none', expected: 'it loads' },
    seed: 3,
    variant: 'reference',
    server: { mode: 'honest', warrantPolicy: 'refuse-content' },
    parties: ['alice', 'bob'],
    rooms: [{ id: 'ab', kind: 'direct', members: ['alice', 'bob'] }],
    timeline: [
      { at: 1000, do: 'send', from: 'alice', room: 'ab', label: 'hello' },
      { at: 2000, do: 'view', user: 'bob', label: 'hello' },
    ],
    expect: { 'SEC-EVAPORATE': 'pass' },
  };
}

function timelineOf(s: Record<string, unknown>): Record<string, unknown>[] {
  return s['timeline'] as Record<string, unknown>[];
}

let fileCount = 0;
function fileWith(text: string): string {
  fileCount += 1;
  const path = join(dir, `case-${fileCount}.json`);
  writeFileSync(path, text);
  return path;
}

/** Load `text` from a file; returns the error, and whether loading got far enough to hand back a scenario to run. */
function loadError(text: string): { path: string; error: unknown; ran: boolean } {
  const path = fileWith(text);
  let ran = false;
  try {
    loadScenarioFile(path);
    ran = true; // the caller would run it now: a malformed file must never get here
  } catch (error) {
    return { path, error, ran };
  }
  return { path, error: undefined, ran };
}

interface BadCase {
  readonly what: string;
  readonly mutate: (s: Record<string, unknown>) => void;
  readonly path: string;
  readonly expected: RegExp;
}

const BAD: readonly BadCase[] = [
  { what: 'unknown top-level field', mutate: (s) => (s['sed'] = 1), path: '', expected: /unknown field "sed"/ },
  { what: 'unknown field in an action', mutate: (s) => (timelineOf(s)[0]!['colour'] = 'red'), path: '/timeline/0', expected: /unknown field "colour"/ },
  { what: 'wrong enum (server mode)', mutate: (s) => ((s['server'] as Record<string, unknown>)['mode'] = 'evil'), path: '/server/mode', expected: /one of .*"honest".*"curious".*"malicious"/ },
  { what: 'wrong enum (variant)', mutate: (s) => (s['variant'] = 'shipped-2015'), path: '/variant', expected: /one of .*"reference"/ },
  { what: 'wrong enum (expected verdict)', mutate: (s) => (s['expect'] = { 'SEC-EVAPORATE': 'maybe' }), path: '/expect/SEC-EVAPORATE', expected: /one of .*"pass".*"fail"/ },
  { what: 'missing top-level field', mutate: (s) => delete s['seed'], path: '', expected: /missing required field "seed"/ },
  { what: 'missing field in an action', mutate: (s) => delete timelineOf(s)[0]!['room'], path: '/timeline/0', expected: /missing required field "room"/ },
  { what: 'wrong type', mutate: (s) => (s['seed'] = '3'), path: '/seed', expected: /integer/ },
  { what: 'view of an unknown label', mutate: (s) => (timelineOf(s)[1]!['label'] = 'goodbye'), path: '/timeline/1/label', expected: /no earlier send is labelled "goodbye"/ },
  {
    what: 'view before its send',
    mutate: (s) => (s['timeline'] = [{ at: 500, do: 'view', user: 'bob', label: 'hello' }, ...timelineOf(s).slice(0, 1)]),
    path: '/timeline/0/label',
    expected: /no earlier send is labelled "hello"/,
  },
  { what: 'a party not declared (sender)', mutate: (s) => (timelineOf(s)[0]!['from'] = 'mallory'), path: '/timeline/0/from', expected: /a declared party \(alice, bob\)/ },
  {
    what: 'a party not declared (room member)',
    mutate: (s) => (s['rooms'] = [{ id: 'ab', kind: 'direct', members: ['alice', 'carol'] }]),
    path: '/rooms/0/members/1',
    expected: /a declared party/,
  },
  { what: 'a room not declared', mutate: (s) => (timelineOf(s)[0]!['room'] = 'cd'), path: '/timeline/0/room', expected: /a declared room \(ab\)/ },
  { what: 'time going backwards', mutate: (s) => (timelineOf(s)[1]!['at'] = 999), path: '/timeline/1/at', expected: /after the previous action's 1000 ms/ },
  { what: 'run ending before its last action', mutate: (s) => (s['endMs'] = 1500), path: '/endMs', expected: /after the last action at 2000 ms/ },
  {
    what: 'a send from a party outside the room',
    mutate: (s) => {
      s['parties'] = ['alice', 'bob', 'carol'];
      timelineOf(s)[0]!['from'] = 'carol';
    },
    path: '/timeline/0/from',
    expected: /a member of room "ab" at 1000 ms \(members then: alice, bob\)/,
  },
  {
    what: 'a send from a member removed earlier',
    mutate: (s) => {
      s['parties'] = ['alice', 'bob', 'carol'];
      s['rooms'] = [{ id: 'g', kind: 'group', members: ['alice', 'bob', 'carol'] }];
      s['timeline'] = [
        { at: 1000, do: 'remove-member', by: 'alice', room: 'g', user: 'carol' },
        { at: 2000, do: 'send', from: 'carol', room: 'g' },
      ];
    },
    path: '/timeline/1/from',
    expected: /a member of room "g" at 2000 ms/,
  },
  {
    what: 'two rooms with one id',
    mutate: (s) => (s['rooms'] = [...(s['rooms'] as unknown[]), { id: 'ab', kind: 'direct', members: ['bob', 'alice'] }]),
    path: '/rooms/1/id',
    expected: /two rooms are named "ab"/,
  },
  {
    what: 'adding someone already in the room',
    mutate: (s) => {
      s['rooms'] = [{ id: 'ab', kind: 'group', members: ['alice', 'bob'] }];
      s['timeline'] = [{ at: 1000, do: 'add-member', by: 'alice', room: 'ab', user: 'bob' }];
    },
    path: '/timeline/0/user',
    expected: /already a member/,
  },
  {
    what: 'changing the members of a direct room',
    mutate: (s) => timelineOf(s).push({ at: 3000, do: 'remove-member', by: 'alice', room: 'ab', user: 'bob' }),
    path: '/timeline/2/room',
    expected: /a group room/,
  },
  { what: 'a sender viewing its own message', mutate: (s) => (timelineOf(s)[1]!['user'] = 'alice'), path: '/timeline/1/user', expected: /alice sent it/ },
  {
    what: 'a thief with no stolen phone',
    mutate: (s) => timelineOf(s).push({ at: 3000, do: 'thief-sends', victim: 'alice', to: 'bob' }),
    path: '/timeline/2/victim',
    expected: /was not stolen before 3000 ms/,
  },
  {
    what: 'an attack by an honest server',
    mutate: (s) => timelineOf(s).push({ at: 3000, do: 'adversary', attack: 'lie-about-deletion' }),
    path: '/timeline/2/attack',
    expected: /only a malicious server attacks/,
  },
  {
    what: 'a warrant window that ends before it starts',
    mutate: (s) => timelineOf(s).push({ at: 3000, do: 'warrant', target: { user: 'bob' }, scope: ['metadata'], fromMs: 900, toMs: 100 }),
    path: '/timeline/2/toMs',
    expected: /at or after fromMs 900/,
  },
  { what: 'a time past the simulator clock', mutate: (s) => timelineOf(s).push({ at: 400 * 24 * 3600 * 1000, do: 'heal' }), path: '/timeline/2/at', expected: /within the simulator's clock/ },
  { what: 'a partition naming an unknown party', mutate: (s) => timelineOf(s).push({ at: 3000, do: 'partition', users: ['zed'] }), path: '/timeline/2/users/0', expected: /a declared party/ },
];

describe('scenario files: malformed input is refused with file, JSON path and expectation; nothing runs', () => {
  test.each(BAD)('$what → $path', ({ mutate, path: jsonPath, expected }) => {
    const s = valid();
    mutate(s);
    const { path, error, ran } = loadError(JSON.stringify(s, null, 2));
    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(ScenarioError);
    const e = error as ScenarioError;
    expect(e.file).toBe(path);
    expect(e.path).toBe(jsonPath);
    expect(e.expected).toMatch(expected);
    // The message a person reads carries all three.
    expect(e.message).toContain(path);
    expect(e.message).toContain(jsonPath === '' ? 'at /' : `at ${jsonPath}`);
    expect(e.message).toContain(e.expected);
  });

  test('a file that is not JSON', () => {
    const { path, error, ran } = loadError('{ "name": "broken", ');
    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(ScenarioError);
    const e = error as ScenarioError;
    expect(e.file).toBe(path);
    expect(e.path).toBe('');
    expect(e.expected).toMatch(/valid JSON/);
  });

  test('a JSON value that is not an object', () => {
    const { path, error } = loadError('[1, 2, 3]');
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).file).toBe(path);
    expect((error as ScenarioError).path).toBe('');
  });

  test('a file that does not exist', () => {
    const path = join(dir, 'no-such-scenario.json');
    expect(() => loadScenarioFile(path)).toThrow(ScenarioError);
    try {
      loadScenarioFile(path);
    } catch (e) {
      expect((e as ScenarioError).file).toBe(path);
      expect((e as ScenarioError).expected).toMatch(/readable file/);
    }
  });

  test('parseScenario names the caller-given file', () => {
    const s = valid();
    delete s['parties'];
    expect(() => parseScenario(s, 'from-cli.json')).toThrow(/from-cli\.json: at \/: missing required field "parties"/);
  });
});

describe('scenario files never start a process on their own', () => {
  const spec = 'exec:touch /tmp/should-not-exist; python3 engine.py';
  test('an exec: engine in a file is refused unless the caller names the same command', () => {
    const s = { ...valid(), engine: spec };
    expect(() => parseScenario(s, 'shared.json')).toThrow(/at \/engine: no command run on the file's say-so: a scenario file cannot start a process/);
    expect(() => parseScenario(s, 'shared.json', { allowExec: 'exec:python3 other.py' })).toThrow(/cannot start a process/);
    expect(parseScenario(s, 'shared.json', { allowExec: spec }).engine).toBe(spec);
  });

  test('an unknown engine name, and a device engine with a weak variant, are refused', () => {
    expect(() => parseScenario({ ...valid(), engine: 'nope' }, 'x.json')).toThrow(/at \/engine: .*an engine of privacy-mode/);
    expect(() => parseScenario({ ...valid(), engine: 'libsignal', variant: 'no-ratchet' }, 'x.json')).toThrow(/at \/variant: .*reference: the engine libsignal runs only as itself/);
  });
});

describe('scenario files: every problem at once, with line:column and the value found', () => {
  test('a file with five errors reports all five, each located', () => {
    const s = valid();
    s['seed'] = 'three';
    (s['server'] as Record<string, unknown>)['mode'] = 'evil';
    s['colour'] = 'red';
    delete timelineOf(s)[1]!['at'];
    s['expect'] = { 'SEC-EVAPORATE': 'maybe' };
    const text = JSON.stringify(s, null, 2);
    const { path, error } = loadError(text);
    expect(error).toBeInstanceOf(ScenarioError);
    const e = error as ScenarioError;
    const byPointer = new Map(e.problems.map((p) => [p.pointer, p]));
    expect([...byPointer.keys()].sort()).toEqual(['', '/expect/SEC-EVAPORATE', '/seed', '/server/mode', '/timeline/1']);
    expect(e.problems).toHaveLength(5);
    const lines = text.split('\n');
    for (const p of e.problems) {
      expect(p.line).not.toBeNull();
      expect(e.message).toContain(`${path}:${p.line}:${p.column}: at ${p.pointer || '/'}`);
    }
    // Each value found sits at its reported line and column.
    const at = (pointer: string) => byPointer.get(pointer)!;
    const seedLine = lines[at('/seed').line! - 1]!;
    expect(seedLine.slice(at('/seed').column! - 1)).toMatch(/^"three"/);
    expect(at('/seed').found).toBe('"three"');
    expect(at('/server/mode').found).toBe('"evil"');
    expect(at('/expect/SEC-EVAPORATE').found).toBe('"maybe"');
    expect(at('').found).toBe('"red"');
    expect(lines[at('').line! - 1]).toContain('"colour"');
    expect(at('/timeline/1').expected).toMatch(/missing required field "at"/);
  });

  test('semantic problems are listed together too', () => {
    const s = valid();
    timelineOf(s)[0]!['from'] = 'mallory';
    timelineOf(s)[1]!['label'] = 'goodbye';
    s['rooms'] = [...(s['rooms'] as unknown[]), { id: 'ab', kind: 'direct', members: ['alice', 'bob'] }];
    const { error } = loadError(JSON.stringify(s, null, 2));
    expect((error as ScenarioError).problems.map((p) => p.pointer)).toEqual(['/rooms/1/id', '/timeline/0/from', '/timeline/1/label']);
    expect((error as ScenarioError).problems.map((p) => p.found)).toEqual(['"ab"', '"mallory"', '"goodbye"']);
  });

  test('a key given twice is refused where the second one is', () => {
    const text = '{\n  "name": "load-fixture",\n  "name": "other"\n}';
    const { error } = loadError(text);
    const dup = (error as ScenarioError).problems.find((p) => p.pointer === '/name');
    expect(dup).toMatchObject({ line: 3, column: 3 });
    expect(dup?.expected).toMatch(/once/);
  });

  test('a syntax error names its line and column', () => {
    const { error } = loadError('{\n  "name": "broken",\n  "seed": }');
    const [p] = (error as ScenarioError).problems;
    expect(p).toMatchObject({ pointer: '', line: 3 });
    expect(p?.column).toBeGreaterThan(1);
  });
});

describe('scenario files: a valid file loads as written', () => {
  test('the fixture loads unchanged', () => {
    const s = valid();
    const loaded: Scenario = loadScenarioFile(fileWith(JSON.stringify(s)));
    expect(loaded).toEqual(s);
  });

  test('a $schema pointer is allowed', () => {
    const s = { $schema: '../scenario.schema.json', ...valid() };
    expect(loadScenarioFile(fileWith(JSON.stringify(s))).name).toBe('load-fixture');
  });
});
