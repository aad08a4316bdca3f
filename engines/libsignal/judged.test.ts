// Signal's libsignal under the judge: library scenarios run with every phone on the libsignal engine,
// and the verdicts the judge reaches (README "libsignal under the judge"; docs/engine-contract.md).
import { describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile } from '../../scenarios/load.ts';
import { runScenario } from '../../scenarios/run.ts';
import { onEngine } from '../../test/kits/engineScenarios.ts';

const onLibsignal = onEngine('libsignal');

describe('libsignal under the judge', () => {
  test('a property needing what libsignal lacks, or a judge that does not model it, is not applicable, never pass', () => {
    const r = onLibsignal('phone-seized-after-view');
    const verdict = (id: string) => r.judgements.find((j) => j.property === id)?.verdict;
    expect([verdict('SEC-GROUP'), verdict('SEC-PQ'), verdict('DET-REPLAY')]).toEqual(['not applicable', 'not applicable', 'not applicable']);
    expect(verdict('SEC-EVAPORATE')).toBe('pass');
    expect(r.verdicts['DET-REPLAY']).toBeUndefined();
  });

  test.each([
    'phone-seized-after-view',
    'phone-stolen-then-healing',
    'thief-forges-after-healing',
    'prekey-substitution-known-contact',
    'replay-first-message',
    'bit-flipping',
    'lossy-network-retries',
    'one-time-setup-then-seizure',
  ])('%s: every applicable promise holds', (name) => {
    const r = onLibsignal(name);
    const failed = r.judgements.filter((j) => j.verdict === 'fail' && j.property !== 'SEC-WARRANT').map((j) => `${j.property}: ${j.violations[0]}`);
    expect(failed).toEqual([]);
  });

  test('SEC-INTEGRITY: a first message relabelled by the server is accepted as from the party it names (no ids in the session: unknown key share)', () => {
    const j = onLibsignal('relabelled-first-message').judgements.find((x) => x.property === 'SEC-INTEGRITY');
    expect(j?.verdict).toBe('fail');
    expect(j?.violations[0]).toMatch(/accepted .* shown as from carol, but alice sent it/);
  });

  test("SEC-PCS: a thief's copy keeps talking after healing, on the session a crossing left behind (Cremers et al., CCS 2020)", () => {
    const file = fileURLToPath(new URL('./scenarios/revived-session-after-healing.json', import.meta.url));
    const r = runScenario(loadScenarioFile(file));
    const j = r.judgements.find((x) => x.property === 'SEC-PCS');
    expect(j?.verdict).toBe('fail');
    expect(j?.violations.join('\n')).toMatch(/forged thief-bob-1 to alice as bob after the session healed .* and alice accepted it/);
    // The reference refuses the revival: a session older than one the peer answered on is stale.
    const reference = runScenario({ ...loadScenarioFile(file), engine: 'privacy-mode' });
    expect(reference.judgements.find((x) => x.property === 'SEC-PCS')?.verdict).not.toBe('fail');
  });

  test('SEC-INTEGRITY: a server-made session claiming to be a known contact is accepted (a Signal client trusts a changed identity on receipt)', () => {
    const j = onLibsignal('forged-message-by-server').judgements.find((x) => x.property === 'SEC-INTEGRITY');
    expect(j?.verdict).toBe('fail');
    expect(j?.violations[0]).toMatch(/accepted forged-\d+ "from alice"/);
  });
});
