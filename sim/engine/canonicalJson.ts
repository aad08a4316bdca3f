// Canonical JSON for trace lines and hashed records: object keys sorted (UTF-16 code-unit order),
// no whitespace, Uint8Array as a lowercase hex string, bigint as a bare integer literal, -0 as 0.
// The same value always gives the same text, so hashes over it replay byte for byte (DET-REPLAY).
import { toHex } from '../../protocol/bytes.ts';
import { UsageError } from '../../protocol/errors.ts';
import { MAX_CANONICAL_JSON_DEPTH } from './limits.ts';

export type CanonicalValue = null | boolean | number | bigint | string | Uint8Array | readonly CanonicalValue[] | { readonly [key: string]: CanonicalValue | undefined };

export type CanonicalObject = { readonly [key: string]: CanonicalValue | undefined };

/** Serialises `value` canonically. Object keys whose value is undefined are left out (as JSON does). */
export function canonicalJson(value: CanonicalValue): string {
  const out: string[] = [];
  write(value, out, 0);
  return out.join('');
}

function write(v: unknown, out: string[], depth: number): void {
  if (depth > MAX_CANONICAL_JSON_DEPTH) throw new UsageError(`canonicalJson: nesting deeper than ${MAX_CANONICAL_JSON_DEPTH} (a cycle?)`);
  if (v === null) {
    out.push('null');
    return;
  }
  switch (typeof v) {
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(v)) throw new UsageError(`canonicalJson: non-finite number ${v}`);
      out.push(Object.is(v, -0) ? '0' : JSON.stringify(v));
      return;
    case 'bigint':
      out.push(v.toString(10));
      return;
    case 'string':
      out.push(JSON.stringify(v));
      return;
    case 'object':
      writeObject(v, out, depth);
      return;
    default:
      throw new UsageError(`canonicalJson: unsupported value of type ${typeof v}`);
  }
}

function writeObject(v: object, out: string[], depth: number): void {
  if (v instanceof Uint8Array) {
    out.push(`"${toHex(v)}"`);
    return;
  }
  if (Array.isArray(v)) {
    out.push('[');
    v.forEach((item: unknown, i) => {
      if (item === undefined) throw new UsageError(`canonicalJson: undefined at array index ${i}`);
      if (i > 0) out.push(',');
      write(item, out, depth + 1);
    });
    out.push(']');
    return;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw new UsageError('canonicalJson: only plain objects, arrays and Uint8Array are supported');
  const record = v as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  out.push('{');
  keys.forEach((k, i) => {
    if (i > 0) out.push(',');
    out.push(JSON.stringify(k), ':');
    write(record[k], out, depth + 1);
  });
  out.push('}');
}
