// Key trial (docs/properties.md "How a property is judged"; SEC-SERVER-BLIND, SEC-EVAPORATE, SEC-FS): every
// key candidate from seized state is tried, with the protocol's own decrypt, on every captured
// ciphertext. Work is bounded; a trial cut short by a bound says so (complete: false), never passes.
import { isProtocolError, UsageError } from '../../protocol/errors.ts';
import type { CandidateSet, KeyCandidate } from './keyCandidates.ts';

/** Decrypt attempts in one runKeyTrial call (candidates × ciphertexts): at ~10 µs per AEAD open, about ten seconds of work. */
const MAX_KEY_TRIALS = 1_000_000;
/** Successes reported in full; more are counted. */
const MAX_REPORTED_SUCCESSES = 1_000;

export interface LabelledCiphertext<C> {
  readonly label: string;
  readonly ciphertext: C;
}

interface KeyTrialSuccess {
  readonly candidate: string;
  readonly ciphertext: string;
  readonly plaintext: Uint8Array;
}

export interface KeyTrialResult {
  readonly successes: readonly KeyTrialSuccess[];
  /** All successes, including any beyond MAX_REPORTED_SUCCESSES. */
  readonly successCount: number;
  readonly trials: number;
  readonly plannedTrials: number;
  /** False when a bound (candidate extraction or trial count) cut the trial short: not a pass. */
  readonly complete: boolean;
  readonly notes: readonly string[];
}

/** The caller's decrypt with a candidate key: plaintext, or undefined / a ProtocolError when it fails. */
export type TryDecrypt<C> = (candidate: Uint8Array, ciphertext: C) => Uint8Array | undefined;

/**
 * Tries every candidate on every ciphertext, up to `maxTrials`. A ProtocolError from `tryDecrypt`
 * counts as a failed trial; any other error is rethrown, so a decrypt that cannot even run (wrong key
 * size, a bug) never passes as "no key worked". Each trial gets a fresh copy of the candidate.
 */
export function runKeyTrial<C>(
  candidates: CandidateSet | readonly KeyCandidate[],
  ciphertexts: readonly LabelledCiphertext<C>[],
  tryDecrypt: TryDecrypt<C>,
  limits: { readonly maxTrials?: number } = {},
): KeyTrialResult {
  const set: CandidateSet = Array.isArray(candidates) ? { candidates, truncated: false, notes: [] } : (candidates as CandidateSet);
  const maxTrials = limits.maxTrials ?? MAX_KEY_TRIALS;
  if (!Number.isSafeInteger(maxTrials) || maxTrials < 0) throw new UsageError(`runKeyTrial maxTrials: expected a non-negative integer, got ${maxTrials}`);
  const plannedTrials = set.candidates.length * ciphertexts.length;
  const notes = [...set.notes];
  const successes: KeyTrialSuccess[] = [];
  let successCount = 0;
  let trials = 0;
  outer: for (const cand of set.candidates) {
    for (const ct of ciphertexts) {
      if (trials >= maxTrials) break outer;
      trials++;
      let plaintext: Uint8Array | undefined;
      try {
        plaintext = tryDecrypt(cand.bytes.slice(), ct.ciphertext);
      } catch (e) {
        if (!isProtocolError(e)) throw e;
      }
      if (plaintext === undefined) continue;
      successCount++;
      if (successes.length < MAX_REPORTED_SUCCESSES) successes.push({ candidate: cand.label, ciphertext: ct.label, plaintext });
    }
  }
  if (trials < plannedTrials) notes.push(`trial cap ${maxTrials} reached: ${trials} of ${plannedTrials} trials run`);
  return { successes, successCount, trials, plannedTrials, complete: !set.truncated && trials === plannedTrials, notes };
}
