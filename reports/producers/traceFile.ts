// The trace file a run writes (trace.jsonl, DET-REPLAY): exactly the lines its trace hash covers.
// Judging a run seizes everything once more and appends to the engine's trace after the hash was
// taken, so the covered prefix is found by hashing: sha256(trace.jsonl) === traceHash, always.
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex, utf8 } from '../../protocol/bytes.ts';

/** Most lines judging may append after the hash was taken (one seizure line per judged run, with margin). */
const JUDGE_TAIL_LINES_MAX = 256;

export interface TraceFile {
  /** The JSON Lines text, each line ending in '\n'. */
  readonly jsonl: string;
  readonly lineCount: number;
  /** True when sha256(jsonl) equals the run's trace hash; false means the whole trace was kept as is. */
  readonly matchesHash: boolean;
}

/** The prefix of `lines` whose SHA-256 (each line + '\n') is `traceHash`; the whole trace if none is. */
export function traceFileFor(lines: readonly string[], traceHash: string): TraceFile {
  const hasher = sha256.create();
  const firstChecked = Math.max(0, lines.length - JUDGE_TAIL_LINES_MAX);
  const want = traceHash.toLowerCase();
  const prefix = (n: number): TraceFile => ({
    jsonl: lines
      .slice(0, n)
      .map((l) => `${l}\n`)
      .join(''),
    lineCount: n,
    matchesHash: true,
  });
  if (firstChecked === 0 && toHex(hasher.clone().digest()) === want) return prefix(0);
  for (let i = 0; i < lines.length; i++) {
    hasher.update(utf8(`${lines[i]}\n`));
    if (i + 1 >= firstChecked && toHex(hasher.clone().digest()) === want) return prefix(i + 1);
  }
  return { jsonl: lines.map((l) => `${l}\n`).join(''), lineCount: lines.length, matchesHash: false };
}
