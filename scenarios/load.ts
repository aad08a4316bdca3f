// Loading a scenario file: JSON parse, the published JSON Schema (ajv, every error at once), then the
// checks a schema cannot state (names refer to declared parties and rooms, senders are members of
// their room at that moment, views follow their sends, the timeline is in time order and inside the
// simulator's clock). Every failure is a ScenarioError listing each problem with its JSON pointer,
// line:column, the value found and what was expected; nothing runs unless the whole file is valid.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse as parseJsonAst } from '@humanwhocodes/momoa';
import AjvModule from 'ajv';
import type { ErrorObject } from 'ajv';
import { ENGINES, engineOfVariant, isEngineName } from '../engines/registry.ts';
import { MAX_SIM_TIME_MS } from '../sim/engine/limits.ts';
import type { Action, Scenario } from './types.ts';

const require = createRequire(import.meta.url);
const schema = require('./scenario.schema.json') as object;
const Ajv = AjvModule.default ?? AjvModule;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** Problems listed per file: past this the rest are counted, not listed (a wrong file can hold thousands). */
const MAX_PROBLEMS_LISTED = 50;
/** A found value is quoted up to this many characters. */
const MAX_FOUND_CHARS = 80;

export interface ScenarioProblem {
  /** JSON pointer (RFC 6901) of the offending value; '' is the whole document. */
  readonly pointer: string;
  /** 1-based line and column of that value in the file, when the file's text is known. */
  readonly line: number | null;
  readonly column: number | null;
  /** The value found there, as JSON (shortened); null when nothing is there. */
  readonly found: string | null;
  /** What was expected instead. */
  readonly expected: string;
}

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  /** The first problem's pointer and expectation (every problem is in `problems`). */
  readonly path: string;
  readonly expected: string;
  constructor(
    readonly file: string,
    readonly problems: readonly ScenarioProblem[],
  ) {
    super(describeProblems(file, problems));
    this.path = problems[0]?.pointer ?? '';
    this.expected = problems[0]?.expected ?? 'a valid scenario';
  }
}

function describeProblem(file: string, p: ScenarioProblem): string {
  const place = p.line === null ? file : `${file}:${p.line}:${p.column ?? 1}`;
  return `${place}: at ${p.pointer || '/'}: ${p.expected}${p.found === null ? '' : `; found ${p.found}`}`;
}

function describeProblems(file: string, problems: readonly ScenarioProblem[]): string {
  if (problems.length <= 1) return problems[0] === undefined ? `${file}: invalid scenario` : describeProblem(file, problems[0]);
  const listed = problems.slice(0, MAX_PROBLEMS_LISTED).map((p) => `  ${describeProblem(file, p)}`);
  const more = problems.length > MAX_PROBLEMS_LISTED ? [`  … and ${problems.length - MAX_PROBLEMS_LISTED} more`] : [];
  return [`${file}: ${problems.length} problems`, ...listed, ...more].join('\n');
}

// ---- where a pointer is in the text ---------------------------------------------------------------------

type Locator = (pointer: string) => { line: number; column: number } | null;

const NOWHERE: Locator = () => null;

function unescapePointerToken(t: string): string {
  return t.replace(/~1/g, '/').replace(/~0/g, '~');
}

function escapePointerToken(t: string): string {
  return t.replace(/~/g, '~0').replace(/\//g, '~1');
}

type AstNode = ReturnType<typeof parseJsonAst>['body'];

/** Finds the line:column of every JSON pointer by walking momoa's syntax tree of the file's text. */
function locatorOf(text: string): Locator {
  let root: AstNode;
  try {
    root = parseJsonAst(text).body;
  } catch {
    return NOWHERE;
  }
  return (pointer) => {
    let node: AstNode | undefined = root;
    for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
      const token = unescapePointerToken(raw);
      if (node?.type === 'Object') node = node.members.findLast((m) => (m.name.type === 'String' ? m.name.value : m.name.name) === token)?.value;
      else if (node?.type === 'Array') node = node.elements[Number(token)]?.value;
      else node = undefined;
      if (node === undefined) return null;
    }
    return { line: node.loc.start.line, column: node.loc.start.column };
  };
}

