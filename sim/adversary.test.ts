// The adversary vocabulary: the seeded strategy picks every kind, replays from its seed, and its
// actions are plain JSON that a malicious server accepts.
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { deviceId, roomId } from '../protocol/ids.ts';
import { createDrbg } from '../protocol/random/drbg.ts';
import { UsageError } from '../protocol/errors.ts';
import { ADVERSARY_ACTION_KINDS, parseAdversaryAction, pickAdversaryActions, type AdversaryWorld } from './adversary.ts';
import { testWorld } from '../test/kits/serverWorld.ts';

const WORLD: AdversaryWorld = {
  devices: [deviceId('alice'), deviceId('bob'), deviceId('carol')],
  rooms: [{ roomId: roomId('r1'), members: [deviceId('alice'), deviceId('bob'), deviceId('carol')] }],
  envelopes: [{ from: deviceId('alice'), id: 'm1', to: deviceId('bob') }],
};

describe('pickAdversaryActions', () => {
  test('DET-REPLAY: the same seed picks the same actions; every kind comes up', () => {
    const a = pickAdversaryActions(createDrbg(1), WORLD, 300);
    const b = pickAdversaryActions(createDrbg(1), WORLD, 300);
    expect(b).toEqual(a);
    expect(new Set(a.map((x) => x.kind))).toEqual(new Set(ADVERSARY_ACTION_KINDS));
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  test('kinds that need something the world lacks are not picked', () => {
    const empty: AdversaryWorld = { devices: [deviceId('a')], rooms: [], envelopes: [] };
    const kinds = new Set(pickAdversaryActions(createDrbg(2), empty, 200).map((x) => x.kind));
    expect(kinds.has('replay')).toBe(false);
    expect(kinds.has('fork-group')).toBe(false);
    expect(pickAdversaryActions(createDrbg(2), WORLD, 20, ['drop']).every((x) => x.kind === 'drop')).toBe(true);
  });

  test.prop([fc.integer({ min: 0, max: 2 ** 31 })], { numRuns: 30 })('every picked action is accepted by a malicious server', (seed) => {
    const w = testWorld({ mode: 'malicious' });
    w.server.connect(deviceId('bob'));
    w.engine.schedule(0, 'send', {}, () => w.send('alice', 'bob', new Uint8Array(96)));
    w.engine.run({ untilMs: 1_000 });
    for (const action of pickAdversaryActions(createDrbg(seed), WORLD, 10)) w.server.applyAdversary(action);
    w.engine.run({ untilMs: 100_000 });
    expect(w.engine.failed).toBeUndefined();
  });
});

describe('parseAdversaryAction', () => {
  test('every strategy-picked action parses back unchanged', () => {
    for (const a of pickAdversaryActions(createDrbg(3), WORLD, 200)) expect(parseAdversaryAction(JSON.parse(JSON.stringify(a)))).toEqual(a);
  });

  test.each([
    [{ kind: 'teleport' }],
    [{ kind: 'drop' }],
    [{ kind: 'drop', match: {}, extra: 1 }],
    [{ kind: 'drop', match: { kind: 'telepathy' } }],
    [{ kind: 'modify', match: {}, bits: [-1] }],
    [{ kind: 'forge', envelope: { id: 'x', from: 'a', to: 'b', kind: 'pairwise', body: 'zz', sentAtMs: 0 } }],
    [{ kind: 'substitute-bundle', deviceId: 'b', bundle: { base: 'ab', kem: { id: 1, bytes: 'ab' } } }],
    [{ kind: 'under-report', hideWarrants: 1, hideSeizures: 0, shrinkRecordsPercent: 150 }],
    ['lie-about-deletion'],
  ])('refuses malformed action %j', (bad) => {
    expect(() => parseAdversaryAction(bad)).toThrow(UsageError);
  });
});
