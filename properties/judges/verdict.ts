// What a judge returns for one property over one run: pass or fail, the violations found, and
// whether the run exercised the property at all (a property whose bad event never happened must
// not count as evidence; the coverage gates in properties/ read `exercised`).
import type { PropertyId } from '../propertyIds.ts';

export interface Judgement {
  readonly property: PropertyId;
  readonly verdict: 'pass' | 'fail';
  readonly violations: readonly string[];
  /** Situations the run actually produced for this property, e.g. "phone seized after view". */
  readonly exercised: readonly string[];
}

export function judgement(property: PropertyId, violations: readonly string[], exercised: readonly string[]): Judgement {
  return { property, verdict: violations.length === 0 ? 'pass' : 'fail', violations: violations.slice(0, 20), exercised };
}
