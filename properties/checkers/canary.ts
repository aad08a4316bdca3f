// Canary scanning (docs/properties.md "How a property is judged"; SEC-SERVER-BLIND, SEC-EVAPORATE, SEC-FS):
// plaintexts carry random tokens, and every byte a server or seizure holds is searched for them in
// raw, hex (both cases), base64 and base64url form — base64 at all three byte alignments.
import { UsageError } from '../../protocol/errors.ts';
import { type PropertyId, type Violation, violation } from './violation.ts';

export { CANARY_PREFIX, makeCanary } from '../../sim/world/canary.ts';
/** Shorter tokens give base64 cores too short to be distinctive (false hits in random data). */
const MIN_CANARY_BYTES = 12;
/** Patterns are grouped by this many leading bytes; one Buffer.indexOf pass per group, then a map lookup. */
const ANCHOR_BYTES = 8;

export type CanaryForm = 'raw' | 'hex-lower' | 'hex-upper' | 'base64' | 'base64url';

export interface CanaryHit {
  readonly canary: string;
  readonly label: string;
  readonly form: CanaryForm;
  /** Byte offset of the first occurrence in that haystack (of the stable core, for base64 forms). */
  readonly offset: number;
}

export interface Haystack {
  readonly label: string;
  readonly bytes: Uint8Array;
}

/**
 * The base64 characters of `bytes` that stay the same wherever the bytes sit in a longer encoded
 * stream, for a start offset ≡ `align` (mod 3): encode behind `align` filler bytes, then drop the
 * characters that also cover filler bits or the bits after the end.
 */
function base64Core(bytes: Buffer, align: number): string {
  const enc = Buffer.concat([Buffer.alloc(align), bytes]).toString('base64');
  const first = Math.ceil((8 * align) / 6);
  const end = Math.floor((8 * (align + bytes.length)) / 6);
  return enc.slice(first, end);
}

export interface CanaryPattern {
  readonly canary: string;
  readonly form: CanaryForm;
  readonly pattern: Buffer;
}

/** Every byte pattern that betrays `canary` in one of the searched forms (deduplicated). */
export function canaryPatterns(canary: string): CanaryPattern[] {
  const raw = Buffer.from(canary, 'utf8');
  if (raw.length < MIN_CANARY_BYTES) throw new UsageError(`canary: expected at least ${MIN_CANARY_BYTES} bytes, got ${raw.length}`);
  const out: CanaryPattern[] = [];
  const seen = new Set<string>();
  const add = (form: CanaryForm, text: string) => {
    if (seen.has(text)) return;
    seen.add(text);
    out.push({ canary, form, pattern: Buffer.from(text, 'latin1') });
  };
  add('raw', raw.toString('latin1'));
  add('hex-lower', raw.toString('hex'));
  add('hex-upper', raw.toString('hex').toUpperCase());
  for (let align = 0; align < 3; align++) {
    const core = base64Core(raw, align);
    add('base64', core);
    add('base64url', core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

interface PatternGroup {
  readonly anchor: Buffer;
  readonly length: number;
  readonly byText: Map<string, CanaryPattern[]>;
}

function groupPatterns(canaries: readonly string[]): PatternGroup[] {
  const groups = new Map<string, PatternGroup>();
  for (const canary of canaries) {
    for (const p of canaryPatterns(canary)) {
      const anchor = p.pattern.subarray(0, ANCHOR_BYTES);
      const key = `${p.pattern.length}:${anchor.toString('latin1')}`;
      let g = groups.get(key);
      if (g === undefined) groups.set(key, (g = { anchor, length: p.pattern.length, byText: new Map() }));
      const text = p.pattern.toString('latin1');
      const list = g.byText.get(text);
      if (list === undefined) g.byText.set(text, [p]);
      else list.push(p);
    }
  }
  return [...groups.values()];
}

/**
 * Finds every canary in every haystack, in every form. One hit per (canary, haystack, form), at the
 * first offset; hits ordered by haystack, then offset. Cost: one Buffer.indexOf pass per pattern group (canaries sharing a prefix share
 * groups), plus a map lookup per anchor match — linear in the haystack bytes.
 */
export function scanForCanaries(haystacks: readonly Haystack[], canaries: readonly string[]): CanaryHit[] {
  const groups = groupPatterns(canaries);
  const hits: CanaryHit[] = [];
  const seen = new Set<string>();
  for (const h of haystacks) {
    const start = hits.length;
    const buf = Buffer.from(h.bytes.buffer, h.bytes.byteOffset, h.bytes.byteLength);
    for (const g of groups) {
      for (let at = buf.indexOf(g.anchor); at !== -1 && at + g.length <= buf.length; at = buf.indexOf(g.anchor, at + 1)) {
        const found = g.byText.get(buf.toString('latin1', at, at + g.length));
        for (const p of found ?? []) {
          const key = `${p.canary}\u0000${p.form}`;
          if (seen.has(`${h.label}\u0000${key}`)) continue;
          seen.add(`${h.label}\u0000${key}`);
          hits.push({ canary: p.canary, label: h.label, form: p.form, offset: at });
        }
      }
    }
    // Code-unit order, not localeCompare: the order of hits must not depend on the machine's locale (DET-REPLAY).
    const mine = hits.splice(start).sort((a, b) => a.offset - b.offset || codeUnitOrder(a.form, b.form) || codeUnitOrder(a.canary, b.canary));
    hits.push(...mine);
  }
  return hits;
}

/** One violation per hit, for `property` (SEC-SERVER-BLIND for server data, SEC-EVAPORATE/SEC-FS for phones). */
export function canaryViolations(hits: readonly CanaryHit[], property: PropertyId): Violation[] {
  return hits.map((h) => violation(property, `canary ${h.canary} found in ${h.label} (${h.form}, offset ${h.offset})`));
}

function codeUnitOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
