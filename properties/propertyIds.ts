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
/** What a judge may return: a verdict, or 'not applicable' when the run's engine lacks a capability the property needs. */
export type JudgedVerdict = Verdict | 'not applicable';
export type Expectations = Partial<Record<PropertyId, Verdict>>;

export function isPropertyId(s: string): s is PropertyId {
  return (RUN_PROPERTY_IDS as readonly string[]).includes(s);
}
