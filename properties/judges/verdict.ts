// What a judge returns for one property over one run: pass, fail or not applicable (the run's engine
// lacks a capability the property needs: engines/contract.ts), the violations found, and whether the
// run exercised the property at all (a property whose bad event never happened must not count as
// evidence; the coverage gates in properties/ read `exercised`).
import type { Capability } from '../../engines/contract.ts';
import type { PropertyId } from '../propertyIds.ts';

export interface Judgement {
  readonly property: PropertyId;
  readonly verdict: 'pass' | 'fail' | 'not applicable';
  readonly violations: readonly string[];
  /** Situations the run actually produced for this property, e.g. "phone seized after view". */
  readonly exercised: readonly string[];
}

export function judgement(property: PropertyId, violations: readonly string[], exercised: readonly string[]): Judgement {
  return { property, verdict: violations.length === 0 ? 'pass' : 'fail', violations: violations.slice(0, 20), exercised };
}

/** The verdict for a property whose needs the engine does not meet: never a pass. */
export function notApplicable(property: PropertyId, engine: string, missing: readonly Capability[]): Judgement {
  return { property, verdict: 'not applicable', violations: [`the ${engine} engine lacks ${missing.join(', ')}`], exercised: [] };
}

/** The verdict for a property whose judge reads only some engines' wire (its attacker is modelled on them): never a pass. */
export function notModelled(property: PropertyId, engine: string, models: readonly string[]): Judgement {
  return { property, verdict: 'not applicable', violations: [`the judge models only the ${models.join(', ')} engine, not ${engine}`], exercised: [] };
}
