// Identity keys: the 64-byte encoding (what safety numbers fingerprint and AD binds) is strict,
// and generation is a deterministic function of the Rng.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { toHex } from '../bytes.ts';
import { nobleProvider } from '../crypto/noble.ts';
import { isProtocolError } from '../errors.ts';
import { createDrbg } from '../random/drbg.ts';
import { decodeIdentityKey, encodeIdentityKey, equalIdentityKeys, IDENTITY_KEY_BYTES } from './identityKey.ts';
import { copyX25519KeyPair, generateIdentityKeyPair } from './keyPair.ts';

const p = nobleProvider;

describe('IdentityKey', () => {
  test.prop([fc.uint8Array({ minLength: 64, maxLength: 64 })])('encoding is dh || sign and round-trips', (raw) => {
    const key = decodeIdentityKey(raw);
    expect(toHex(key.dh)).toBe(toHex(raw.slice(0, 32)));
    expect(toHex(encodeIdentityKey(key))).toBe(toHex(raw));
  });

  it('decoding refuses short and long input', () => {
    const short = (() => {
      try {
        decodeIdentityKey(new Uint8Array(IDENTITY_KEY_BYTES - 1));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    const long = (() => {
      try {
        decodeIdentityKey(new Uint8Array(IDENTITY_KEY_BYTES + 1));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isProtocolError(short, 'WIRE_TRUNCATED')).toBe(true);
    expect(isProtocolError(long, 'WIRE_TRAILING_BYTES')).toBe(true);
  });

  it('generation is deterministic per seed, and the public halves match the secrets', () => {
    const a = generateIdentityKeyPair(p, createDrbg('seed'));
    const b = generateIdentityKeyPair(p, createDrbg('seed'));
    const c = generateIdentityKeyPair(p, createDrbg('other'));
    expect(equalIdentityKeys(a.publicKey, b.publicKey)).toBe(true);
    expect(equalIdentityKeys(a.publicKey, c.publicKey)).toBe(false);
    expect(toHex(p.x25519PublicKey(a.dhSecretKey))).toBe(toHex(a.publicKey.dh));
    expect(toHex(p.ed25519PublicKey(a.signSeed))).toBe(toHex(a.publicKey.sign));
  });

  it('copyX25519KeyPair shares no buffer with the original', () => {
    const pair = { publicKey: new Uint8Array(32).fill(1), secretKey: new Uint8Array(32).fill(2) };
    const copy = copyX25519KeyPair(pair);
    copy.secretKey.fill(0);
    expect(pair.secretKey[0]).toBe(2);
  });
});
