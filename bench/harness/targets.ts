// PERF-THROUGHPUT targets (bench/targets.json): parsed strictly, evaluated against one run's
// measurements. A ratio target holds when numerator/denominator ≤ max; a bytes target when the value
// ≤ max. A target whose inputs were not measured fails, unless it says `whenUnmeasured: "skip"`.
import { readFileSync } from 'node:fs';
import { computeRatio, lookup, type Measurements } from './ratios.ts';

export type Target =
  | {
      readonly id: string;
      readonly description: string;
      readonly kind: 'time' | 'size';
      readonly numerator: string;
      readonly denominator: string;
      readonly max: number;
      readonly whenUnmeasured: 'fail' | 'skip';
    }
  | {
      readonly id: string;
      readonly description: string;
      readonly kind: 'bytes';
      readonly measurement: string;
      readonly max: number;
      readonly whenUnmeasured: 'fail' | 'skip';
    };

type TargetStatus = 'hold' | 'miss' | 'unmeasured' | 'skipped';

export interface TargetResult {
  readonly id: string;
  readonly description: string;
  readonly status: TargetStatus;
  readonly measured: number | null;
  readonly max: number;
  /** One readable line: what was measured against what. */
  readonly detail: string;
}

const TARGETS_PATH = new URL('../targets.json', import.meta.url);

export class TargetsFileError extends Error {
  override readonly name = 'TargetsFileError';
}

function field<T>(o: Record<string, unknown>, key: string, check: (v: unknown) => v is T, at: string): T {
  const v = o[key];
  if (!check(v)) throw new TargetsFileError(`${at}.${key}: missing or of the wrong type`);
  return v;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isPositive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

function parseTarget(raw: unknown, at: string): Target {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new TargetsFileError(`${at}: expected an object`);
  const o = raw as Record<string, unknown>;
  const id = field(o, 'id', isString, at);
  const description = field(o, 'description', isString, at);
  const max = field(o, 'max', isPositive, at);
  const when = o['whenUnmeasured'] ?? 'fail';
  if (when !== 'fail' && when !== 'skip') throw new TargetsFileError(`${at}.whenUnmeasured: expected "fail" or "skip"`);
  const kind = o['kind'];
  if (kind === 'time' || kind === 'size') {
    return { id, description, kind, numerator: field(o, 'numerator', isString, at), denominator: field(o, 'denominator', isString, at), max, whenUnmeasured: when };
  }
  if (kind === 'bytes') return { id, description, kind, measurement: field(o, 'measurement', isString, at), max, whenUnmeasured: when };
  throw new TargetsFileError(`${at}.kind: expected "time", "size" or "bytes"`);
}

export function parseTargets(json: unknown): Target[] {
  if (typeof json !== 'object' || json === null) throw new TargetsFileError('targets file: expected an object');
  const list = (json as Record<string, unknown>)['targets'];
  if (!Array.isArray(list)) throw new TargetsFileError('targets file: `targets` must be an array');
  const targets = list.map((t, i) => parseTarget(t, `targets[${i}]`));
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.id)) throw new TargetsFileError(`targets file: duplicate id ${t.id}`);
    seen.add(t.id);
  }
  return targets;
}

export function loadTargets(path: URL | string = TARGETS_PATH): Target[] {
  return parseTargets(JSON.parse(readFileSync(path, 'utf8')) as unknown);
}

const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));

function evaluateTarget(t: Target, m: Measurements): TargetResult {
  const base = { id: t.id, description: t.description, max: t.max };
  const unmeasured = (what: string): TargetResult => ({
    ...base,
    status: t.whenUnmeasured === 'skip' ? 'skipped' : 'unmeasured',
    measured: null,
    detail: `not measured in this run: ${what}`,
  });
  if (t.kind === 'bytes') {
    const v = lookup(m, 'size', t.measurement);
    if (v === null) return unmeasured(t.measurement);
    return { ...base, status: v <= t.max ? 'hold' : 'miss', measured: v, detail: `${t.measurement} = ${fmt(v)} B (max ${fmt(t.max)} B)` };
  }
  const r = computeRatio({ id: t.id, label: t.description, kind: t.kind, numerator: t.numerator, denominator: t.denominator }, m);
  if (r.value === null) return unmeasured(r.missing ?? 'a side of the ratio');
  const unit = t.kind === 'time' ? ' ms' : ' B';
  const detail = `${t.numerator} / ${t.denominator} = ${fmt(r.numeratorValue ?? 0)}${unit} / ${fmt(r.denominatorValue ?? 0)}${unit} = ${fmt(r.value)} (target ≤ ${fmt(t.max)})`;
  return { ...base, status: r.value <= t.max ? 'hold' : 'miss', measured: r.value, detail };
}

export function evaluateTargets(targets: readonly Target[], m: Measurements): TargetResult[] {
  return targets.map((t) => evaluateTarget(t, m));
}

/** --check passes when no target missed and none that must be measured went unmeasured. */
export function checkPasses(results: readonly TargetResult[]): boolean {
  return results.every((r) => r.status === 'hold' || r.status === 'skipped');
}
