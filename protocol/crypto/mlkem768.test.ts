// ML-KEM-768 (FIPS 203) on every provider: all four Wycheproof ML-KEM-768 files, every case.
// Refusal rules (provider.ts): wrong-length seed or decapsulation key, or a decapsulation key whose
// embedded H(ek) does not match (FIPS 203 §7.3), is the caller's own bug: UsageError. A peer's
// encapsulation key of the wrong length or failing the modulus check (§7.2): KEM_BAD_PUBLIC_KEY. A
// ciphertext of the wrong length: KEM_BAD_CIPHERTEXT. A wrong ciphertext of the right length is not
// refused: implicit rejection yields the pseudo-random K that the vectors give.
import { describe, expect, test } from 'vitest';
import { fromHex, toHex } from '../bytes.ts';
import { casesOf, caseLabel, expectProtocolError, expectUsageError, loadWycheproof, tally, type WycheproofCase, type WycheproofGroup } from '../../test/wycheproof.ts';
import { getProvider, PROVIDER_NAMES } from './index.ts';
import { MLKEM768_CIPHERTEXT_BYTES, MLKEM768_PUBLIC_BYTES, MLKEM768_SECRET_BYTES, MLKEM768_SEED_BYTES, type CryptoProvider } from './provider.ts';

interface KemCase extends WycheproofCase {
  readonly seed?: string;
  readonly ek?: string;
  readonly dk?: string;
  readonly m?: string;
  readonly c?: string;
  readonly K?: string;
}
type KemFile = WycheproofGroup<KemCase>;

/** The tally outcome for a case whose file result must be `valid` or `invalid` (these files have no `acceptable`). */
function outcomeOf(tc: KemCase, label: string): 'valid' | 'invalid' {
  expect(tc.result, label).not.toBe('acceptable');
  return tc.result === 'valid' ? 'valid' : 'invalid';
}

function field(tc: KemCase, key: keyof KemCase, label: string): Uint8Array {
  const v = tc[key];
  expect(typeof v, `${label}: field ${String(key)}`).toBe('string');
  return fromHex(v as string);
}

/** mlkem_768_test.json (MLKEMTest): keygen from seed, then decapsulate c. */
function runCombined(file: string, name: string, p: CryptoProvider): void {
  const data = loadWycheproof<KemFile>(file);
  const t = tally(file, name);
  for (const { test: tc } of casesOf(data)) {
    const label = caseLabel(file, name, tc);
    const outcome = outcomeOf(tc, label);
    const seed = field(tc, 'seed', label);
    if (seed.length !== MLKEM768_SEED_BYTES) {
      expect(outcome, label).toBe('invalid');
      expectUsageError(() => p.mlkem768KeyGen(seed), label);
    } else {
      const { publicKey, secretKey } = p.mlkem768KeyGen(seed);
      if (tc.ek !== undefined) expect(toHex(publicKey), `${label} ek`).toBe(tc.ek);
      const c = field(tc, 'c', label);
      if (c.length !== MLKEM768_CIPHERTEXT_BYTES) {
        expect(outcome, label).toBe('invalid');
        expectProtocolError(() => p.mlkem768Decapsulate(c, secretKey), 'KEM_BAD_CIPHERTEXT', label);
      } else {
        expect(outcome, label).toBe('valid');
        expect(toHex(p.mlkem768Decapsulate(c, secretKey)), label).toBe(tc.K);
      }
    }
    t.count(outcome);
  }
  t.finish(data.numberOfTests);
}

/** mlkem_768_encaps_test.json (MLKEMEncapsTest): encapsulate to ek with randomness m. */
function runEncaps(file: string, name: string, p: CryptoProvider): void {
  const data = loadWycheproof<KemFile>(file);
  const t = tally(file, name);
  for (const { test: tc } of casesOf(data)) {
    const label = caseLabel(file, name, tc);
    const outcome = outcomeOf(tc, label);
    const [ek, m] = [field(tc, 'ek', label), field(tc, 'm', label)];
    if (outcome === 'valid') {
      const { ciphertext, sharedSecret } = p.mlkem768Encapsulate(ek, m);
      expect(toHex(ciphertext), `${label} c`).toBe(tc.c);
      expect(toHex(sharedSecret), `${label} K`).toBe(tc.K);
    } else {
      // Every invalid case here is a peer key of the wrong length or with a coefficient >= q.
      expectProtocolError(() => p.mlkem768Encapsulate(ek, m), 'KEM_BAD_PUBLIC_KEY', label);
      if (ek.length === MLKEM768_PUBLIC_BYTES) expect(tc.comment === 'Public key not reduced' || tc.flags?.includes('ModulusOverflow'), label).toBe(true);
    }
    t.count(outcome);
  }
  t.finish(data.numberOfTests);
}

/** mlkem_768_keygen_seed_test.json (MLKEMKeyGen): seed to (ek, dk). */
function runKeyGen(file: string, name: string, p: CryptoProvider): void {
  const data = loadWycheproof<KemFile>(file);
  const t = tally(file, name);
  for (const { test: tc } of casesOf(data)) {
    const label = caseLabel(file, name, tc);
    expect(outcomeOf(tc, label), label).toBe('valid'); // the file has only valid cases
    const { publicKey, secretKey } = p.mlkem768KeyGen(field(tc, 'seed', label));
    expect(toHex(publicKey), `${label} ek`).toBe(tc.ek);
    expect(toHex(secretKey), `${label} dk`).toBe(tc.dk);
    t.count('valid');
  }
  t.finish(data.numberOfTests);
}

/** mlkem_768_semi_expanded_decaps_test.json (MLKEMDecapsValidationTest): decapsulate with a given dk. */
function runDecaps(file: string, name: string, p: CryptoProvider): void {
  const data = loadWycheproof<KemFile>(file);
  const t = tally(file, name);
  for (const { test: tc } of casesOf(data)) {
    const label = caseLabel(file, name, tc);
    const outcome = outcomeOf(tc, label);
    const [dk, c] = [field(tc, 'dk', label), field(tc, 'c', label)];
    const run = () => p.mlkem768Decapsulate(c, dk);
    if (outcome === 'valid') {
      expect(toHex(run()), label).toBe(tc.K);
    } else if (dk.length !== MLKEM768_SECRET_BYTES || tc.flags?.includes('InvalidDecapsulationKey') === true) {
      expectUsageError(run, label);
    } else {
      expect(c.length, `${label}: the only other invalid kind is a wrong-length ciphertext`).not.toBe(MLKEM768_CIPHERTEXT_BYTES);
      expectProtocolError(run, 'KEM_BAD_CIPHERTEXT', label);
    }
    t.count(outcome);
  }
  t.finish(data.numberOfTests);
}

describe.each(PROVIDER_NAMES)('ml-kem-768 [%s]', (name) => {
  const p = getProvider(name);
  test(`wycheproof mlkem_768_test.json [${name}]`, () => runCombined('mlkem_768_test.json', name, p));
  test(`wycheproof mlkem_768_encaps_test.json [${name}] (SEC-PQ)`, () => runEncaps('mlkem_768_encaps_test.json', name, p));
  test(`wycheproof mlkem_768_keygen_seed_test.json [${name}]`, () => runKeyGen('mlkem_768_keygen_seed_test.json', name, p));
  test(`wycheproof mlkem_768_semi_expanded_decaps_test.json [${name}]`, () => runDecaps('mlkem_768_semi_expanded_decaps_test.json', name, p));
});