/** Duplicate keys: JSON.parse keeps the last silently, so a file could say two things and mean one. */
function duplicateKeys(text: string): ScenarioProblem[] {
  let root: AstNode;
  try {
    root = parseJsonAst(text).body;
  } catch {
    return [];
  }
  const problems: ScenarioProblem[] = [];
  const walk = (node: AstNode, pointer: string): void => {
    if (node.type === 'Array') node.elements.forEach((e, i) => walk(e.value, `${pointer}/${i}`));
    if (node.type !== 'Object') return;
    const seen = new Set<string>();
    for (const m of node.members) {
      const key = m.name.type === 'String' ? m.name.value : m.name.name;
      const at = `${pointer}/${escapePointerToken(key)}`;
      if (seen.has(key)) problems.push({ pointer: at, line: m.loc.start.line, column: m.loc.start.column, found: null, expected: `field "${key}" once (it appears twice)` });
      seen.add(key);
      walk(m.value, at);
    }
  };
  walk(root, '');
  return problems;
}

// ---- schema problems ---------------------------------------------------------------------------------------

function foundAt(json: unknown, pointer: string): string | null {
  let v: unknown = json;
  for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
    if (v === null || typeof v !== 'object') return null;
    v = (v as Record<string, unknown>)[unescapePointerToken(raw)];
  }
  if (v === undefined) return null;
  const text = JSON.stringify(v);
  return text.length > MAX_FOUND_CHARS ? `${text.slice(0, MAX_FOUND_CHARS - 1)}…` : text;
}

function describeAjvError(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `unknown field "${String(params['additionalProperty'])}"`;
  if (e.keyword === 'enum') return `expected one of ${JSON.stringify(params['allowedValues'])}`;
  if (e.keyword === 'const') return `expected ${JSON.stringify(params['allowedValue'])}`;
  if (e.keyword === 'required') return `missing required field "${String(params['missingProperty'])}"`;
  return `expected value that ${e.message ?? 'matches the schema'}`;
}

/** ajv's errors as problems: `if` failures only restate the `then` errors beside them, and repeats are dropped. */
function schemaProblems(json: unknown, errors: readonly ErrorObject[], locate: Locator): ScenarioProblem[] {
  const seen = new Set<string>();
  const problems: ScenarioProblem[] = [];
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    const expected = describeAjvError(e);
    const key = `${e.instancePath}\u0000${expected}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // An unknown field is found (and located) under its own name; a missing one has no value to show.
    const unknownKey = e.keyword === 'additionalProperties' ? String((e.params as Record<string, unknown>)['additionalProperty']) : undefined;
    const valueAt = unknownKey === undefined ? e.instancePath : `${e.instancePath}/${escapePointerToken(unknownKey)}`;
    const at = locate(valueAt) ?? locate(e.instancePath);
    const found = e.keyword === 'required' ? null : foundAt(json, valueAt);
    problems.push({ pointer: e.instancePath, line: at?.line ?? null, column: at?.column ?? null, found, expected });
  }
  return problems;
}

// ---- semantic problems ---------------------------------------------------------------------------------------

interface Semantic {
  readonly s: Scenario;
  readonly parties: ReadonlySet<string>;
  /** The one `exec:` engine the caller allows (named on its command line). */
  readonly allowExec: string | undefined;
  readonly problems: { pointer: string; expected: string }[];
}

function reportTo(ctx: Semantic) {
  const add = (pointer: string, expected: string): void => void ctx.problems.push({ pointer, expected });
  return {
    add,
    party: (pointer: string, name: string | undefined): void => {
      if (name !== undefined && !ctx.parties.has(name)) add(pointer, `a declared party (${[...ctx.parties].join(', ')})`);
    },
  };
}

function checkRooms(ctx: Semantic): void {
  const { add, party } = reportTo(ctx);
  const ids = new Set<string>();
  ctx.s.rooms.forEach((r, i) => {
    if (ids.has(r.id)) add(`/rooms/${i}/id`, `a room id not used before (two rooms are named "${r.id}")`);
    ids.add(r.id);
    r.members.forEach((m, j) => party(`/rooms/${i}/members/${j}`, m));
    party(`/rooms/${i}/creator`, r.creator);
    if (r.creator !== undefined && !r.members.includes(r.creator)) add(`/rooms/${i}/creator`, `one of the room's members (${r.members.join(', ')})`);
    if (r.kind === 'direct' && r.members.length !== 2) add(`/rooms/${i}/members`, 'exactly 2 members: a direct room is between two parties');
    if (r.kind === 'direct' && r.creator !== undefined) add(`/rooms/${i}/creator`, 'no creator: only group rooms have an admin');
  });
}

