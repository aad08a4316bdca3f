// The index of `sealroom run`: the headline count, where to start, one linked row per scenario.
import { describe, expect, test } from 'vitest';
import { PROPERTY_IDS, type PropertyId, type Verdict } from '../../scenarios/types.ts';
import { parseBundle } from '../render/bundle.ts';
import { runIndexBundle } from './runIndex.ts';

const pass = Object.fromEntries(PROPERTY_IDS.map((p) => [p, 'pass'])) as Record<PropertyId, Verdict>;

describe('runIndexBundle', () => {
  test('headline, start links and one row per scenario', () => {
    const b = parseBundle(
      runIndexBundle({
        columns: [
          { scenario: 'a', variant: 'reference', verdicts: pass, expected: {}, matches: true },
          { scenario: 'b', variant: 'reference', verdicts: pass, expected: { 'SEC-FS': 'fail' }, matches: false },
        ],
        described: new Map([['a', { variant: 'reference', server: 'honest', goal: 'goal a' }]]),
        command: 'sealroom run',
      }),
    );
    expect(b.summary).toContain('1 of 2 scenarios ended as expected');
    expect(b.summary).toContain('Not as expected: [b](scenario-b.html)');
    expect(b.summary).toContain('(matrix.html)');
    expect(b.summary).toContain('(transparency.html)');
    const table = b.sections[0];
    expect(table?.kind === 'table' ? table.rows.map((r) => r[3]) : []).toEqual(['✓ as expected', '✗ not as expected']);
    expect(table?.kind === 'table' ? table.rows[0]?.[0] : null).toEqual({ text: 'a', href: 'scenario-a.html' });
  });
});
