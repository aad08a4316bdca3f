// RSA-OAEP (SHA-1, MGF1-SHA-1) of the shipped-2014 model against node:crypto's own OAEP, both
// directions: proves the hand-written encoding is the real RFC 8017 §7.1 scheme.
import { constants, privateDecrypt, publicEncrypt } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { equalBytes } from '../../bytes.ts';
import { UsageError, isProtocolError } from '../../errors.ts';
import { createDrbg } from '../../random/drbg.ts';
import { bigIntToBytes } from './bigint.ts';
import { oaepDecrypt, oaepEncrypt, oaepMaxMessageBytes } from './oaep.ts';
import { decodeRsaPrivateKey, decodeRsaPublicKey } from './rsaKey.ts';
import { fixtureKey, nodePrivateKey, nodePublicKey } from '../../../test/kits/shippedKeys.ts';

const bob = fixtureKey('bob');
const bobPrivate = decodeRsaPrivateKey(bob.privateKey);
const bobPublic = decodeRsaPublicKey(bob.publicKey);
const nodeBobPrivate = nodePrivateKey(bob.privateKey);
const nodeBobPublic = nodePublicKey(bob.publicKey);
const MAX = oaepMaxMessageBytes(bobPublic);

const expectCode = (f: () => unknown, code: string) => {
  try {
    f();
  } catch (e) {
    expect(isProtocolError(e) && e.code).toBe(code);
    return;
  }
  expect.unreachable('expected a ProtocolError');
};

describe('shipped-2014 RSA-OAEP interop', () => {
  test.prop([fc.uint8Array({ minLength: 0, maxLength: 214 }), fc.integer()], { numRuns: 15 })('our deterministic OAEP is opened by node privateDecrypt (OAEP, sha1)', (message, seed) => {
    const wrapped = oaepEncrypt(createDrbg(seed), bobPublic, message);
    const opened = privateDecrypt({ key: nodeBobPrivate, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, wrapped);
    expect(equalBytes(new Uint8Array(opened), message)).toBe(true);
  });

  test.prop([fc.uint8Array({ minLength: 0, maxLength: 214 })], { numRuns: 15 })('node publicEncrypt (OAEP, sha1) is opened by our oaepDecrypt', (message) => {
    const wrapped = publicEncrypt({ key: nodeBobPublic, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, message);
    expect(equalBytes(oaepDecrypt(bobPrivate, new Uint8Array(wrapped)), message)).toBe(true);
  });

  test('the same Rng seed gives the same wrapped bytes; another seed gives other bytes (DET-REPLAY)', () => {
    const message = new Uint8Array(32).fill(7);
    const a = oaepEncrypt(createDrbg('oaep seed'), bobPublic, message);
    const b = oaepEncrypt(createDrbg('oaep seed'), bobPublic, message);
    const c = oaepEncrypt(createDrbg('another seed'), bobPublic, message);
    expect(equalBytes(a, b)).toBe(true);
    expect(equalBytes(a, c)).toBe(false);
  });

  test('longest message is k - 2hLen - 2 = 214 bytes; one more is a caller error', () => {
    expect(MAX).toBe(214);
    expect(() => oaepEncrypt(createDrbg(1), bobPublic, new Uint8Array(MAX + 1))).toThrow(UsageError);
  });
});

describe('shipped-2014 RSA-OAEP refusals are one code (KEM_BAD_CIPHERTEXT)', () => {
  const good = oaepEncrypt(createDrbg(2), bobPublic, new Uint8Array(32));

  test('wrong length', () => {
    expectCode(() => oaepDecrypt(bobPrivate, good.subarray(1)), 'KEM_BAD_CIPHERTEXT');
    expectCode(() => oaepDecrypt(bobPrivate, new Uint8Array(257)), 'KEM_BAD_CIPHERTEXT');
  });

  test('ciphertext integer not below n', () => {
    expectCode(() => oaepDecrypt(bobPrivate, bigIntToBytes(bobPublic.n, 256)), 'KEM_BAD_CIPHERTEXT');
    expectCode(() => oaepDecrypt(bobPrivate, new Uint8Array(256).fill(0xff)), 'KEM_BAD_CIPHERTEXT');
  });

  test.prop([fc.integer({ min: 0, max: 255 * 8 - 1 })], { numRuns: 10 })('any flipped bit breaks the padding', (bit) => {
    const tampered = good.slice();
    tampered[bit >> 3] = (tampered[bit >> 3] as number) ^ (1 << (bit & 7));
    // A flipped bit may push the integer over n (same code) or, far more often, garble the padding.
    expectCode(() => oaepDecrypt(bobPrivate, tampered), 'KEM_BAD_CIPHERTEXT');
  });

  test('a valid RSA block that is not OAEP-encoded is refused (node RSA_NO_PADDING input)', () => {
    const block = new Uint8Array(256);
    block[255] = 1;
    const raw = publicEncrypt({ key: nodeBobPublic, padding: constants.RSA_NO_PADDING }, block);
    expectCode(() => oaepDecrypt(bobPrivate, new Uint8Array(raw)), 'KEM_BAD_CIPHERTEXT');
  });
});