/** The 2014 design was 1:1 only and had no post-quantum prekeys to strip. */
function checkShipped2014(ctx: Semantic): void {
  if (ctx.s.variant !== 'shipped-2014') return;
  const { add } = reportTo(ctx);
  ctx.s.rooms.forEach((r, i) => {
    if (r.kind === 'group') add(`/rooms/${i}/kind`, 'a direct room: the shipped-2014 variant has no group rooms');
  });
  ctx.s.timeline.forEach((a, i) => {
    const unsupported =
      a.do === 'add-member' || a.do === 'remove-member' || (a.do === 'adversary' && ['inject-member', 'fork-group', 'strip-kem', 'strip-one-time-prekeys', 'serve-stale-bundle'].includes(a.attack));
    if (unsupported) add(`/timeline/${i}`, 'an action the shipped-2014 variant supports (it has no group rooms and no KEM prekeys)');
  });
}

/** An engine the registry knows (or exec:COMMAND), which runs the scenario's variant: a device engine runs only as itself. */
function checkEngine(ctx: Semantic): void {
  const engine = ctx.s.engine;
  if (engine === undefined) return;
  const { add } = reportTo(ctx);
  if (!isEngineName(engine)) return add('/engine', `an engine of ${ENGINES.map((e) => e.name).join(', ')}, or exec:COMMAND`);
  // A file must not start a process on its own: whoever runs it names that command on the command line.
  if (engine.startsWith('exec:') && engine !== ctx.allowExec)
    return add('/engine', `no command run on the file's say-so: a scenario file cannot start a process; to run this one, name it on the command line (--engine '${engine.replace(/'/g, "'\\''")}')`);
  const builtin = ENGINES.find((e) => e.name === engine && e.host === 'world');
  if (builtin !== undefined && builtin.name !== engineOfVariant(ctx.s.variant))
    add('/engine', `the ${engineOfVariant(ctx.s.variant)} engine, which the ${ctx.s.variant} variant runs on (or no engine field)`);
  if (builtin === undefined && ctx.s.variant !== 'reference') add('/variant', `reference: the engine ${engine} runs only as itself`);
}

/** Field names that hold a party in some action (attackers and ghosts are devices the world makes for the server). */
const PARTY_FIELDS = ['from', 'user', 'peer', 'by', 'target', 'requester', 'claimedFrom', 'to', 'as', 'victim'] as const;

function checkReferences(ctx: Semantic, a: Action, at: string, rooms: ReadonlyMap<string, unknown>): void {
  const { add, party } = reportTo(ctx);
  const room = (pointer: string, id: string | undefined): void => {
    if (id !== undefined && !rooms.has(id)) add(pointer, `a declared room (${[...rooms.keys()].join(', ')})`);
  };
  const r = a as unknown as Record<string, unknown>;
  for (const key of PARTY_FIELDS) if (typeof r[key] === 'string') party(`${at}/${key}`, r[key] as string);
  if (typeof r['room'] === 'string') room(`${at}/room`, r['room'] as string);
  const match = r['match'] as Record<string, string> | undefined;
  if (match !== undefined) {
    party(`${at}/match/from`, match['from']);
    party(`${at}/match/to`, match['to']);
    room(`${at}/match/room`, match['room']);
  }
  if (a.do === 'partition') a.users.forEach((u, j) => party(`${at}/users/${j}`, u));
  if (a.do === 'adversary' && a.attack === 'fork-group') a.members.forEach((u, j) => party(`${at}/members/${j}`, u));
  if (a.do === 'warrant' && 'user' in a.target) party(`${at}/target/user`, a.target.user);
  if (a.do === 'warrant' && 'room' in a.target) room(`${at}/target/room`, a.target.room);
}

