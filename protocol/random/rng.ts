// The one randomness interface protocol/ accepts (docs/conventions.md: randomness is a parameter).
// Implementations: random/drbg.ts (seeded, deterministic, for the simulator and tests) and
// platform/systemRandom.ts (the system CSPRNG, outside protocol/ on purpose).

export interface Rng {
  /** Fresh random bytes. Never returns a shared buffer: the caller may wipe it. */
  bytes(length: number): Uint8Array;
  /**
   * An independent sub-stream named by `label`. For a seeded generator the result depends only on
   * the parent's seed and the label (not on how much of the parent was consumed), so adding a party
   * to a simulation does not shift any other party's randomness.
   */
  fork(label: string): Rng;
}
