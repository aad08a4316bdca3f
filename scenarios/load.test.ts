// Loading scenario files: a malformed file is refused with a ScenarioError that
// names the file, the JSON path and what was expected, before anything is built or run; a valid
// file loads as the data it holds.
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
  { what: 'a party not declared (sender)', mutate: (s) => (timelineOf(s)[0]!['from'] = 'mallory'), path: '/timeline/0/from', expected: /"mallory" is not a declared party/ },
  {
    what: 'a party not declared (room member)',
    mutate: (s) => (s['rooms'] = [{ id: 'ab', kind: 'direct', members: ['alice', 'carol'] }]),
    path: '/rooms/0/members/1',
    expected: /"carol" is not a declared party/,
  },
  { what: 'a room not declared', mutate: (s) => (timelineOf(s)[0]!['room'] = 'cd'), path: '/timeline/0/room', expected: /"cd" is not a declared room/ },
  { what: 'time going backwards', mutate: (s) => (timelineOf(s)[1]!['at'] = 999), path: '/timeline/1/at', expected: /before the previous action's 1000/ },
  { what: 'run ending before its last action', mutate: (s) => (s['endMs'] = 1500), path: '/endMs', expected: /before the last action at 2000/ },
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