interface TimelineState {
  /** Each room's members as the timeline has changed them so far. */
  readonly members: Map<string, Set<string>>;
  readonly kinds: ReadonlyMap<string, 'direct' | 'group'>;
  /** Each labelled send: its sender and who was in the room when it was sent. */
  readonly labels: Map<string, { readonly from: string; readonly audience: ReadonlySet<string> }>;
  readonly stolen: Set<string>;
}

function checkMembership(ctx: Semantic, a: Action, at: string, st: TimelineState): void {
  const { add } = reportTo(ctx);
  if (a.do === 'send') {
    const members = st.members.get(a.room);
    if (members !== undefined && ctx.parties.has(a.from) && !members.has(a.from)) add(`${at}/from`, `a member of room "${a.room}" at ${a.at} ms (members then: ${[...members].join(', ')})`);
    if (a.label !== undefined) {
      if (st.labels.has(a.label)) add(`${at}/label`, `a label not used before ("${a.label}" is used twice)`);
      else st.labels.set(a.label, { from: a.from, audience: new Set(members) });
    }
  }
  if (a.do === 'add-member' || a.do === 'remove-member') {
    const members = st.members.get(a.room);
    if (members === undefined) return;
    if (st.kinds.get(a.room) !== 'group') return add(`${at}/room`, `a group room: "${a.room}" is a direct room, whose members never change`);
    if (!members.has(a.by)) add(`${at}/by`, `a member of room "${a.room}" at ${a.at} ms`);
    if (a.do === 'add-member' && members.has(a.user)) add(`${at}/user`, `someone not yet in room "${a.room}" (already a member at ${a.at} ms)`);
    if (a.do === 'remove-member' && !members.has(a.user)) add(`${at}/user`, `a member of room "${a.room}" at ${a.at} ms`);
    if (a.do === 'add-member') members.add(a.user);
    else members.delete(a.user);
  }
  if (a.do === 'view') {
    const sent = st.labels.get(a.label);
    if (sent === undefined) add(`${at}/label`, `the label of an earlier send (no earlier send is labelled "${a.label}")`);
    else if (a.user === sent.from) add(`${at}/user`, `a recipient of "${a.label}": ${a.user} sent it`);
    else if (ctx.parties.has(a.user) && !sent.audience.has(a.user)) add(`${at}/user`, `a recipient of "${a.label}" (${a.user} was not in its room when it was sent)`);
  }
}

function checkActionRules(ctx: Semantic, a: Action, at: string, st: TimelineState): void {
  const { add } = reportTo(ctx);
  if (a.do === 'steal-phone') st.stolen.add(a.user);
  if (a.do === 'thief-sends' && !st.stolen.has(a.victim)) add(`${at}/victim`, `a party whose phone an earlier steal-phone took (${a.victim}'s was not stolen before ${a.at} ms)`);
  if (a.do === 'roll-back-phone' && !st.stolen.has(a.user)) add(`${at}/user`, `a party whose phone an earlier steal-phone copied (${a.user}'s was not stolen before ${a.at} ms)`);
  if ((a.do === 'verify' || a.do === 'acknowledge-key-change' || a.do === 'release-held') && a.user === a.peer) add(`${at}/peer`, `another party than the user (${a.user})`);
  if (a.do === 'warrant' && a.fromMs > a.toMs) add(`${at}/toMs`, `a window end at or after fromMs ${a.fromMs}`);
  if (a.do === 'adversary' && ctx.s.server.mode !== 'malicious') add(`${at}/attack`, `an action for this server: only a malicious server attacks (server.mode is "${ctx.s.server.mode}")`);
}

