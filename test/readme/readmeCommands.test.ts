// The README reader and the excerpt matcher on small inputs: what counts as a command, how the
// annotations attach, and that every unmarked or dangling case is refused with its line.
import { describe, expect, test } from 'vitest';
import { matchExcerpt } from './excerpt.ts';
import { ReadmeAnnotationError, readmeShows } from './readmeCommands.ts';
import { shellLine } from './runShown.ts';

const fence = (info: string, body: string): string => `\`\`\`${info}\n${body}\n\`\`\``;

describe('readmeShows', () => {
  test('inline commands run, synopses and flags are named, npm scripts listed', () => {
    const md = 'Run `npx sealroom sim --seed 3` or `npx sealroom <command>`; see `sealroom check [--runs N]`, `--json` and `npm run lint`.\n';
    const s = readmeShows(md);
    expect(s.commands.map((c) => [c.text, c.line, c.skip, c.exit])).toEqual([['npx sealroom sim --seed 3', 1, null, 0]]);
    expect(s.named.map((n) => n.text)).toEqual(['npx sealroom <command>', 'sealroom check [--runs N]', '--json']);
    expect(s.npm.map((n) => n.text)).toEqual(['npm run lint']);
  });

  test('a property id in a command is no placeholder', () => {
    expect(readmeShows('`npx sealroom check --property SEC-FS --runs 2`\n').commands).toHaveLength(1);
  });

  test('inline skip and exit attach to the span just before them', () => {
    const md = 'Slow: `npx sealroom bench --quick` <!-- readme-test: skip (minutes) -->, failing: `npx sealroom check --variant no-ratchet` <!-- readme-test: exit 1 -->.\n';
    const [bench, check] = readmeShows(md).commands;
    expect(bench?.skip).toBe('minutes');
    expect(check?.skip).toBeNull();
    expect(check?.exit).toBe(1);
  });

  test('a shell block gives one command per line, comments dropped; a block annotation marks them all', () => {
    const md = `<!-- readme-test: skip (takes long) -->\n${fence('sh', 'npm ci && npm start   # everything\nnpm test')}\n`;
    expect(readmeShows(md).commands.map((c) => [c.text, c.line, c.skip])).toEqual([
      ['npm ci && npm start', 2, 'takes long'],
      ['npm test', 2, 'takes long'],
    ]);
  });

  test('output and file excerpts belong to the last command before them', () => {
    const md = `Run \`npx sealroom sim --out /tmp/x\`:\n\n<!-- readme-test: output -->\n${fence('', 'a\n...\nb')}\n<!-- readme-test: file report.md -->\n${fence('', '# R')}\n`;
    const [c] = readmeShows(md).commands;
    expect(c?.excerpts).toEqual([
      { source: { kind: 'output' }, lines: ['a', '...', 'b'], line: 4 },
      { source: { kind: 'file', name: 'report.md' }, lines: ['# R'], line: 10 },
    ]);
  });

  test.each([
    ['an unmarked fenced block', `Run \`npx sealroom sim\`:\n\n${fence('', 'out')}\n`, /README.md:3: a fenced block that is neither/],
    ['an annotation after prose, not a command', 'See the docs <!-- readme-test: skip (x) -->.\n', /README.md:1: an annotation that follows no command/],
    ['an annotation before a paragraph', '<!-- readme-test: output -->\n\nText.\n', /README.md:1: an annotation on its own line must stand just before a fenced block/],
    ['an excerpt with no command', `<!-- readme-test: output -->\n${fence('', 'out')}\n`, /an excerpt before any command/],
    ['an excerpt of a skipped command', `\`npx sealroom bench\` <!-- readme-test: skip (slow) -->\n\n<!-- readme-test: output -->\n${fence('', 'x')}\n`, /would go unchecked/],
    ['an unknown annotation', '`npx sealroom sim` <!-- readme-test: maybe -->\n', /README.md:1: unknown annotation "maybe"/],
    ['a skip with no reason', '`npx sealroom sim` <!-- readme-test: skip -->\n', /unknown annotation "skip"/],
    ['exit on a named span', '`sealroom sim` <!-- readme-test: exit 1 -->\n', /"exit" does not apply/],
  ])('refuses %s', (_what, md, message) => {
    expect(() => readmeShows(md)).toThrow(ReadmeAnnotationError);
    expect(() => readmeShows(md)).toThrow(message);
  });
});

describe('matchExcerpt', () => {
  const output = 'progress…\n  property  verdict\n✓ SEC-FS    pass   \n✓ SEC-PQ    pass\nevery expectation met; trace 1234…\n';

  test('consecutive lines, trailing spaces ignored, either end cut', () => {
    expect(matchExcerpt(output, ['✓ SEC-FS    pass', '✓ SEC-PQ    pass'])).toEqual({ ok: true });
  });

  test('an elision skips lines, in order', () => {
    expect(matchExcerpt(output, ['  property  verdict', '  ...', 'every expectation met; trace 1234…'])).toEqual({ ok: true });
    expect(matchExcerpt(output, ['every expectation met; trace 1234…', '...', '  property  verdict']).ok).toBe(false);
  });

  test('without an elision, a line left out is a mismatch that names the line', () => {
    const m = matchExcerpt(output, ['  property  verdict', '✓ SEC-PQ    pass']);
    expect(m).toEqual({ ok: false, message: 'excerpt line 2 "✓ SEC-PQ    pass" not found: output line 3 is "✓ SEC-FS    pass"' });
  });

  test('a changed trace hash is a mismatch', () => {
    expect(matchExcerpt(output, ['every expectation met; trace 9999…']).ok).toBe(false);
  });

  test('terminal colours are ignored', () => {
    expect(matchExcerpt('\u001b[32m✓\u001b[39m ok\n', ['✓ ok'])).toEqual({ ok: true });
  });
});

describe('shellLine', () => {
  test('npx sealroom runs this checkout through this Node, and --out goes to the scratch folder', () => {
    const { line, out } = shellLine('npx sealroom sim --seed 3 --out /tmp/sim', '/repo', '/scratch');
    expect(line).toBe(`'${process.execPath}' '/repo/bin/sealroom.js' sim --seed 3 --out '/scratch/out'`);
    expect(out).toEqual({ shown: '/tmp/sim', actual: '/scratch/out' });
  });
});
