// What a judge returns for one property over one run: pass, fail, not applicable (the run's engine
// lacks a capability the property needs — engines/contract.ts — or the run is outside the promise, as
// a retention policy under a server that does not keep it), or not exercised (the run gave the judge
// nothing to judge: no seizure for forward secrecy, no theft for healing). A pass needs evidence: a
// judge passes only a run whose `exercised` names what it checked (docs/properties.md "Verdicts").
import type { Capability } from '../../engines/contract.ts';
import type { JudgedVerdict, PropertyId } from '../propertyIds.ts';

export interface Judgement {
  readonly property: PropertyId;
  readonly verdict: JudgedVerdict;
  readonly violations: readonly string[];
  /** Situations the run actually produced for this property, e.g. "phone seized after view". */
  readonly exercised: readonly string[];
}

/** Fail on any violation; with none, pass only when the run exercised the property, else not exercised. */
export function judgement(property: PropertyId, violations: readonly string[], exercised: readonly string[]): Judgement {
  const verdict = violations.length > 0 ? 'fail' : exercised.length > 0 ? 'pass' : 'not exercised';
  return { property, verdict, violations: violations.slice(0, 20), exercised };
}

/** The verdict for a run outside what the property promises (e.g. a retention policy under a server that does not keep it): never a pass. */
export function outsideThePromise(property: PropertyId, why: string): Judgement {
  return { property, verdict: 'not applicable', violations: [why], exercised: [] };
}

/** The verdict for a property whose needs the engine does not meet: never a pass. */
export function notApplicable(property: PropertyId, engine: string, missing: readonly Capability[]): Judgement {
  return { property, verdict: 'not applicable', violations: [`the ${engine} engine lacks ${missing.join(', ')}`], exercised: [] };
}

/** The verdict for a property whose judge reads only some engines' wire (its attacker is modelled on them): never a pass. */
export function notModelled(property: PropertyId, engine: string, models: readonly string[]): Judgement {
  return { property, verdict: 'not applicable', violations: [`the judge models only the ${models.join(', ')} engine, not ${engine}`], exercised: [] };
}
