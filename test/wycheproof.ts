// Test-only helpers for Project Wycheproof vector files (test/vectors/wycheproof, see test/vectors/MANIFEST.md):
// typed loading, and a tally that puts every case in exactly one outcome class and prints one
// summary line per file and provider, so that "zero unexplained outcomes" is checked, not assumed.
import { expect } from 'vitest';
import { isProtocolError, UsageError, type ProtocolErrorCode } from '../protocol/errors.ts';
import { concatBytes, fromHex, toHex } from '../protocol/bytes.ts';
import type { Aead } from '../protocol/crypto/provider.ts';
import { readVectorJson } from './vectors.ts';

type WycheproofResult = 'valid' | 'invalid' | 'acceptable';

export interface WycheproofCase {
  readonly tcId: number;
  readonly comment?: string;
  readonly flags?: readonly string[];
  readonly result: WycheproofResult;
}

export interface WycheproofGroup<T extends WycheproofCase> {
  readonly type: string;
  readonly tests: readonly T[];
}

export interface WycheproofFile<G> {
  readonly algorithm: string;
  readonly numberOfTests: number;
  readonly testGroups: readonly G[];
}

export function loadWycheproof<G>(fileName: string): WycheproofFile<G> {
  return readVectorJson<WycheproofFile<G>>(`wycheproof/${fileName}`);
}

/** Every case of a file with its group, in file order. */
export function casesOf<G extends WycheproofGroup<WycheproofCase>>(file: WycheproofFile<G>): { group: G; test: G['tests'][number] }[] {
  return file.testGroups.flatMap((group) => group.tests.map((test) => ({ group, test })));
}

/** The outcome class a case was counted under. `outOfProfile` = refused by input validation (UsageError) because the API does not offer that parameter set. */
export type Outcome = 'valid' | 'invalid' | 'acceptable' | 'outOfProfile';

export interface Tally {
  /** Counts a case under its file result (`valid`/`invalid`/`acceptable`), or as out of profile. */
  count(outcome: Outcome, fileResult?: WycheproofResult): void;
  readonly counts: Readonly<Record<Outcome, number>>;
  /** Prints the one summary line and checks that every case of the file was counted once. `detail` explains the acceptable cases. */
  finish(numberOfTests: number, detail?: string): Readonly<Record<Outcome, number>>;
}

export function tally(fileName: string, provider: string): Tally {
  const counts: Record<Outcome, number> = { valid: 0, invalid: 0, acceptable: 0, outOfProfile: 0 };
  const outByResult: Record<WycheproofResult, number> = { valid: 0, invalid: 0, acceptable: 0 };
  return {
    count(outcome, fileResult) {
      counts[outcome] += 1;
      if (outcome === 'outOfProfile') {
        expect(fileResult, 'an out-of-profile case records its file result').toBeDefined();
        if (fileResult !== undefined) outByResult[fileResult] += 1;
      }
    },
    counts,
    finish(numberOfTests, detail) {
      const total = counts.valid + counts.invalid + counts.acceptable + counts.outOfProfile;
      const outDetail = counts.outOfProfile === 0 ? '' : ` (file says valid ${outByResult.valid}, invalid ${outByResult.invalid}, acceptable ${outByResult.acceptable}; all refused with UsageError)`;
      console.log(
        `wycheproof ${fileName} [${provider}]: ${total}/${numberOfTests} cases: valid ${counts.valid}, invalid ${counts.invalid}, ` +
          `acceptable ${counts.acceptable}${detail === undefined ? '' : ` (${detail})`}, out-of-profile ${counts.outOfProfile}${outDetail}`,
      );
      expect(total, `${fileName}: every case is counted exactly once`).toBe(numberOfTests);
      return { ...counts };
    },
  };
}

/** Runs `fn` and returns the error it threw, failing the test if it returned. */
function thrown(fn: () => unknown, what: string): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  expect.fail(`${what}: expected a refusal, but the call returned`);
}

export function expectProtocolError(fn: () => unknown, code: ProtocolErrorCode, what: string): void {
  const e = thrown(fn, what);
  expect(isProtocolError(e, code), `${what}: expected ProtocolError ${code}, got ${String(e)}`).toBe(true);
}

export function expectUsageError(fn: () => unknown, what: string): void {
  const e = thrown(fn, what);
  expect(e instanceof UsageError, `${what}: expected UsageError, got ${String(e)}`).toBe(true);
}

/** A short label for assertion messages: file, provider, tcId and comment. */
export function caseLabel(fileName: string, provider: string, test: WycheproofCase): string {
  return `${fileName} [${provider}] tcId ${test.tcId}${test.comment ? ` (${test.comment})` : ''}`;
}

// ---- AEAD files (AeadTest schema): one runner shared by the three AEAD test files ----------------

interface AeadCase extends WycheproofCase {
  readonly key: string;
  readonly iv: string;
  readonly aad: string;
  readonly msg: string;
  readonly ct: string;
  readonly tag: string;
}
interface AeadGroup extends WycheproofGroup<AeadCase> {
  readonly keySize: number;
  readonly ivSize: number;
  readonly tagSize: number;
}

/**
 * Runs every case of an AeadTest file against one Aead. The API's profile is a 256-bit key, its own
 * nonce length and a 128-bit tag; any other parameter set must be refused by input validation
 * (UsageError) on both seal and open, and is counted as out of profile. In profile: `valid` seals to
 * ct || tag and opens back; `invalid` fails to open with AEAD_TAG_MISMATCH (SEC-INTEGRITY).
 */
export function runAeadFile(fileName: string, provider: string, aead: Aead): Readonly<Record<Outcome, number>> {
  const file = loadWycheproof<AeadGroup>(fileName);
  const t = tally(fileName, provider);
  for (const { group, test: tc } of casesOf(file)) {
    const label = caseLabel(fileName, provider, tc);
    const [key, iv, aad, msg] = [fromHex(tc.key), fromHex(tc.iv), fromHex(tc.aad), fromHex(tc.msg)];
    const sealed = concatBytes(fromHex(tc.ct), fromHex(tc.tag));
    expect(tc.result, label).not.toBe('acceptable'); // AEAD files have none; a new one would need a decision
    const inProfile = group.keySize === aead.keyLength * 8 && group.ivSize === aead.nonceLength * 8 && group.tagSize === 128;
    if (!inProfile) {
      expect(key.length * 8 === group.keySize && iv.length * 8 === group.ivSize, label).toBe(true);
      expectUsageError(() => aead.seal(key, iv, msg, aad), `${label} seal`);
      expectUsageError(() => aead.open(key, iv, sealed, aad), `${label} open`);
      t.count('outOfProfile', tc.result);
    } else if (tc.result === 'valid') {
      expect(toHex(aead.seal(key, iv, msg, aad)), `${label} seal`).toBe(toHex(sealed));
      expect(toHex(aead.open(key, iv, sealed, aad)), `${label} open`).toBe(tc.msg);
      t.count('valid');
    } else {
      expectProtocolError(() => aead.open(key, iv, sealed, aad), 'AEAD_TAG_MISMATCH', label);
      t.count('invalid');
    }
  }
  return t.finish(file.numberOfTests);
}