function checkTimeline(ctx: Semantic): void {
  const { add } = reportTo(ctx);
  const kinds = new Map(ctx.s.rooms.map((r) => [r.id, r.kind] as const));
  const st: TimelineState = { members: new Map(ctx.s.rooms.map((r) => [r.id, new Set(r.members)])), kinds, labels: new Map(), stolen: new Set() };
  let last = 0;
  ctx.s.timeline.forEach((a: Action, i) => {
    const at = `/timeline/${i}`;
    if (a.at < last) add(`${at}/at`, `a time at or after the previous action's ${last} ms: the timeline must be in time order`);
    if (a.at > MAX_SIM_TIME_MS) add(`${at}/at`, `a time within the simulator's clock (at most ${MAX_SIM_TIME_MS} ms, 366 days)`);
    last = Math.max(last, a.at);
    checkReferences(ctx, a, at, kinds);
    checkMembership(ctx, a, at, st);
    checkActionRules(ctx, a, at, st);
  });
  if (ctx.s.endMs !== undefined && ctx.s.endMs < last) add('/endMs', `an end at or after the last action at ${last} ms`);
  if (ctx.s.endMs !== undefined && ctx.s.endMs > MAX_SIM_TIME_MS) add('/endMs', `an end within the simulator's clock (at most ${MAX_SIM_TIME_MS} ms)`);
}

/** How a caller loads scenarios: `allowExec` is the one `exec:COMMAND` engine a file may name (the CLI's --engine). */
export interface LoadOptions {
  readonly allowExec?: string;
}

function semanticProblems(s: Scenario, json: unknown, locate: Locator, options: LoadOptions): ScenarioProblem[] {
  const ctx: Semantic = { s, parties: new Set(s.parties), problems: [], allowExec: options.allowExec };
  checkRooms(ctx);
  checkShipped2014(ctx);
  checkEngine(ctx);
  checkTimeline(ctx);
  return ctx.problems.map((p) => {
    const at = locate(p.pointer);
    return { pointer: p.pointer, line: at?.line ?? null, column: at?.column ?? null, found: foundAt(json, p.pointer), expected: p.expected };
  });
}

function validated(json: unknown, file: string, locate: Locator, early: readonly ScenarioProblem[], options: LoadOptions): Scenario {
  if (!validate(json)) throw new ScenarioError(file, [...early, ...schemaProblems(json, validate.errors ?? [], locate)]);
  const scenario = json as unknown as Scenario;
  const problems = [...early, ...semanticProblems(scenario, json, locate, options)];
  if (problems.length > 0) throw new ScenarioError(file, problems);
  return scenario;
}

/** Validate already-parsed JSON as a scenario; `file` names it in errors (no line:column: there is no text). */
export function parseScenario(json: unknown, file = '<scenario>', options: LoadOptions = {}): Scenario {
  return validated(json, file, NOWHERE, [], options);
}

/** Validate a scenario file's text: every problem located by line:column, duplicate keys included. */
function parseScenarioText(text: string, file: string, options: LoadOptions): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    let at: { line: number | null; column: number | null } = { line: null, column: null };
    try {
      parseJsonAst(text);
    } catch (syntax) {
      const s = syntax as { line?: unknown; column?: unknown };
      if (typeof s.line === 'number' && typeof s.column === 'number') at = { line: s.line, column: s.column };
    }
    throw new ScenarioError(file, [{ pointer: '', ...at, found: null, expected: `valid JSON (${(e as Error).message})` }]);
  }
  return validated(json, file, locatorOf(text), duplicateKeys(text), options);
}

export function loadScenarioFile(path: string, options: LoadOptions = {}): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ScenarioError(path, [{ pointer: '', line: null, column: null, found: null, expected: `a readable file (${(e as Error).message})` }]);
  }
  return parseScenarioText(text, path, options);
}
