// SEC-GROUP property: random sequences (generated up front as data) of sends, adds, removes and
// deliveries with drops, duplicates and reorders, plus a server-injected ghost and an equivocating
// admin's forked view. Checked against the test's own ground truth; see test/kits/secGroupRun.ts.
import { describe, expect, test } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { protocolFlags } from '../variant.ts';
import { emptyCoverage, runScenario, type Action, type Scenario } from '../../test/kits/secGroupRun.ts';

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.nat({ max: 5 }).map((who): Action => ({ t: 'send', who })) },
  { weight: 5, arbitrary: fc.record({ msg: fc.nat({ max: 40 }), to: fc.nat({ max: 7 }) }).map((d): Action => ({ t: 'deliver', ...d })) },
  { weight: 2, arbitrary: fc.nat({ max: 4 }).map((who): Action => ({ t: 'add', who })) },
  { weight: 2, arbitrary: fc.nat({ max: 4 }).map((who): Action => ({ t: 'remove', who })) },
  { weight: 1, arbitrary: fc.constant<Action>({ t: 'inject' }) },
  { weight: 1, arbitrary: fc.nat({ max: 63 }).map((victims): Action => ({ t: 'fork', victims })) },
);

const scenario: fc.Arbitrary<Scenario> = fc.record({
  initial: fc.integer({ min: 2, max: 62 }),
  actions: fc.array(action, { minLength: 1, maxLength: 22 }),
  drops: fc.array(fc.nat({ max: 40 }), { maxLength: 3 }),
});

describe('SEC-GROUP', () => {
  const cov = emptyCoverage();
  fcTest.prop([fc.nat(), scenario], { numRuns: 40 })(
    'SEC-GROUP: members read each message exactly once; removed, later-added, injected and forked devices read nothing and are reported',
    (seed, s) => {
      expect(runScenario(seed, protocolFlags('reference'), s, cov)).toEqual([]);
    },
  );

  test('SEC-GROUP: the property above exercised every check (reads, forks, injections, removed members, key trials)', () => {
    for (const [what, n] of Object.entries(cov)) expect.soft(n, what).toBeGreaterThan(0);
  });

  test('SEC-GROUP negative control: with group-no-rekey-on-remove the check catches a removed member reading a later message', () => {
    const s: Scenario = {
      initial: 0b110,
      actions: [
        { t: 'remove', who: 1 },
        { t: 'send', who: 1 },
      ],
      drops: [],
    };
    expect(runScenario(1, protocolFlags('reference'), s)).toEqual([]);
    const violations = runScenario(1, protocolFlags('group-no-rekey-on-remove'), s);
    expect(violations.map((v) => v.kind)).toContain('key-trial');
  });

  test('SEC-GROUP negative control: the generated property fails under group-no-rekey-on-remove', () => {
    const weak = fc.property(fc.nat(), scenario, (seed, s) => runScenario(seed, protocolFlags('group-no-rekey-on-remove'), s).length === 0);
    const out = fc.check(weak, { numRuns: 200, seed: 4242, endOnFailure: true });
    expect(out.failed).toBe(true);
  });
});
