// The public surface (protocol/index.ts) loads and names the steps callers need, with no clash.
import { describe, expect, it } from 'vitest';
import * as sealroom from './index.ts';

describe('protocol public surface', () => {
  it('exports the device steps, codecs, errors, flags, providers, DRBG and limits', () => {
    for (const name of [
      'createDevice',
      'openSession',
      'sendText',
      'receiveMessage',
      'viewMessage',
      'expireMessages',
      'maintainPreKeys',
      'expireSkippedKeys',
      'createRoom',
      'sendGroupText',
      'receiveGroupText',
      'safetyNumber',
      'generateIdentityKeyPair',
      'initiateSession',
      'acceptSession',
      'encodePairwiseMessage',
      'decodePairwiseMessage',
      'encodePreKeyBundle',
      'decodePreKeyBundle',
      'isProtocolError',
      'protocolFlags',
      'getProvider',
      'nobleProvider',
      'createDrbg',
      'SIGNED_PREKEY_ROTATION_MS',
      'receiveSessionMessage',
      'receiveGroupPairwise',
    ])
      expect(typeof (sealroom as Record<string, unknown>)[name], name).not.toBe('undefined');
    expect(sealroom.PROTOCOL_ERROR_CODES).toContain('STALE_SESSION');
  });
});
