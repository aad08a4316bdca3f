// Loading a scenario file: JSON parse, the published JSON Schema (ajv), then the checks a schema
// cannot state (names refer to declared parties and rooms, views follow their sends, the timeline
// is in time order). Every failure is a ScenarioError naming the file, the JSON path and what was
// expected; nothing runs unless the whole file is valid.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvModule from 'ajv';
import type { ErrorObject } from 'ajv';
import type { Action, Scenario } from './types.ts';

const require = createRequire(import.meta.url);
const schema = require('./scenario.schema.json') as object;
const Ajv = AjvModule.default ?? AjvModule;
const validate = new Ajv({ allErrors: false, strict: false }).compile(schema);

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  constructor(
    readonly file: string,
    readonly path: string,
    readonly expected: string,
  ) {
    super(`${file}: at ${path || '/'}: ${expected}`);
  }
}

function describeAjvError(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `unknown field "${String(params['additionalProperty'])}"`;
  if (e.keyword === 'enum') return `expected one of ${JSON.stringify(params['allowedValues'])}`;
  if (e.keyword === 'required') return `missing required field "${String(params['missingProperty'])}"`;
  return `expected value that ${e.message ?? 'matches the schema'}`;
}

function semanticCheck(file: string, s: Scenario): void {
  const parties = new Set(s.parties);
  const rooms = new Map(s.rooms.map((r) => [r.id, r]));
  const party = (path: string, name: string | undefined) => {
    if (name !== undefined && !parties.has(name)) throw new ScenarioError(file, path, `"${name}" is not a declared party (${[...parties].join(', ')})`);
  };
  const room = (path: string, id: string | undefined) => {
    if (id !== undefined && !rooms.has(id)) throw new ScenarioError(file, path, `"${id}" is not a declared room`);
  };
  s.rooms.forEach((r, i) => {
    r.members.forEach((m, j) => party(`/rooms/${i}/members/${j}`, m));
    party(`/rooms/${i}/creator`, r.creator);
    if (r.kind === 'direct' && r.members.length !== 2) throw new ScenarioError(file, `/rooms/${i}/members`, 'a direct room has exactly 2 members');
  });
  if (s.variant === 'shipped-2014') {
    // The 2014 design was 1:1 only and had no post-quantum prekeys to strip.
    s.rooms.forEach((r, i) => {
      if (r.kind === 'group') throw new ScenarioError(file, `/rooms/${i}/kind`, 'a direct room: the shipped-2014 variant has no group rooms');
    });
    s.timeline.forEach((a, i) => {
      const unsupported = a.do === 'add-member' || a.do === 'remove-member' || (a.do === 'adversary' && ['inject-member', 'fork-group', 'strip-kem', 'strip-one-time-prekeys'].includes(a.attack));
      if (unsupported) throw new ScenarioError(file, `/timeline/${i}`, `an action the shipped-2014 variant supports (it has no group rooms and no KEM prekeys)`);
    });
  }
  const labels = new Set<string>();
  let last = 0;
  s.timeline.forEach((a: Action, i) => {
    const at = `/timeline/${i}`;
    if (a.at < last) throw new ScenarioError(file, `${at}/at`, `time ${a.at} is before the previous action's ${last}: the timeline must be in time order`);
    last = a.at;
    const r = a as unknown as Record<string, unknown>;
    // Attackers and ghosts (`attacker`, `ghost`) are devices the world makes for the server; every other name is a party.
    for (const key of ['from', 'user', 'peer', 'by', 'target', 'requester', 'claimedFrom', 'to', 'as', 'victim']) {
      if (typeof r[key] === 'string') party(`${at}/${key}`, r[key] as string);
    }
    if (typeof r['room'] === 'string') room(`${at}/room`, r['room'] as string);
    const match = r['match'] as Record<string, string> | undefined;
    if (match !== undefined) {
      party(`${at}/match/from`, match['from']);
      party(`${at}/match/to`, match['to']);
      room(`${at}/match/room`, match['room']);
    }
    if (a.do === 'send') {
      if (a.label !== undefined) {
        if (labels.has(a.label)) throw new ScenarioError(file, `${at}/label`, `label "${a.label}" is used twice`);
        labels.add(a.label);
      }
    }
    if (a.do === 'view' && !labels.has(a.label)) throw new ScenarioError(file, `${at}/label`, `no earlier send is labelled "${a.label}"`);
    if (a.do === 'warrant' && 'user' in a.target) party(`${at}/target/user`, a.target.user);
    if (a.do === 'warrant' && 'room' in a.target) room(`${at}/target/room`, a.target.room);
  });
  if (s.endMs !== undefined && s.endMs < last) throw new ScenarioError(file, '/endMs', `endMs ${s.endMs} is before the last action at ${last}`);
}

/** Validate already-parsed JSON as a scenario; `file` names it in errors. */
export function parseScenario(json: unknown, file = '<scenario>'): Scenario {
  if (!validate(json)) {
    const e = (validate.errors ?? [])[0];
    throw new ScenarioError(file, e?.instancePath ?? '', e === undefined ? 'invalid scenario' : describeAjvError(e));
  }
  const scenario = json as unknown as Scenario;
  semanticCheck(file, scenario);
  return scenario;
}

export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ScenarioError(path, '', `a readable file (${(e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(path, '', `valid JSON (${(e as Error).message})`);
  }
  return parseScenario(json, path);
}
