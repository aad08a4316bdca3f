// What every device step takes besides the state (docs/conventions.md: randomness and time are parameters,
// weak variants are configuration). Same shape as the ratchet's context, which it is passed down as.
import type { RatchetContext } from '../ratchet/context.ts';

export type DeviceContext = RatchetContext;
