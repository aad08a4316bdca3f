// Typed group events a device shows its user (group rooms: membership is an end-to-end fact, so a
// divergence the server causes must be visible), and GroupRefusal: a ProtocolError carrying the events
// raised by the input it refused, so a refusal can both keep state unchanged and tell the user.
import type { DeviceId } from '../ids.ts';
import { ProtocolError, type ProtocolErrorCode } from '../errors.ts';

export type GroupEvent =
  /** A peer's membership view (epoch, transcript hash) differs from ours at the same epoch: a forked group. */
  | { readonly kind: 'fork-detected'; readonly from: DeviceId; readonly epoch: number }
  /** Traffic from a device that is not in our member set, or whose key is not the one our member set holds. */
  | { readonly kind: 'unknown-sender'; readonly from: DeviceId }
  /** A membership operation not signed by an authorised member (see membership.ts for the rule). */
  | { readonly kind: 'unauthorised-change'; readonly from: DeviceId; readonly signerId: DeviceId }
  /** A peer is at a later epoch than we are: a membership operation has not reached us (yet). */
  | { readonly kind: 'view-behind'; readonly from: DeviceId; readonly epoch: number }
  /** A peer sends under an earlier epoch on its newest chain, or under one older than we can check: our later operation may not have reached it (or its view forked before we joined). */
  | { readonly kind: 'sender-behind'; readonly from: DeviceId; readonly epoch: number }
  | { readonly kind: 'member-added'; readonly member: DeviceId; readonly by: DeviceId }
  | { readonly kind: 'member-removed'; readonly member: DeviceId; readonly by: DeviceId }
  | { readonly kind: 'removed-from-group'; readonly by: DeviceId };

export type GroupEventKind = GroupEvent['kind'];

/** A refused group input. `code` is the usual closed ProtocolError code; `events` what the user should be told. */
export class GroupRefusal extends ProtocolError {
  constructor(
    code: ProtocolErrorCode,
    message: string,
    readonly events: readonly GroupEvent[] = [],
  ) {
    super(code, message);
  }
}

export function refuse(code: ProtocolErrorCode, message: string, ...events: GroupEvent[]): never {
  throw new GroupRefusal(code, message, events);
}

/** The events a refusal carries (none for any other error). */
export function groupEventsOf(e: unknown): readonly GroupEvent[] {
  return e instanceof GroupRefusal ? e.events : [];
}

const DIVERGENCE_KINDS: ReadonlySet<GroupEventKind> = new Set<GroupEventKind>(['fork-detected', 'unknown-sender', 'unauthorised-change', 'view-behind', 'sender-behind']);

/** Events that mean "your view and a peer's disagree" (as opposed to ordinary membership news). */
export function isDivergenceEvent(e: GroupEvent): boolean {
  return DIVERGENCE_KINDS.has(e.kind);
}
