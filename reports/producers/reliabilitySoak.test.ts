// The soak in `npm test`: TEST_SOAK's simulated days under every fault (drops, duplicates,
// reordering, offline periods, partitions, phone and server seizures, rollbacks), every property
// judged over the whole log — none fails, the ones the run exercises pass, DET-REPLAY reran the
// world to the same trace hash — and the scenario is a pure function of its options.
import { describe, expect, test } from 'vitest';
import { PROPERTY_IDS } from '../../scenarios/types.ts';
import { parseScenario } from '../../scenarios/load.ts';
import { runSoak, soakScenario, SOAK_DAYS_MAX, TEST_SOAK } from './reliabilitySoak.ts';

const DAY_MS = 86_400_000;

describe(`soak: ${TEST_SOAK.days} simulated days under faults`, () => {
  const f = runSoak(TEST_SOAK);

  test('every property is judged and none fails; delivery, secrecy and integrity pass; the same seed replays to the same trace hash', () => {
    expect(Object.keys(f.verdicts).sort()).toEqual([...PROPERTY_IDS].sort());
    expect(f.failures).toEqual([]);
    for (const id of PROPERTY_IDS) expect(f.verdicts[id], id).not.toBe('fail');
    for (const id of ['LIVE-DELIVERY', 'SEC-INTEGRITY', 'SEC-SERVER-BLIND', 'SEC-EVAPORATE', 'SEC-FS', 'SEC-RETENTION', 'SEC-GROUP', 'DET-REPLAY'] as const) expect(f.verdicts[id], id).toBe('pass');
    expect(f.traceHash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('the run spans its days and carries every kind of fault', () => {
    expect(f.days).toBe(TEST_SOAK.days);
    const s = soakScenario(TEST_SOAK);
    const last = Math.max(...s.timeline.map((a) => a.at));
    expect(last).toBeGreaterThan((TEST_SOAK.days - 1) * DAY_MS);
    expect(f.messages).toBeGreaterThan(3 * TEST_SOAK.days);
    expect(f.acceptances).toBeGreaterThan(0);
    const x = f.faults;
    expect({
      dropped: x.dropped > 0,
      duplicated: x.duplicated > 0,
      reordered: x.reordered > 0,
      offline: x.offlinePeriods > 0,
      partitions: x.partitions > 0,
      seizures: x.phoneSeizures + x.serverSeizures > 0,
    }).toEqual({
      dropped: true,
      duplicated: true,
      reordered: true,
      offline: true,
      partitions: true,
      seizures: true,
    });
  });

  test('the scenario is a pure function of its options, loads as a scenario file, and another seed makes another', () => {
    const a = soakScenario(TEST_SOAK);
    expect(JSON.stringify(soakScenario(TEST_SOAK))).toBe(JSON.stringify(a));
    expect(parseScenario(JSON.parse(JSON.stringify(a)), 'soak.json').name).toBe(a.name);
    expect(JSON.stringify(soakScenario({ ...TEST_SOAK, seed: TEST_SOAK.seed + 1 }).timeline)).not.toBe(JSON.stringify(a.timeline));
  });

  test('bad options are refused with a RangeError naming them', () => {
    expect(() => soakScenario({ seed: 1, days: 0 })).toThrow(/days/);
    expect(() => soakScenario({ seed: 1, days: SOAK_DAYS_MAX + 1 })).toThrow(RangeError);
    expect(() => soakScenario({ seed: -1, days: 1 })).toThrow(/seed/);
    expect(() => soakScenario({ seed: 1, days: 1, episodesPerDay: 0 })).toThrow(/episodes/);
  });
});
