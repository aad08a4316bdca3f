// The key directory through the server: one-time prekeys handed out once (honest), KEM one-time
// before last resort, refills, the per-device and device-count bounds.
import { describe, expect, test } from 'vitest';
import { utf8 } from '../../protocol/bytes.ts';
import { UsageError } from '../../protocol/errors.ts';
import { deviceId, userId, type DeviceId } from '../../protocol/ids.ts';
import { isSimLimitExceeded } from '../engine/simLimitError.ts';
import type { DirectoryPublish, PreKey } from './directoryEntry.ts';
import { testWorld } from '../../test/kits/serverWorld.ts';

const keys = (prefix: string, n: number, first = 1): PreKey[] => Array.from({ length: n }, (_, i) => ({ id: first + i, bytes: utf8(`${prefix}-${first + i}`) }));
const bob = deviceId('bob');
const alice = deviceId('alice');

function bobBundle(oneTime: number, kemOneTime: number): DirectoryPublish {
  return {
    deviceId: bob,
    userId: userId('u-bob'),
    base: utf8('bob-signed-base'),
    oneTime: keys('otk', oneTime),
    kemOneTime: keys('kem', kemOneTime),
    kemLastResort: { id: 999, bytes: utf8('kem-last-resort') },
  };
}

describe('Key directory', () => {
  test('SEC-MITM precondition: an honest server hands each one-time prekey out once, KEM one-time before last resort', () => {
    const w = testWorld({ mode: 'honest' });
    w.server.publish(bobBundle(2, 1));
    const fetched = [1, 2, 3].map(() => w.server.fetchBundle(alice, bob));
    expect(fetched.map((b) => b?.oneTime?.id)).toEqual([1, 2, undefined]);
    expect(fetched.map((b) => [b?.kem?.id, b?.kem?.lastResort])).toEqual([
      [1, false],
      [999, true],
      [999, true],
    ]);
    expect(fetched.every((b) => b !== undefined && new TextDecoder().decode(b.base) === 'bob-signed-base')).toBe(true);
    expect(w.server.view().keyRecords({ kind: 'user', userId: userId('u-bob') })[0]?.oneTime).toEqual([]);
  });

  test('refill appends prekeys; an unknown device gets nothing', () => {
    const w = testWorld({ mode: 'honest' });
    w.server.publish(bobBundle(1, 0));
    w.server.fetchBundle(alice, bob);
    w.server.refill(bob, { oneTime: keys('otk', 2, 10) });
    expect([w.server.fetchBundle(alice, bob)?.oneTime?.id, w.server.fetchBundle(alice, bob)?.oneTime?.id]).toEqual([10, 11]);
    expect(w.server.fetchBundle(alice, deviceId('nobody'))).toBeUndefined();
    expect(() => w.server.refill(deviceId('nobody'), {})).toThrow(UsageError);
  });

  test('refuses duplicate prekey ids and oversized publishes', () => {
    const w = testWorld({ mode: 'honest' });
    expect(() => w.server.publish({ ...bobBundle(0, 0), oneTime: [...keys('a', 1), ...keys('b', 1)] })).toThrow(UsageError);
    expect(() => w.server.publish(bobBundle(101, 0))).toThrow(UsageError);
  });

  test('MAX_DIRECTORY_PREKEYS_PER_DEVICE: refilling past the bound is refused', () => {
    const w = testWorld({ mode: 'honest', limits: { maxPrekeysPerDevice: 150 } });
    w.server.publish(bobBundle(100, 0));
    let caught: unknown;
    try {
      w.server.refill(bob, { kemOneTime: keys('kem', 51) });
    } catch (e) {
      caught = e;
    }
    expect(isSimLimitExceeded(caught, 'MAX_DIRECTORY_PREKEYS_PER_DEVICE')).toBe(true);
  });

  test('MAX_DIRECTORY_DEVICES: publishing one device too many is refused', () => {
    const w = testWorld({ mode: 'honest', limits: { maxDirectoryDevices: 2 } });
    const pub = (d: DeviceId): void => w.server.publish({ ...bobBundle(1, 1), deviceId: d });
    pub(deviceId('d1'));
    pub(deviceId('d2'));
    pub(deviceId('d2'));
    expect(() => pub(deviceId('d3'))).toThrow(expect.objectContaining({ limit: 'MAX_DIRECTORY_DEVICES' }));
  });

  test('every publish is in the record of what the server saw, and a seizure holds it only encrypted', () => {
    const w = testWorld({ mode: 'honest' });
    w.server.publish(bobBundle(1, 1));
    expect(w.seen).toEqual(['publish/bob']);
    const items = w.server.seize(0).items;
    expect(items.map((i) => i.label)).toEqual(['disk/directory/bob']);
    expect(Buffer.from(items[0]?.bytes ?? []).includes(Buffer.from('bob-signed-base'))).toBe(false);
  });
});
