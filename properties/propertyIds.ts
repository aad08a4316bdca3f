// The property IDs (docs/properties.md): used in code, test names, scenario expectations and
// reports. The catalogue (catalogue.ts) gives each its promise, its judge and the weak variants that
// must fail it; this file only names them, so that every layer can refer to an ID without a cycle.
export const PROPERTY_IDS = [
  'SEC-SERVER-BLIND',
  'SEC-MITM',
  'SEC-EVAPORATE',
  'SEC-RETENTION',
  'SEC-INTEGRITY',
  'SEC-FS',
  'SEC-PCS',
  'SEC-GROUP',
  'SEC-WARRANT',
  'SEC-PQ',
  'LIVE-DELIVERY',
  'DET-REPLAY',
  'PERF-THROUGHPUT',
] as const;

export type CatalogueId = (typeof PROPERTY_IDS)[number];

/** The properties a simulated run is judged on (PERF-THROUGHPUT belongs to bench/). */
export type PropertyId = Exclude<CatalogueId, 'PERF-THROUGHPUT'>;
export const RUN_PROPERTY_IDS: readonly PropertyId[] = PROPERTY_IDS.filter((id): id is PropertyId => id !== 'PERF-THROUGHPUT');

export type Verdict = 'pass' | 'fail';
/**
 * What a judge may return: a verdict; 'not applicable' when the run's engine lacks a capability the
 * property needs or the run is outside the promise; 'not exercised' when the run gave the judge nothing
 * to judge. Neither of the last two is a pass, and neither meets an expectation.
 */
export type JudgedVerdict = Verdict | 'not applicable' | 'not exercised';
/** What a scenario expects of a property: a verdict, or that the run gives it none (not exercised, not applicable). */
export type Expectations = Partial<Record<PropertyId, JudgedVerdict>>;

export function isPropertyId(s: string): s is PropertyId {
  return (RUN_PROPERTY_IDS as readonly string[]).includes(s);
}
