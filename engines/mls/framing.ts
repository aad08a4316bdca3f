// Reading what the delivery service hands a device: whole MLSMessages, the header of a handshake or
// application message in either wire format, and a PrivateMessage's sender recovered from its sender
// data (RFC 9420 §6.3.2), never from the server's word.
import { decodeMlsMessage, type MLSMessage, type MlsPrivateMessage, type MlsPublicMessage } from 'ts-mls';
import { decryptSenderData } from 'ts-mls/privateMessage.js';
import { refuse } from './refusals.ts';
import type { Device } from './state.ts';

/** An MLSMessage from bytes, with nothing left over. */
export function decodeWhole(bytes: Uint8Array): MLSMessage | undefined {
  try {
    const got = decodeMlsMessage(bytes, 0);
    return got !== undefined && got[1] === bytes.length ? got[0] : undefined;
  } catch {
    return undefined;
  }
}

/** A handshake or application message: what processMessage takes. */
export type Framed = MLSMessage & (MlsPrivateMessage | MlsPublicMessage);
export const isFramed = (m: MLSMessage | undefined): m is Framed => m?.wireformat === 'mls_private_message' || m?.wireformat === 'mls_public_message';

/** The header fields of a handshake or application message, from either wire format. */
export function header(m: Framed): { groupId: Uint8Array; epoch: bigint; contentType: string; memberLeaf: number | undefined; senderType: string | undefined } {
  if (m.wireformat === 'mls_private_message')
    return { groupId: m.privateMessage.groupId, epoch: m.privateMessage.epoch, contentType: m.privateMessage.contentType, memberLeaf: undefined, senderType: undefined };
  const c = m.publicMessage.content;
  return { groupId: c.groupId, epoch: c.epoch, contentType: c.contentType, memberLeaf: c.sender.senderType === 'member' ? c.sender.leafIndex : undefined, senderType: c.sender.senderType };
}

/** The sender's leaf index from a PrivateMessage's sender data (RFC 9420 §6.3.2), under that epoch's sender data secret. */
export async function senderLeafOf(d: Device, m: MLSMessage, senderDataSecret: Uint8Array): Promise<number> {
  if (m.wireformat !== 'mls_private_message') return refuse('INVALID_MESSAGE', 'not a PrivateMessage');
  let sd: Awaited<ReturnType<typeof decryptSenderData>>;
  try {
    sd = await decryptSenderData(m.privateMessage, senderDataSecret, d.suite);
  } catch (e) {
    return refuse('INVALID_MESSAGE', `sender data does not open: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (sd === undefined) return refuse('INVALID_MESSAGE', 'sender data does not decode');
  return sd.leafIndex;
}
