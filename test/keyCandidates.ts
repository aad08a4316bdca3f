// Test-side key trial input: every key-like byte string in a decoded state object graph — each
// 32-byte Uint8Array, and each 32-byte-aligned slice of a longer one. (The simulator's checker in
// sim/checkers does the same over seized state; protocol tests must not import sim/.)
export function keyCandidates(root: unknown): Uint8Array[] {
  const out: Uint8Array[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (v instanceof Uint8Array) {
      for (let i = 0; i + 32 <= v.length; i += 32) out.push(v.subarray(i, i + 32));
      return;
    }
    for (const x of Array.isArray(v) ? v : Object.values(v)) walk(x);
  };
  walk(root);
  return out;
}
