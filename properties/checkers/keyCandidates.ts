// Key candidates for the key trial (docs/properties.md "How a property is judged"): every key-like byte string
// in seized state — 32-byte fields and 32-aligned slices of a decoded object graph, hex/base64 key
// strings, and every 32-byte window of raw bytes — deduplicated, within named limits that report truncation.

/** Every symmetric key, chain key and X25519 secret in the protocol is 32 bytes. */
const KEY_BYTES = 32;
/** Distinct candidates kept per keyCandidates call: bounds memory (each is a 32-byte view plus a map key). */
const MAX_KEY_CANDIDATES = 1 << 18;
/** Raw 32-byte windows read from one byte source (a 256 KiB blob at stride 1). */
const MAX_RAW_WINDOWS_PER_SOURCE = 1 << 18;
/** Objects visited in one object graph, and how deep: bounds a hostile or cyclic state. */
const MAX_OBJECT_NODES = 100_000;
const MAX_OBJECT_DEPTH = 64;

/**
 * Raw-byte stride policy: windows start at EVERY byte offset (stride 1), because encoded stores put
 * keys behind length prefixes and headers at any offset. Beyond the window cap the set is marked
 * truncated; the stride is never widened silently, since a wider stride would skip unaligned keys.
 */
const RAW_WINDOW_STRIDE = 1;

export type CandidateSource = { readonly kind: 'object'; readonly label: string; readonly value: unknown } | { readonly kind: 'bytes'; readonly label: string; readonly bytes: Uint8Array };

export interface KeyCandidate {
  /** Where it came from: `source.path.to.field[32..64)` or `source@offset`. */
  readonly label: string;
  readonly bytes: Uint8Array;
}

export interface CandidateSet {
  readonly candidates: readonly KeyCandidate[];
  /** True when a limit stopped the extraction: the trial over this set cannot be complete. */
  readonly truncated: boolean;
  readonly notes: readonly string[];
}

export interface CandidateLimits {
  readonly maxCandidates?: number;
  readonly maxRawWindowsPerSource?: number;
  readonly maxObjectNodes?: number;
  readonly maxObjectDepth?: number;
}

class Collector {
  readonly candidates: KeyCandidate[] = [];
  readonly notes: string[] = [];
  truncated = false;
  private readonly seen = new Set<string>();
  constructor(readonly maxCandidates: number) {}

  /** Adds a 32-byte candidate unless seen; false once the candidate cap is reached. */
  add(label: string, bytes: Uint8Array): boolean {
    const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    if (this.seen.has(key)) return true;
    if (this.candidates.length >= this.maxCandidates) return this.stop(`candidate cap ${this.maxCandidates} reached at ${label}`);
    this.seen.add(key);
    this.candidates.push({ label, bytes });
    return true;
  }
  stop(note: string): false {
    if (!this.truncated) this.notes.push(note);
    this.truncated = true;
    return false;
  }
}

function fromRawBytes(c: Collector, label: string, bytes: Uint8Array, maxWindows: number): void {
  const windows = bytes.length >= KEY_BYTES ? Math.floor((bytes.length - KEY_BYTES) / RAW_WINDOW_STRIDE) + 1 : 0;
  const taken = Math.min(windows, maxWindows);
  for (let i = 0; i < taken; i++) {
    const at = i * RAW_WINDOW_STRIDE;
    if (!c.add(`${label}@${at}`, bytes.subarray(at, at + KEY_BYTES))) return;
  }
  if (taken < windows) c.stop(`${label}: ${windows} windows, cap ${maxWindows}`);
}

/** 32-byte fields, and 32-aligned slices of longer ones (the brief's object-graph rule). */
function fromField(c: Collector, path: string, bytes: Uint8Array): boolean {
  if (bytes.length === KEY_BYTES) return c.add(path, bytes);
  for (let at = 0; at + KEY_BYTES <= bytes.length; at += KEY_BYTES) {
    if (!c.add(`${path}[${at}..${at + KEY_BYTES})`, bytes.subarray(at, at + KEY_BYTES))) return false;
  }
  return true;
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const B64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;

/** A string that spells 32 bytes in hex or base64(url): serialized state (JSON) often holds keys that way. */
function decodeKeyString(s: string): Uint8Array | undefined {
  if (HEX_KEY.test(s)) return new Uint8Array(Buffer.from(s, 'hex'));
  if (B64_KEY.test(s)) {
    const b = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (b.length === KEY_BYTES) return new Uint8Array(b);
  }
  return undefined;
}

interface Walk {
  readonly c: Collector;
  readonly visited: Set<object>;
  nodes: number;
  readonly maxNodes: number;
  readonly maxDepth: number;
}

function children(value: object): [string, unknown][] {
  if (Array.isArray(value)) return value.map((v, i) => [`[${i}]`, v]);
  if (value instanceof Map)
    return [...value.entries()].flatMap(([k, v], i): [string, unknown][] => [
      [`<key ${i}>`, k],
      [`<${String(k)}>`, v],
    ]);
  if (value instanceof Set) return [...value].map((v, i) => [`{${i}}`, v]);
  return Object.entries(value).map(([k, v]) => [`.${k}`, v]);
}

function walk(w: Walk, path: string, value: unknown, depth: number): boolean {
  if (typeof value === 'string') {
    const decoded = decodeKeyString(value);
    return decoded === undefined || w.c.add(path, decoded);
  }
  if (value instanceof Uint8Array) return fromField(w.c, path, value);
  if (value instanceof ArrayBuffer) return fromField(w.c, path, new Uint8Array(value));
  if (ArrayBuffer.isView(value)) return fromField(w.c, path, new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  if (typeof value !== 'object' || value === null || w.visited.has(value)) return true;
  if (depth >= w.maxDepth) return w.c.stop(`${path}: object depth cap ${w.maxDepth}`);
  if (++w.nodes > w.maxNodes) return w.c.stop(`${path}: object node cap ${w.maxNodes}`);
  w.visited.add(value);
  for (const [step, child] of children(value)) {
    if (!walk(w, path + step, child, depth + 1)) return false;
  }
  return true;
}

/** Every key-like byte string in the given seized state, deduplicated, within the named limits. */
export function keyCandidates(sources: CandidateSource | readonly CandidateSource[], limits: CandidateLimits = {}): CandidateSet {
  const list: readonly CandidateSource[] = Array.isArray(sources) ? sources : [sources as CandidateSource];
  const c = new Collector(limits.maxCandidates ?? MAX_KEY_CANDIDATES);
  for (const s of list) {
    if (c.truncated) break;
    if (s.kind === 'bytes') fromRawBytes(c, s.label, s.bytes, limits.maxRawWindowsPerSource ?? MAX_RAW_WINDOWS_PER_SOURCE);
    else {
      const w: Walk = { c, visited: new Set(), nodes: 0, maxNodes: limits.maxObjectNodes ?? MAX_OBJECT_NODES, maxDepth: limits.maxObjectDepth ?? MAX_OBJECT_DEPTH };
      walk(w, s.label, s.value, 0);
    }
  }
  return { candidates: c.candidates, truncated: c.truncated, notes: c.notes };
}
