// The terminal verdict table of `scenario run` / `sim`: ✓/✗ per property against its expectation, the
// first violations, and a last line that says whether every expectation was met.
import { describe, expect, test } from 'vitest';
import { testSummary } from '../../test/kits/runSummary.ts';
import { matchMark, verdictTableText, VIOLATIONS_SHOWN_MAX } from './verdictText.ts';

describe('verdictTableText', () => {
  test('marks each property and shows the first violations', () => {
    const text = verdictTableText(testSummary());
    expect(text).toMatch(/^✗ SEC-FS +fail +pass$/m);
    expect(text).toMatch(/^✓ SEC-EVAPORATE +pass +pass$/m);
    expect(text).toMatch(/^ {2}SEC-PQ +pass +—$/m);
    expect(text).toContain('    bob kept a key for alice-m1');
    expect(text).toContain(`… and ${3 - VIOLATIONS_SHOWN_MAX} more`);
    expect(text).toContain('2 expectation(s) not met');
  });

  test('matchMark', () => {
    expect(matchMark('pass', 'pass')).toBe('✓');
    expect(matchMark('pass', 'fail')).toBe('✗');
    expect(matchMark('fail', null)).toBe(' ');
  });
});

describe('verdictTableText layout', () => {
  test('columns line up whatever the property names, and violations sit under their row', () => {
    const base = testSummary();
    const long = { ...base, judgements: base.judgements.map((j, i) => (i === 0 ? { ...j, property: 'SEC-A-VERY-LONG-PROPERTY-NAME' as typeof j.property } : j)) };
    const lines = verdictTableText(long).split('\n');
    const header = lines[1] ?? '';
    const verdictColumn = header.indexOf('verdict');
    const rows = lines.filter((l) => /^[✓✗ ] [A-Z]+-/.test(l));
    expect(rows.length).toBe(base.judgements.length);
    for (const row of rows) expect(row.slice(verdictColumn)).toMatch(/^(pass|fail|n\/a|not)/);
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);
    expect(verdictTableText(long)).toBe(verdictTableText(long));
  });
});
