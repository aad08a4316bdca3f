import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { concatBytes, equalBytes, toHex, utf8, wipe } from '../../protocol/bytes.ts';
import { nobleProvider } from '../../protocol/crypto/noble.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { keyCandidates } from './keyCandidates.ts';
import { type LabelledCiphertext, runKeyTrial } from './keyTrial.ts';

const aead = nobleProvider.chacha20poly1305;
const NONCE = new Uint8Array(12);
interface Sealed {
  readonly sealed: Uint8Array;
}
/** The caller's decrypt: the protocol's own AEAD, which throws ProtocolError on a wrong key. */
const tryDecrypt = (key: Uint8Array, ct: Sealed) => aead.open(key, NONCE, ct.sealed, new Uint8Array(0));
const seal = (key: Uint8Array, text: string): LabelledCiphertext<Sealed> => ({ label: text, ciphertext: { sealed: aead.seal(key, NONCE, utf8(text), new Uint8Array(0)) } });

const rng = createDrbg('key-trial');
const secret = rng.bytes(32);
const ciphertexts = [seal(rng.bytes(32), 'other one'), seal(secret, 'the secret message'), seal(rng.bytes(32), 'other two')];

describe('key trial', () => {
  test('SEC-EVAPORATE: finds a key planted at an unaligned offset among raw noise', () => {
    const blob = concatBytes(rng.bytes(1001), secret, rng.bytes(777));
    const set = keyCandidates({ kind: 'bytes', label: 'phone:bob/blob', bytes: blob });
    expect(set.truncated).toBe(false);
    expect(set.candidates).toHaveLength(blob.length - 31);
    const result = runKeyTrial(set, ciphertexts, tryDecrypt);
    expect(result.complete).toBe(true);
    expect(result.trials).toBe(result.plannedTrials);
    expect(result.successes.map((s) => [s.candidate, s.ciphertext])).toEqual([['phone:bob/blob@1001', 'the secret message']]);
    expect(result.successes[0]?.plaintext).toEqual(utf8('the secret message'));
  });

  test.prop([fc.uint8Array({ maxLength: 600 }), fc.uint8Array({ maxLength: 600 })], { numRuns: 20 })('SEC-FS: a planted key is found wherever it sits in the noise', (before, after) => {
    const set = keyCandidates({ kind: 'bytes', label: 'blob', bytes: concatBytes(before, secret, after) });
    const hits = runKeyTrial(set, [ciphertexts[1] as LabelledCiphertext<Sealed>], tryDecrypt).successes;
    expect(hits.map((h) => h.candidate)).toContain(`blob@${before.length}`);
  });

  test('nothing found when the key is absent, and the trial says it was complete', () => {
    const result = runKeyTrial(keyCandidates({ kind: 'bytes', label: 'noise', bytes: rng.bytes(500) }), ciphertexts, tryDecrypt);
    expect(result).toMatchObject({ successes: [], successCount: 0, complete: true });
  });

  test('object graphs: 32-byte fields, 32-aligned slices of longer ones, hex and base64 strings, maps; cycles are fine', () => {
    const a = rng.bytes(32);
    const b = rng.bytes(32);
    const c = rng.bytes(32);
    const d = rng.bytes(32);
    const state: Record<string, unknown> = {
      session: { chainKey: a, name: 'x', n: 3 },
      packed: concatBytes(rng.bytes(32), b, new Uint8Array(5)),
      hexKey: toHex(c),
      sessions: new Map([['bob', { rootKey: Buffer.from(d).toString('base64') }]]),
      duplicate: a.slice(),
    };
    state['self'] = state;
    const set = keyCandidates({ kind: 'object', label: 'store', value: state });
    const labelOf = (k: Uint8Array) => set.candidates.find((x) => equalBytes(x.bytes, k))?.label;
    expect(labelOf(a)).toBe('store.session.chainKey');
    expect(labelOf(b)).toBe('store.packed[32..64)');
    expect(labelOf(c)).toBe('store.hexKey');
    expect(labelOf(d)).toBe('store.sessions<bob>.rootKey');
    expect(set.candidates).toHaveLength(5); // a (once), packed's two full slices, c, d
    expect(set.truncated).toBe(false);
  });

  test('a truncated extraction makes the trial incomplete, even with no success (never a silent pass)', () => {
    const set = keyCandidates({ kind: 'bytes', label: 'big', bytes: concatBytes(rng.bytes(400), secret) }, { maxRawWindowsPerSource: 100 });
    expect(set.truncated).toBe(true);
    expect(set.notes[0]).toContain('big');
    const result = runKeyTrial(set, ciphertexts, tryDecrypt);
    expect(result.successes).toEqual([]);
    expect(result.complete).toBe(false);
  });

  test('the trial bound cuts the work and reports complete: false', () => {
    const set = keyCandidates({ kind: 'bytes', label: 'blob', bytes: concatBytes(rng.bytes(100), secret) });
    const result = runKeyTrial(set, ciphertexts, tryDecrypt, { maxTrials: 50 });
    expect(result.trials).toBe(50);
    expect(result.plannedTrials).toBe(set.candidates.length * 3);
    expect(result.complete).toBe(false);
    expect(result.notes.join()).toContain('trial cap 50');
  });

  test('object walks are bounded by depth and by the candidate cap', () => {
    let deep: unknown = secret;
    for (let i = 0; i < 100; i++) deep = { next: deep };
    expect(keyCandidates({ kind: 'object', label: 'deep', value: deep }).truncated).toBe(true);
    const many = Array.from({ length: 20 }, () => rng.bytes(32));
    const capped = keyCandidates({ kind: 'object', label: 'many', value: many }, { maxCandidates: 10 });
    expect(capped.candidates).toHaveLength(10);
    expect(capped.truncated).toBe(true);
  });

  test('a decrypt that cannot run (not a ProtocolError) is rethrown, never counted as "no key worked"', () => {
    const set = keyCandidates({ kind: 'object', label: 'k', value: secret });
    expect(() =>
      runKeyTrial(set, ciphertexts, () => {
        throw new TypeError('wrong key size');
      }),
    ).toThrow(TypeError);
  });

  test("each trial gets its own copy: a decrypt that wipes its key can't damage the seized state", () => {
    const held = secret.slice();
    const set = keyCandidates({ kind: 'object', label: 'k', value: held });
    runKeyTrial(set, ciphertexts, (key) => {
      wipe(key);
      return undefined;
    });
    expect(held).toEqual(secret);
  });
});
