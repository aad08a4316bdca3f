// What a checker reports when a promise is broken (docs/properties.md): the property ID
// and a sentence a person can act on. Checkers return lists of these; an empty list means "holds".
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

export type PropertyId = (typeof PROPERTY_IDS)[number];

export interface Violation {
  readonly property: PropertyId;
  readonly detail: string;
}

export const violation = (property: PropertyId, detail: string): Violation => ({ property, detail });
