import { test } from 'vitest';
import { fc } from '@fast-check/vitest';
import { protocolFlags } from '/work/main/protocol/variant.ts';
import { emptyCoverage, runScenario, type Action, type Scenario } from '/work/main/protocol/group/secGroupRun.testkit.ts';
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.nat({ max: 5 }).map((who): Action => ({ t: 'send', who })) },
  { weight: 5, arbitrary: fc.record({ msg: fc.nat({ max: 40 }), to: fc.nat({ max: 7 }) }).map((d): Action => ({ t: 'deliver', ...d })) },
  { weight: 2, arbitrary: fc.nat({ max: 4 }).map((who): Action => ({ t: 'add', who })) },
  { weight: 2, arbitrary: fc.nat({ max: 4 }).map((who): Action => ({ t: 'remove', who })) },
  { weight: 1, arbitrary: fc.constant<Action>({ t: 'inject' }) },
  { weight: 1, arbitrary: fc.nat({ max: 63 }).map((victims): Action => ({ t: 'fork', victims })) },
);
const scenario = fc.record({ initial: fc.integer({ min: 2, max: 62 }), actions: fc.array(action, { minLength: 1, maxLength: 22 }), drops: fc.array(fc.nat({ max: 40 }), { maxLength: 3 }) });
test('cov', () => {
  const cov = emptyCoverage();
  const t0 = performance.now();
  fc.assert(fc.property(fc.nat(), scenario, (seed, s) => { const v = runScenario(seed, protocolFlags('reference'), s, cov); if (v.length) { console.log(JSON.stringify(s), v); return false; } return true; }), { numRuns: Number(process.env.RUNS ?? 200), seed: Number(process.env.SEED ?? 1) });
  console.log(cov, (performance.now() - t0) / Number(process.env.RUNS ?? 200), 'ms/run');
});
