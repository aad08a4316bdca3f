// Writes README.md's performance block from the newest saved bench session in bench/history/
// (README.md, "Performance"; CONTRIBUTING.md, "README commands and figures"). `--check` writes nothing and exits
// 1 when the README's block differs from what the saved runs give; test/readme/performance.test.ts
// runs the same comparison in `npm test`.
//
//   npx tsx scripts/readmePerformance.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSession, newestSession } from './readme/benchHistory.ts';
import { readGeneratedBlock, replaceGeneratedBlock } from './readme/generatedBlock.ts';
import { renderPerformanceBlock } from './readme/performanceBlock.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const README = `${ROOT}README.md`;
const HISTORY = `${ROOT}bench/history`;
/** The block's name in README.md: `<!-- generated: performance -->` … `<!-- /generated -->`. */
export const PERFORMANCE_BLOCK = 'performance';

/** What the newest saved session renders to, and the README's block as it stands. */
export function performanceBlocks(): { readonly rendered: string; readonly current: string; readonly session: string } {
  const name = newestSession(HISTORY);
  const rendered = renderPerformanceBlock(loadSession(HISTORY, name, `bench/history/${name}`));
  return { rendered, current: readGeneratedBlock(readFileSync(README, 'utf8'), PERFORMANCE_BLOCK), session: name };
}

function main(argv: readonly string[]): number {
  const unknown = argv.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    process.stderr.write(`readmePerformance: unknown argument ${unknown.join(' ')}\nusage: npx tsx scripts/readmePerformance.ts [--check]\n`);
    return 2;
  }
  const { rendered, current, session } = performanceBlocks();
  if (argv.includes('--check')) {
    if (rendered === current) return 0;
    process.stderr.write(`README.md: the performance block differs from bench/history/${session}; run npx tsx scripts/readmePerformance.ts\n`);
    return 1;
  }
  writeFileSync(README, replaceGeneratedBlock(readFileSync(README, 'utf8'), PERFORMANCE_BLOCK, rendered));
  process.stdout.write(`README.md: performance block written from bench/history/${session}\n`);
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
