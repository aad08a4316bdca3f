// Sender and recipient ids bound into the setup AD (keySchedule.ts associatedData; flag idBinding,
// weak variant unbound-sender-ids): a server that relabels Alice's first message as coming from
// another user gets it accepted under that name with the flag off; with it on the first message does
// not decrypt (INVALID_MESSAGE) and the recipient's state is byte-for-byte unchanged.
import { describe, expect, it } from 'vitest';
import { bundleOf, makeCtx, makeDevice, text } from '../../test/devices.ts';
import { openSession, receiveMessage, sendText, serializeDevice } from '../device/index.ts';
import { deviceId, userId } from '../ids.ts';
import { createDrbg } from '../random/drbg.ts';
import { REFERENCE_FLAGS, type ProtocolFlags } from '../variant.ts';

function relabelled(flags: ProtocolFlags, as: { device: string; user: string }) {
  const rng = createDrbg('id-binding');
  let alice = makeDevice('alice', 'idb', flags);
  const bob = makeDevice('bob', 'idb', flags);
  alice = openSession(alice, bob.userId, bundleOf(bob), makeCtx(rng, 1_000, flags)).device;
  const out = sendText(alice, bob.deviceId, text('from alice'), makeCtx(rng, 1_000, flags));
  if (out.kind !== 'sent') throw new Error('expected sent');
  const before = serializeDevice(bob);
  const r = receiveMessage(bob, deviceId(as.device), userId(as.user), out.wire, makeCtx(rng, 2_000, flags));
  return { r, before, alice };
}

describe('id binding', () => {
  it('the honest label decrypts with the flag on', () => {
    const { r } = relabelled(REFERENCE_FLAGS, { device: 'alice', user: 'user-alice' });
    expect(r.ok).toBe(true);
  });

  it('weak: a setup relabelled as another user and device is accepted under that name', () => {
    const { r } = relabelled({ ...REFERENCE_FLAGS, idBinding: false }, { device: 'carol', user: 'user-carol' });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.device.contacts.map((c) => c.deviceId)).toEqual(['carol']);
  });

  it('reference: relabelled user, or device, fails to decrypt and changes nothing', () => {
    for (const as of [
      { device: 'carol', user: 'user-carol' },
      { device: 'alice', user: 'user-carol' },
      { device: 'carol', user: 'user-alice' },
    ]) {
      const { r, before } = relabelled(REFERENCE_FLAGS, as);
      expect(r.ok ? 'ok' : r.error.code).toBe('INVALID_MESSAGE');
      expect(serializeDevice(r.device)).toEqual(before);
    }
  });
});
