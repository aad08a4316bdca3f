// Removes what the package build (tsconfig.build.json) emits: types/ (the declarations) and, in the source
// folders, every X.js (or stray X.d.ts) whose X.ts sits next to it. Run before a build and by `postpack`,
// so a checkout never runs or lints stale compiled JavaScript. A .js with no .ts twin (bin/sealroom.js) is kept.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const SOURCE_FOLDERS = ['protocol', 'platform', 'engines', 'sim', 'properties', 'scenarios', 'reports', 'bench', 'cli'];
const SKIP = new Set([join(ROOT, 'reports', 'out')]);

function clean(dir) {
  let removed = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !SKIP.has(path)) removed += clean(path);
      continue;
    }
    const stem = entry.name.endsWith('.d.ts') ? entry.name.slice(0, -'.d.ts'.length) : entry.name.endsWith('.js') ? entry.name.slice(0, -'.js'.length) : undefined;
    if (stem !== undefined && existsSync(join(dir, `${stem}.ts`))) {
      rmSync(path);
      removed += 1;
    }
  }
  return removed;
}

let removed = 0;
if (existsSync(join(ROOT, 'types'))) {
  rmSync(join(ROOT, 'types'), { recursive: true });
  removed += 1;
}
for (const folder of SOURCE_FOLDERS) if (existsSync(join(ROOT, folder))) removed += clean(join(ROOT, folder));
if (removed > 0) process.stdout.write(`cleanBuild: removed ${removed} emitted files\n`);
