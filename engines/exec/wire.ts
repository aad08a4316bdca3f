// The engine protocol's vocabulary (docs/engine-protocol.md): its version, its methods, its error
// codes, and how the contract's values cross it (bytes as base64, addresses and ciphertexts as JSON).
import type { EngineCiphertext, PeerAddress } from '../contract.ts';

export const PROTOCOL_VERSION = 1;

/** Every method of version 1, in the order the document lists them. */
const METHODS = [
  'initialize',
  'engine.createDevice',
  'engine.importDevice',
  'engine.openWith',
  'device.identityKey',
  'device.bundle',
  'device.startSession',
  'device.hasSession',
  'device.encrypt',
  'device.decrypt',
  'device.peerIdentity',
  'device.trustIdentity',
  'device.exportState',
  'device.release',
  'device.safetyNumber',
  'group.distribution',
  'group.join',
  'group.send',
  'group.receive',
  'group.rekey',
  'shutdown',
] as const;

export type Method = (typeof METHODS)[number];

export function isMethod(name: string): name is Method {
  return (METHODS as readonly string[]).includes(name);
}

/** The JSON-RPC error codes an engine answers with (docs/engine-protocol.md "Errors"). */
export const RPC_ERROR = {
  PARSE: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL: -32603,
  NO_COMMON_VERSION: -32001,
  NOT_INITIALIZED: -32002,
  UNKNOWN_DEVICE: -32003,
  CAPABILITY_NOT_DECLARED: -32004,
} as const;

export interface RpcError {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

export type RpcResponse = { readonly jsonrpc: '2.0'; readonly id: number; readonly result: unknown } | { readonly jsonrpc: '2.0'; readonly id: number | null; readonly error: RpcError };

export const b64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** Bytes from base64 the schema has already checked. */
export const unb64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

export interface WireCiphertext {
  readonly kind: EngineCiphertext['kind'];
  readonly bytes: string;
}

export const ciphertextToWire = (c: EngineCiphertext): WireCiphertext => ({ kind: c.kind, bytes: b64(c.bytes) });

export const ciphertextFromWire = (c: WireCiphertext): EngineCiphertext => ({ kind: c.kind, bytes: unb64(c.bytes) });

export const addressToWire = (a: PeerAddress): PeerAddress => ({ user: a.user, device: a.device });
