// Byte-string helpers shared by every layer. Small on purpose: anything cryptographic lives in crypto/.
import { UsageError } from './errors.ts';

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Constant-time comparison for tags and keys: runtime depends only on the lengths. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** Overwrites a secret in place. Used by the owner of live state once a secret is spent. */
export function wipe(...secrets: readonly Uint8Array[]): void {
  for (const s of secrets) s.fill(0);
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new UsageError(`fromHex: not a hex string (length ${hex.length})`);
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
export const utf8 = (s: string): Uint8Array => encoder.encode(s);
export const fromUtf8 = (b: Uint8Array): string => decoder.decode(b);

/** Checks a byte-string argument's type and exact length; names the field in the error. */
export function requireBytes(value: unknown, field: string, length?: number): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new UsageError(`${field}: expected Uint8Array`);
  if (length !== undefined && value.length !== length) {
    throw new UsageError(`${field}: expected ${length} bytes, got ${value.length}`);
  }
  return value;
}
