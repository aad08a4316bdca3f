// A scenario: a run spec (sim/world/spec.ts) with the verdict expected for each property. Scenario
// files (scenarios/), generated campaign runs and counterexamples all have this shape; only the
// judges read `expect`. The scenario language itself — schema, loader, library — is in scenarios/.
import type { RunSpec } from '../sim/world/spec.ts';
import type { Expectations } from './propertyIds.ts';

export interface Scenario extends RunSpec {
  readonly expect: Expectations;
}
