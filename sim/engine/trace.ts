// A run's trace: one canonical-JSON line per entry (JSON Lines), plus a running SHA-256 over the
// exact JSONL text, so `traceHash` equals sha256 of the written trace file (DET-REPLAY).
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex, utf8 } from '../../protocol/bytes.ts';
import { UsageError } from '../../protocol/errors.ts';
import { canonicalJson, type CanonicalObject } from './canonicalJson.ts';
import { MAX_TRACE_LINES_KEPT } from './limits.ts';
import { boundWithin, SimLimitExceeded } from './simLimitError.ts';

/** A trace entry: the virtual time `t`, what happened (`kind`), and any detail fields. */
export type TraceEntry = CanonicalObject & { readonly t: number; readonly kind: string };

export interface TraceOptions {
  /** Keep lines in memory for `lines()`/`toJsonl()` (default true). The hash covers every line either way. */
  readonly keepLines?: boolean;
  /** Lower bound on kept lines (at most MAX_TRACE_LINES_KEPT). */
  readonly maxLinesKept?: number;
  /** Receives every line as it is written (e.g. to stream a long run to a file). */
  readonly sink?: (line: string) => void;
}

export class Trace {
  private readonly hasher = sha256.create();
  private readonly kept: string[] = [];
  private readonly keepLines: boolean;
  private readonly maxLinesKept: number;
  private written = 0;

  constructor(private readonly options: TraceOptions = {}) {
    this.keepLines = options.keepLines ?? true;
    this.maxLinesKept = boundWithin(options.maxLinesKept, MAX_TRACE_LINES_KEPT, 'trace maxLinesKept');
  }

  /** Appends one entry and returns its line (without the newline). */
  append(entry: TraceEntry): string {
    if (!Number.isSafeInteger(entry.t) || entry.t < 0) throw new UsageError(`trace entry t: expected a non-negative integer, got ${entry.t}`);
    const line = canonicalJson(entry);
    if (this.keepLines) {
      if (this.kept.length >= this.maxLinesKept) {
        throw new SimLimitExceeded('MAX_TRACE_LINES_KEPT', this.maxLinesKept, 'trace lines kept in memory (stream to a sink with keepLines: false)');
      }
      this.kept.push(line);
    }
    this.hasher.update(utf8(`${line}\n`));
    this.written++;
    this.options.sink?.(line);
    return line;
  }

  /** SHA-256 (hex) of every line written so far, each followed by '\n'. */
  get traceHash(): string {
    return toHex(this.hasher.clone().digest());
  }

  get lineCount(): number {
    return this.written;
  }

  lines(): readonly string[] {
    if (!this.keepLines) throw new UsageError('trace: lines were not kept (keepLines: false)');
    return this.kept;
  }

  toJsonl(): string {
    return this.lines()
      .map((l) => `${l}\n`)
      .join('');
  }
}
