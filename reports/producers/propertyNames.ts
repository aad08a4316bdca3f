// The name of each property as docs/properties.md ("The properties") heads its section, beside the
// ID the code and the reports use; a page that lists properties shows both, and the promise from the
// catalogue (properties/catalogue.ts).
import { propertySpec } from '../../properties/catalogue.ts';
import type { CatalogueId } from '../../properties/propertyIds.ts';

const NAMES: Readonly<Record<CatalogueId, string>> = {
  'SEC-SERVER-BLIND': 'the server never recovers plaintext',
  'SEC-MITM': 'key substitution is caught',
  'SEC-EVAPORATE': 'viewed means gone',
  'SEC-RETENTION': 'the server keeps nothing longer than promised',
  'SEC-INTEGRITY': 'only what was sent is accepted, once',
  'SEC-FS': 'old messages survive a phone seizure',
  'SEC-PCS': 'the session heals',
  'SEC-GROUP': 'only members read the room',
  'SEC-WARRANT': 'disclosures are counted and told',
  'SEC-PQ': 'harvest now, decrypt later fails',
  'LIVE-DELIVERY': 'it still works',
  'DET-REPLAY': 'it replays',
  'PERF-THROUGHPUT': 'it is fast enough',
};

/** The property's name (docs/properties.md). */
export function propertyName(id: CatalogueId): string {
  return NAMES[id];
}

/** The property's promise, in full (properties/catalogue.ts). */
export function propertyPromise(id: CatalogueId): string {
  return propertySpec(id).promise;
}
