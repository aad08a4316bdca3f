// The pinned campaign seed: `npm test` and a bare `sealroom check` both use it, so a
// default run is reproducible anywhere; longer or different campaigns pass --seed/--runs/--shard.
// No imports: the CLI reads it without loading the simulator.

export const PINNED_SEED = 1;

/** Campaign seeds are unsigned 64-bit integers: --seed takes any of them, and no two give the same runs. */
export const MAX_CAMPAIGN_SEED = 2n ** 64n - 1n;
