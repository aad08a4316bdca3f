// Text messages in group rooms: the group plaintext is an encoded 'text' Content, so
// view-once and timers work exactly as in 1:1 — the receiver files it in the same inbox (viewMessage
// and expireMessages erase it), the sender keeps a copy only of a timed message. SEC-INTEGRITY: a
// refused group message leaves the device unchanged; the group's code and events come back as data.
import { decodeContent, encodeContent, type TextContent } from '../content/content.ts';
import { wipe } from '../bytes.ts';
import { isProtocolError, ProtocolError, UsageError } from '../errors.ts';
import { encryptGroupMessage } from '../group/encrypt.ts';
import { receiveGroupMessage } from '../group/decrypt.ts';
import { roomSkippedKeyCount } from '../group/roomSkipped.ts';
import { groupEventsOf } from '../group/events.ts';
import type { DeviceId, RoomId } from '../ids.ts';
import { MAX_INBOX_MESSAGES } from '../limits.ts';
import { decodeGroupMessage, type GroupMessage } from '../wire/groupMessage.ts';
import type { DeviceContext } from './context.ts';
import { trimStoreSkippedKeys } from './store.ts';
import { findGroup, groupDeviceEvents, isGroupNotYet, requireGroup, spentGroupSecrets, withGroup } from './groupStore.ts';
import type { DeviceEvent, DeviceState, InboxEntry, SentEntry } from './state.ts';

export interface GroupSendStep {
  readonly device: DeviceState;
  /** One broadcast group message: the server fans the same bytes out to the room. */
  readonly message: Uint8Array;
  /** The chain key this message stepped past, for the state owner to wipe (SEC-FS). */
  readonly consumed: readonly Uint8Array[];
}

/** The sender's own copy, as in 1:1: only for a timed message, `to` is the sender itself. */
function keepGroupCopy(device: DeviceState, text: TextContent): DeviceState {
  if (text.evaporation.mode !== 'timer') return device;
  const entry: SentEntry = { messageId: text.messageId, to: device.deviceId, roomId: text.roomId, body: text.body.slice(), expiresAtMs: text.sentAtMs + text.evaporation.ms };
  return { ...device, sent: [...device.sent, entry] };
}

export function sendGroupText(device: DeviceState, roomId: RoomId, text: TextContent, ctx: DeviceContext): GroupSendStep {
  if (text.roomId !== roomId) throw new UsageError(`sendGroupText: text names room ${text.roomId}, not ${roomId}`);
  const group = requireGroup(device, roomId);
  const plaintext = encodeContent(text);
  const sent = encryptGroupMessage(ctx, group, plaintext);
  wipe(plaintext);
  return { device: keepGroupCopy(withGroup(device, sent.state), text), message: sent.message, consumed: spentGroupSecrets(group, sent.state) };
}

export type GroupReceiveOutcome =
  | {
      readonly ok: true;
      readonly device: DeviceState;
      readonly content: TextContent;
      /** The sender the group message authenticated (its chain's signature), not the envelope's claim. */
      readonly sender: DeviceId;
      readonly events: readonly DeviceEvent[];
      readonly consumed: readonly Uint8Array[];
    }
  | {
      readonly ok: false;
      /** The input device, unchanged. */
      readonly device: DeviceState;
      readonly error: ProtocolError;
      readonly events: readonly DeviceEvent[];
      /** It may decrypt once more group-control arrives (no sender key yet, a view ahead of ours, no room yet). */
      readonly retryLater: boolean;
    };

function decodeHeader(bytes: Uint8Array): GroupMessage | ProtocolError {
  try {
    return decodeGroupMessage(bytes);
  } catch (e) {
    if (isProtocolError(e)) return e;
    throw e;
  }
}

/** The group plaintext must be a text for this very room. */
function decodeGroupText(plaintext: Uint8Array, roomId: RoomId): TextContent | ProtocolError {
  try {
    const content = decodeContent(plaintext);
    if (content.kind === 'text' && content.roomId === roomId) return content;
    return new ProtocolError('INVALID_MESSAGE', 'group message: content is not a text for this room');
  } catch (e) {
    if (isProtocolError(e)) return new ProtocolError('INVALID_MESSAGE', `group message: undecodable content (${e.code})`);
    throw e;
  } finally {
    wipe(plaintext);
  }
}

/** `from` is the server's claim (the envelope sender); it must be the sender the message is signed as. */
export function receiveGroupText(device: DeviceState, from: DeviceId, bytes: Uint8Array, ctx: DeviceContext): GroupReceiveOutcome {
  const refuse = (error: ProtocolError, events: readonly DeviceEvent[] = [], retryLater = false): GroupReceiveOutcome => ({ ok: false, device, error, events, retryLater });
  const header = decodeHeader(bytes);
  if (header instanceof ProtocolError) return refuse(header);
  if (header.senderId !== from) return refuse(new ProtocolError('INVALID_MESSAGE', `group message signed as ${header.senderId}, relayed as from ${from}`));
  const group = findGroup(device, header.roomId);
  if (group === undefined) return refuse(new ProtocolError('NOT_A_MEMBER', `group message for room ${header.roomId}, which this device is not in`), [], true);
  const receipt = receiveGroupMessage(ctx, group, bytes);
  if (!receipt.accepted) {
    const events = groupDeviceEvents(group.roomId, receipt.events, ctx.nowMs);
    return refuse(receipt.error, events, isGroupNotYet(receipt.error.code, groupEventsOf(receipt.error)));
  }
  const content = decodeGroupText(receipt.plaintext, group.roomId);
  if (content instanceof ProtocolError) return refuse(content);
  if (device.inbox.some((m) => m.messageId === content.messageId)) return refuse(new ProtocolError('DUPLICATE_MESSAGE', `message id ${content.messageId} already in the inbox`));
  if (device.inbox.length >= MAX_INBOX_MESSAGES) return refuse(new ProtocolError('WIRE_LENGTH_OVER_LIMIT', `inbox holds the maximum of ${MAX_INBOX_MESSAGES}`));
  const entry: InboxEntry = {
    messageId: content.messageId,
    from: receipt.sender,
    roomId: content.roomId,
    receivedAtMs: ctx.nowMs,
    evaporation: content.evaporation,
    body: content.body,
    viewedAtMs: undefined,
    expiresAtMs: undefined,
  };
  const advanced = { ...withGroup(device, receipt.state), inbox: [...device.inbox, entry] };
  // MAX_STORE_SKIPPED_KEYS holds in memory too, not only when written: counted only when this room gained keys.
  const bounded = roomSkippedKeyCount(receipt.state.receiving) > roomSkippedKeyCount(group.receiving) ? trimStoreSkippedKeys(advanced) : { device: advanced, dropped: [] };
  const events = groupDeviceEvents(group.roomId, receipt.events, ctx.nowMs);
  return { ok: true, device: bounded.device, content, sender: receipt.sender, events, consumed: [...spentGroupSecrets(group, receipt.state), ...bounded.dropped] };
}
