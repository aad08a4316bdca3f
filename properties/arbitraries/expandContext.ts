// What expanding a motif into actions needs to know (expand.ts, groupExpand.ts): the cast, the TTL and
// a run-unique label maker. Its own file so the two expanders do not import each other.
import type { Cast } from './cast.ts';

export interface ExpandContext {
  readonly cast: Cast;
  /** The retention TTL the server applies in this run. */
  readonly ttlMs: number;
  /** A run-unique label for this motif's local message name. */
  readonly label: (local: string) => string;
}
