// Test-only access to the external vectors in ../shared/vectors (read in place, never copied).
// SEALROOM_VECTORS overrides the location.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const VECTORS_DIR = process.env['SEALROOM_VECTORS'] ?? join(repoRoot, '..', 'shared', 'vectors');

export function vectorPath(relative: string): string {
  return join(VECTORS_DIR, relative);
}

export function readVectorJson<T = unknown>(relative: string): T {
  return JSON.parse(readFileSync(vectorPath(relative), 'utf8')) as T;
}
