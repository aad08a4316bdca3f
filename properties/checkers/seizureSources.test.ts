import { describe, expect, test } from 'vitest';
import { concatBytes, utf8 } from '../../protocol/bytes.ts';
import { deviceId, userId } from '../../protocol/ids.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { makeCanary, scanForCanaries } from './canary.ts';
import { keyCandidates } from './keyCandidates.ts';
import { phoneSeizureHaystacks, phoneSeizureSources, serverSeizureHaystacks, serverSeizureSources } from './seizureSources.ts';

const rng = createDrbg('seizure');

describe('seizure sources', () => {
  test('SEC-SERVER-BLIND: every server item is scanned, and its at-rest keys are candidates', () => {
    const canary = makeCanary(rng);
    const atRest = rng.bytes(32);
    const seizure = {
      items: [
        { label: 'db', bytes: rng.bytes(100) },
        { label: 'log', bytes: concatBytes(rng.bytes(9), utf8(canary)) },
      ],
      atRestKeys: [atRest],
    };
    expect(scanForCanaries(serverSeizureHaystacks(seizure), [canary]).map((h) => h.label)).toEqual(['server/log']);
    const set = keyCandidates(serverSeizureSources(seizure));
    expect(set.candidates[0]).toEqual({ label: 'server/atRestKeys[0]', bytes: atRest });
    expect(set.candidates.some((c) => c.label === 'server/db@68')).toBe(true);
  });

  test('SEC-FS: a phone seizure yields its blob to scan and its storage key plus blob windows to try', () => {
    const storageKey = rng.bytes(32);
    const seizure = { deviceId: deviceId('bob-1'), userId: userId('bob'), blob: rng.bytes(64), storageKey };
    expect(phoneSeizureHaystacks(seizure).map((h) => h.label)).toEqual(['phone:bob-1/blob']);
    const set = keyCandidates(phoneSeizureSources(seizure));
    expect(set.candidates.map((c) => c.label)).toEqual(['phone:bob-1/storageKey', ...Array.from({ length: 33 }, (_, i) => `phone:bob-1/blob@${i}`)]);
  });
});
