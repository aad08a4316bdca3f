// @privacyresearch/libsignal-protocol-typescript under the judge: library scenarios run with every phone
// on the privacyresearch engine, and the verdicts the judge reaches (README "Under the judge").
import { describe, expect, test } from 'vitest';
import { onEngine } from '../../test/kits/engineScenarios.ts';

const onPrivacyresearch = onEngine('privacyresearch');
const judgement = (name: string, property: string) => onPrivacyresearch(name).judgements.find((j) => j.property === property);

describe('privacyresearch under the judge', () => {
  test('a property needing what the engine lacks is not applicable, never pass', () => {
    const r = onPrivacyresearch('phone-seized-after-view');
    const verdict = (id: string) => r.judgements.find((j) => j.property === id)?.verdict;
    expect([verdict('SEC-GROUP'), verdict('SEC-PQ'), verdict('DET-REPLAY')]).toEqual(['not applicable', 'not applicable', 'not applicable']);
    expect(verdict('SEC-EVAPORATE')).toBe('pass');
    expect(r.verdicts['SEC-PQ']).toBeUndefined();
    expect(r.verdicts['DET-REPLAY']).toBeUndefined();
  });

  test.each([
    'phone-seized-after-view',
    'phone-stolen-then-healing',
    'thief-forges-after-healing',
    'prekey-substitution-known-contact',
    'prekey-substitution-first-contact-verified',
    'replay-first-message',
    'replayed-setup-mangled-base-key',
    'replayed-setup-torsion-base-key',
    'bit-flipping',
    'counter-jump-over-limit',
    'lossy-network-retries',
    'one-time-setup-then-seizure',
    'one-time-prekey-reuse',
    'prekeys-rotate-while-offline',
    'stripped-setup-late-seizure',
    'timer-evaporation-then-seizure',
    'regression-pcs-heals-on-a-pre-theft-ratchet-key',
  ])('%s: every applicable promise holds', (name) => {
    const failed = onPrivacyresearch(name)
      .judgements.filter((j) => j.verdict === 'fail')
      .map((j) => `${j.property}: ${j.violations[0]}`);
    expect(failed).toEqual([]);
  });

  test('SEC-INTEGRITY: a first message relabelled by the server is accepted as from the party it names (the MAC binds identity keys, not account ids)', () => {
    const j = judgement('relabelled-first-message', 'SEC-INTEGRITY');
    expect(j?.verdict).toBe('fail');
    expect(j?.violations[0]).toMatch(/accepted .* shown as from carol, but alice sent it/);
  });

  test('SEC-INTEGRITY: a server-made session claiming to be a known contact is accepted (the adapter trusts a changed identity on receipt, as Signal clients do)', () => {
    const j = judgement('forged-message-by-server', 'SEC-INTEGRITY');
    expect(j?.verdict).toBe('fail');
    expect(j?.violations[0]).toMatch(/accepted forged-\d+ "from alice"/);
  });

  test('LIVE-DELIVERY: crossing first messages wedge both sessions for good (the library saves what failed trials did to the sessions they failed on)', () => {
    const j = judgement('regression-crossing-first-messages', 'LIVE-DELIVERY');
    expect(j?.verdict).toBe('fail');
    expect(j?.violations[0]).toMatch(/reached bob 0 times/);
  });

  test('SEC-PCS: a thief revives the session left behind by crossing setups, and the genuine phone can no longer read it', () => {
    const r = onPrivacyresearch('thief-revives-old-session');
    const pcs = r.judgements.find((j) => j.property === 'SEC-PCS');
    expect(pcs?.verdict).toBe('fail');
    expect(pcs?.violations.join('\n')).toMatch(/forged thief-bob-\d+ to alice as bob after the session healed .* and alice accepted it/);
    expect(r.judgements.find((j) => j.property === 'LIVE-DELIVERY')?.verdict).toBe('fail');
  });
});
