// A pass needs evidence: a judge that had nothing to judge says "not exercised", a run outside a
// promise gets "not applicable", and neither meets an expectation of "pass" (docs/properties.md "Verdicts").
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadScenarioFile } from '../../scenarios/load.ts';
import { runScenario } from '../../scenarios/run.ts';
import { judgement } from './verdict.ts';

const LIBRARY = fileURLToPath(new URL('../../scenarios/library/', import.meta.url));
const run = (name: string) => runScenario(loadScenarioFile(join(LIBRARY, `${name}.json`)));
const verdictOf = (r: ReturnType<typeof run>, id: string) => r.judgements.find((j) => j.property === id)?.verdict;

describe('verdicts need evidence', () => {
  test('no violation and nothing exercised is not exercised, never pass', () => {
    expect(judgement('SEC-FS', [], []).verdict).toBe('not exercised');
    expect(judgement('SEC-FS', [], ['phone seized after messages were decrypted']).verdict).toBe('pass');
    expect(judgement('SEC-FS', ['a violation'], []).verdict).toBe('fail');
  });

  test('a run with no seizure and no theft leaves forward secrecy and healing not exercised, while delivery is judged', () => {
    const r = run('lossy-network-retries');
    expect([verdictOf(r, 'SEC-FS'), verdictOf(r, 'SEC-PCS'), verdictOf(r, 'SEC-EVAPORATE')]).toEqual(['not exercised', 'not exercised', 'not exercised']);
    expect(verdictOf(r, 'LIVE-DELIVERY')).toBe('pass');
    expect(r.verdicts['SEC-FS']).toBeUndefined();
  });

  test('retention is not applicable under a server that does not keep the policy', () => {
    const r = run('server-seized-with-at-rest-keys-curious');
    const j = r.judgements.find((x) => x.property === 'SEC-RETENTION');
    expect(j?.verdict).toBe('not applicable');
    expect(j?.violations[0]).toMatch(/binds the honest server/);
  });

  test('delivery is not applicable under a malicious server, which may withhold anything', () => {
    const j = run('bit-flipping').judgements.find((x) => x.property === 'LIVE-DELIVERY');
    expect([j?.verdict, j?.violations[0]]).toEqual(['not applicable', 'the promise assumes a server that relays: a malicious server may withhold anything']);
  });

  test('an expectation of pass is not met by a run that exercised nothing', () => {
    const s = loadScenarioFile(join(LIBRARY, 'lossy-network-retries.json'));
    expect(runScenario({ ...s, expect: { 'SEC-FS': 'pass' } }, { replay: false }).matches).toBe(false);
    expect(runScenario({ ...s, expect: { 'SEC-FS': 'not exercised' } }, { replay: false }).matches).toBe(true);
  });
});
