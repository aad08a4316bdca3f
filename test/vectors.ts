// Test-only access to the external vectors kept in test/vectors/ (their provenance: test/vectors/MANIFEST.md).
// Every file is checked against the SHA-256 the manifest lists before it is parsed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VECTORS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'vectors');

/** file → SHA-256, read from the manifest's table (the manifest is the one record of what is here). */
function manifestDigests(): Map<string, string> {
  const digests = new Map<string, string>();
  for (const line of readFileSync(join(VECTORS_DIR, 'MANIFEST.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const file = cells[1];
    const digest = cells.find((c) => /^[0-9a-f]{64}$/.test(c));
    if (file !== undefined && digest !== undefined) digests.set(file, digest);
  }
  return digests;
}

let digests: Map<string, string> | undefined;

function vectorPath(relative: string): string {
  return join(VECTORS_DIR, relative);
}

export function readVectorJson<T = unknown>(relative: string): T {
  return JSON.parse(readVectorText(relative)) as T;
}

/** The file as UTF-8 text, after its SHA-256 is checked against the manifest. */
export function readVectorText(relative: string): string {
  digests ??= manifestDigests();
  const expected = digests.get(relative);
  if (expected === undefined) throw new Error(`test vector ${relative}: not listed in test/vectors/MANIFEST.md`);
  const bytes = readFileSync(vectorPath(relative));
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== expected) throw new Error(`test vector ${relative}: SHA-256 ${actual}, the manifest lists ${expected}`);
  return bytes.toString('utf8');
}
