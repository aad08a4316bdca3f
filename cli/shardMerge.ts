// Combining `sealroom check --shard i/n --json` outputs into the result one unsharded run gives: the
// shards' run blocks laid end to end, coverage counted over all of them with the gates applied to the
// totals, and the earliest counterexample (the one the unsharded campaign would have stopped at).

import AjvModule from 'ajv';
import { CHECK_JSON_FORMAT, type CheckJson, type CheckResultJson, type CoverageJson } from '../properties/checkReport.ts';
import { CliInputError } from './exitCodes.ts';

const Ajv = AjvModule.default ?? AjvModule;

/** The part of the check JSON contract a merge reads; anything else in a file is ignored. */
const SHARD_SCHEMA = {
  type: 'object',
  required: ['format', 'variant', 'seed', 'runs', 'shard', 'results'],
  properties: {
    format: { const: CHECK_JSON_FORMAT },
    variant: { type: 'string' },
    engine: { type: 'string' },
    seed: { type: ['integer', 'string'] },
    runs: { type: ['integer', 'null'] },
    shard: { type: 'string', pattern: '^[0-9]+/[0-9]+$' },
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['property', 'status', 'runs', 'firstRun', 'coverage', 'counterexample'],
        properties: {
          property: { type: 'string' },
          status: { enum: ['pass', 'fail'] },
          runs: { type: 'integer', minimum: 0 },
          firstRun: { type: 'integer', minimum: 0 },
          coverage: {
            type: 'array',
            items: { type: 'object', required: ['situation', 'hits', 'runs', 'minShare'], properties: { hits: { type: 'integer' }, runs: { type: 'integer' }, minShare: { type: 'number' } } },
          },
          counterexample: { type: ['object', 'null'] },
        },
      },
    },
  },
} as const;

const validateShard = new Ajv({ allErrors: true, strict: false }).compile(SHARD_SCHEMA);

export interface ShardFile {
  readonly file: string;
  readonly json: unknown;
}

function checked(f: ShardFile): CheckJson & { readonly shard: string } {
  if (!validateShard(f.json)) {
    const problems = (validateShard.errors ?? []).map(
      (e) => `at ${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.keyword === 'const' ? ` (a file from sealroom check --shard i/n --json, format ${CHECK_JSON_FORMAT})` : ''}`,
    );
    throw new CliInputError(`${f.file}: not a shard result of sealroom check: ${problems.join('; ')}`);
  }
  return f.json as CheckJson & { readonly shard: string };
}

function same<T>(shards: readonly (CheckJson & { file: string })[], field: string, get: (j: CheckJson) => T): void {
  const first = shards[0];
  if (first === undefined) return;
  for (const s of shards) {
    if (JSON.stringify(get(s)) !== JSON.stringify(get(first)))
      throw new CliInputError(`${s.file}: ${field} ${JSON.stringify(get(s))} differs from ${first.file}'s ${JSON.stringify(get(first))}: shards of one campaign share it`);
  }
}

/** The shards must be 1/n … n/n of one campaign, each once. */
function checkShardSet(shards: readonly (CheckJson & { shard: string; file: string })[]): number {
  const counts = new Set(shards.map((s) => s.shard.split('/')[1]));
  if (counts.size !== 1) throw new CliInputError(`the shards are cut in different ways (${shards.map((s) => `${s.file}: ${s.shard}`).join(', ')})`);
  const count = Number([...counts][0]);
  const seen = new Map<number, string>();
  for (const s of shards) {
    const index = Number(s.shard.split('/')[0]);
    const before = seen.get(index);
    if (before !== undefined) throw new CliInputError(`${s.file}: shard ${s.shard} is given twice (also ${before})`);
    seen.set(index, s.file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new CliInputError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: a merge needs every shard of the campaign`);
  return count;
}

function mergedCoverage(parts: readonly CheckResultJson[]): CoverageJson[] {
  const first = parts[0]?.coverage ?? [];
  return first.map((gate) => {
    const hits = parts.reduce((n, p) => n + (p.coverage.find((c) => c.situation === gate.situation)?.hits ?? 0), 0);
    const runs = parts.reduce((n, p) => n + (p.coverage.find((c) => c.situation === gate.situation)?.runs ?? 0), 0);
    const met = hits > 0 && runs > 0 && hits / runs >= gate.minShare;
    return { situation: gate.situation, hits, runs, minShare: gate.minShare, met };
  });
}

/** One property over every shard: blocks in run order, stopping at the first counterexample as one campaign would. */
function mergeProperty(parts: readonly CheckResultJson[]): CheckResultJson {
  const ordered = [...parts].sort((a, b) => a.firstRun - b.firstRun);
  const failing = ordered.findIndex((p) => p.counterexample !== null);
  const counted = failing === -1 ? ordered : ordered.slice(0, failing + 1);
  const coverage = mergedCoverage(counted);
  const runs = counted.reduce((n, p) => n + p.runs, 0);
  const first = ordered[0] as CheckResultJson;
  const base = { property: first.property, runs, seed: first.seed, firstRun: 0, coverage };
  const cx = failing === -1 ? null : (ordered[failing]?.counterexample ?? null);
  if (cx !== null) return { ...base, status: 'fail', reason: 'counterexample', counterexample: cx };
  const short = coverage.some((c) => !c.met);
  return { ...base, status: short ? 'fail' : 'pass', reason: short ? 'coverage' : null, counterexample: null };
}

export function mergeShards(files: readonly ShardFile[]): CheckJson {
  if (files.length === 0) throw new CliInputError('merge: name the shard result files (from sealroom check --shard i/n --json)');
  const shards = files.map((f) => ({ ...checked(f), file: f.file }));
  same(shards, 'variant', (j) => j.variant);
  same(shards, 'engine', (j) => j.engine ?? "(the variant's own)");
  same(shards, 'seed', (j) => j.seed);
  same(shards, 'runs', (j) => j.runs);
  same(shards, 'the properties', (j) => j.results.map((r) => r.property));
  checkShardSet(shards);
  const first = shards[0] as CheckJson;
  const properties = first.results.map((r) => r.property);
  const results = properties.map((p) => mergeProperty(shards.map((s) => s.results.find((r) => r.property === p) as CheckResultJson)));
  const merged = [...shards].sort((a, b) => Number(a.shard.split('/')[0]) - Number(b.shard.split('/')[0])).map((s) => s.shard);
  return {
    format: CHECK_JSON_FORMAT,
    variant: first.variant,
    ...(first.engine === undefined ? {} : { engine: first.engine }),
    seed: first.seed,
    runs: first.runs,
    shard: null,
    coverageGate: 'applied',
    merged,
    results,
  };
}
