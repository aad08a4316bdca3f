// RatchetDecrypt (Signal Double Ratchet spec §3.5) with clone-then-commit: the key is found on a
// working copy (receivePlan.ts) that becomes the state only after the AEAD opened. Weak variants:
// atomicDecrypt off steps the chain before the header tag is checked and commits it after a failed
// header tag or AEAD check too; replayCheck off stores the used key again.
import { wipe } from '../bytes.ts';
import { isProtocolError, ProtocolError, UsageError } from '../errors.ts';
import { X25519_KEY_BYTES } from '../crypto/provider.ts';
import { decodeRatchetMessage, HEADER_TAG_BYTES, type RatchetMessage } from '../wire/ratchetMessage.ts';
import { headerTagVerifies } from './headerTag.ts';
import { requireNowMs, type RatchetContext } from './context.ts';
import { openWithSeed } from './messageCipher.ts';
import { planReceive } from './receivePlan.ts';
import { appendSkippedKeys } from './skipped.ts';
import type { RatchetState } from './state.ts';

/**
 * The outcome of one receive. On failure `state` is the input state object itself (reference), or
 * the state advanced up to the failed tag check (flags.atomicDecrypt off). The caller always adopts
 * `state`, a deep copy when it is a different object; the old one's secrets are then the caller's to
 * wipe (the session layer returns them in `consumed` on success, protocol/session/receive.ts).
 */
export type RatchetReceiveResult =
  | { readonly ok: true; readonly state: RatchetState; readonly payload: Uint8Array }
  | { readonly ok: false; readonly state: RatchetState; readonly error: ProtocolError };

/** Thrown by ratchetDecrypt; `stateAfter` is what ratchetReceive would return as `state`. */
export class RatchetDecryptError extends ProtocolError {
  constructor(
    cause: ProtocolError,
    readonly stateAfter: RatchetState,
  ) {
    super(cause.code, cause.message.slice(`${cause.code}: `.length));
  }
}

/** Bytes are decoded strictly; a message that does not decode, or a malformed object, is INVALID_MESSAGE. */
function toMessage(input: RatchetMessage | Uint8Array): RatchetMessage {
  if (input instanceof Uint8Array) {
    try {
      return decodeRatchetMessage(input);
    } catch (e) {
      if (isProtocolError(e)) throw new ProtocolError('INVALID_MESSAGE', `undecodable ratchet message (${e.code})`);
      throw e;
    }
  }
  const { header, ciphertext } = input;
  if (typeof header !== 'object' || header === null) throw new ProtocolError('INVALID_MESSAGE', 'malformed ratchet message');
  const u32 = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xffff_ffff;
  const tagOk = input.headerTag instanceof Uint8Array && input.headerTag.length === HEADER_TAG_BYTES;
  const wellFormed =
    tagOk && header.ratchetKey instanceof Uint8Array && header.ratchetKey.length === X25519_KEY_BYTES && u32(header.counter) && u32(header.previousCounter) && ciphertext instanceof Uint8Array;
  if (!wellFormed) throw new ProtocolError('INVALID_MESSAGE', 'malformed ratchet message');
  return input;
}

/** Never throws for peer input: every refusal is `{ ok: false, error }` with a ProtocolError code. */
export function ratchetReceive(state: RatchetState, input: RatchetMessage | Uint8Array, ctx: RatchetContext): RatchetReceiveResult {
  if (!(input instanceof Uint8Array) && (typeof input !== 'object' || input === null)) throw new UsageError('message: expected bytes or a RatchetMessage');
  requireNowMs(ctx.nowMs);
  let plan;
  let message: RatchetMessage;
  try {
    message = toMessage(input);
    plan = planReceive(state, message, ctx);
  } catch (e) {
    if (isProtocolError(e)) return { ok: false, state, error: e };
    throw e;
  }
  let payload: Uint8Array;
  try {
    if (!plan.headerChecked && !headerTagVerifies(ctx.provider, plan.headerKey, message.header, message.ciphertext, message.headerTag)) {
      throw new ProtocolError('INVALID_MESSAGE', 'header tag does not verify');
    }
    // The associated data is fixed at session start: the input state's is the working copy's.
    payload = openWithSeed(ctx.provider, plan.seed, state.associatedData, message.header, message.ciphertext);
  } catch (e) {
    wipe(plan.seed);
    if (!isProtocolError(e)) throw e;
    return { ok: false, state: ctx.flags.atomicDecrypt ? state : plan.commit(), error: e };
  }
  const next = plan.commit();
  if (ctx.flags.replayCheck) {
    wipe(plan.seed); // SEC-FS: a used message key leaves the state at once.
    return { ok: true, state: next, payload };
  }
  // WEAK VARIANT no-replay-check: the used key is stored again, so a replay opens a second time.
  const kept = { ratchetKey: message.header.ratchetKey.slice(), counter: message.header.counter, seed: plan.seed, headerKey: plan.headerKey.slice(), storedAtMs: ctx.nowMs };
  return { ok: true, state: { ...next, skipped: appendSkippedKeys(next.skipped, [kept], ctx.nowMs) }, payload };
}

/** ratchetReceive that throws a RatchetDecryptError (a ProtocolError carrying `stateAfter`) on refusal. */
export function ratchetDecrypt(state: RatchetState, input: RatchetMessage | Uint8Array, ctx: RatchetContext): { state: RatchetState; payload: Uint8Array } {
  const result = ratchetReceive(state, input, ctx);
  if (!result.ok) throw new RatchetDecryptError(result.error, result.state);
  return { state: result.state, payload: result.payload };
}
