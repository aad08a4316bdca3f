// The pinned campaign seed: `npm test` and a bare `sealroom check` both use it, so a
// default run is reproducible anywhere; longer or different campaigns pass --seed/--runs/--shard.
// No imports: the CLI reads it without loading the simulator.

export const PINNED_SEED = 1;
