// The property matrix page: each verdict read against the scenario's expectation (pass, caught, fail,
// missed, or a bare verdict without one), variants × properties as one chart whose cells never hide a
// worse reading, every property by ID, name and promise, and every scenario × property in one table
// (a row per scenario linking to its timeline) — nothing cut, nothing split.
import { describe, expect, test } from 'vitest';
import { PROPERTY_IDS, type PropertyId, type Verdict } from '../../scenarios/types.ts';
import { parseBundle, type TableSection } from '../render/bundle.ts';
import { renderBundleHtml } from '../render/bundleRender.ts';
import { matrixCell, propertyMatrixBundle, readingsText, variantMatrixChart, type MatrixColumn } from './propertyMatrix.ts';

const all = (v: Verdict) => Object.fromEntries(PROPERTY_IDS.map((p) => [p, v])) as Record<PropertyId, Verdict>;
const columns: MatrixColumn[] = [
  { scenario: 'ok', variant: 'reference', verdicts: all('pass'), expected: { 'SEC-FS': 'pass' }, matches: true },
  { scenario: 'attack', variant: 'reference', verdicts: { ...all('pass'), 'SEC-MITM': 'fail' }, expected: { 'SEC-MITM': 'fail' }, matches: true, firstViolation: { 'SEC-MITM': 'key substituted' } },
  { scenario: 'silent', variant: 'silent-key-change', verdicts: { ...all('pass'), 'SEC-MITM': 'fail' }, expected: { 'SEC-MITM': 'pass' }, matches: false },
  { scenario: 'broken', error: 'ScenarioError: bad file' },
];

function table(id: string): TableSection {
  const s = propertyMatrixBundle(columns).sections.find((x) => x.id === id);
  if (s?.kind !== 'table') throw new Error(`no table ${id}`);
  return s;
}

describe('property matrix', () => {
  test('cells read the verdict against the expectation', () => {
    expect(matrixCell('pass', 'pass', 'x.html').status).toBe('pass');
    expect(matrixCell('fail', 'fail', 'x.html').status).toBe('caught');
    expect(matrixCell('fail', 'pass', 'x.html').status).toBe('fail');
    expect(matrixCell('pass', 'fail', 'x.html').status).toBe('missed');
    expect(matrixCell('fail', undefined, 'x.html')).toMatchObject({ status: 'broke' });
    expect(matrixCell('pass', undefined, 'x.html')).toMatchObject({ status: 'held' });
    expect(matrixCell('fail', 'fail', 'x.html', 'why').note).toContain('why');
    expect(matrixCell(undefined, undefined, 'x.html')).toMatchObject({ status: 'skip', text: 'n/a' }); // not applicable: never a pass
  });

  test('variants × properties: one row per variant, one column per property, the worst reading shown with its count', () => {
    const chart = variantMatrixChart(columns);
    expect(chart.rows).toEqual(['reference', 'silent-key-change', 'unknown variant']);
    expect(variantMatrixChart([columns[2] as MatrixColumn, columns[0] as MatrixColumn]).rows).toEqual(['reference', 'silent-key-change']);
    expect(chart.columns).toEqual([...PROPERTY_IDS]);
    const mitm = PROPERTY_IDS.indexOf('SEC-MITM');
    expect(chart.cells[0]?.[mitm]).toMatchObject({ status: 'caught', text: 'CAUGHT 1/2' });
    expect(chart.cells[1]?.[mitm]).toMatchObject({ status: 'fail', text: 'FAIL 1/1' });
    expect(chart.cells[2]?.[mitm]?.status).toBe('error');
    // A pass never hides a failure in the same variant.
    const mixed = variantMatrixChart([columns[0] as MatrixColumn, { ...(columns[2] as MatrixColumn), variant: 'reference' }]);
    expect(mixed.cells[0]?.[mitm]?.status).toBe('fail');
    // The count is over the scenarios that judged the property; a scenario with no verdict is not a pass.
    const { 'SEC-PQ': _, ...noPq } = all('pass');
    const some = variantMatrixChart([
      columns[0] as MatrixColumn,
      { scenario: 'no-kem', variant: 'reference', verdicts: noPq as Record<PropertyId, Verdict>, expected: {}, matches: true, unjudged: { 'SEC-PQ': 'not exercised' } },
    ]);
    expect(some.cells[0]?.[PROPERTY_IDS.indexOf('SEC-PQ')]).toMatchObject({ status: 'held', text: 'held 1/1', note: '2 scenario(s): 1 held, 1 without a verdict (not applicable or not exercised)' });
  });

  test('every property by ID, name and promise', () => {
    const rows = table('properties').rows;
    expect(rows.map((r) => r[0])).toEqual([...PROPERTY_IDS]);
    expect(rows.find((r) => r[0] === 'SEC-FS')?.[1]).toBe('old messages survive a phone seizure');
    expect(String(rows.find((r) => r[0] === 'SEC-FS')?.[2])).toContain('phone seized at t');
  });

  test("one scenario table: every scenario a row linking to its timeline, with every property's reading by full ID", () => {
    const t = table('scenarios');
    expect(t.columns.map((c) => c.label)).toEqual(['Scenario', 'Variant', 'Against expectations', 'Every property']);
    expect(t.rows.map((r) => r[0])).toEqual(columns.map((c) => ({ text: c.scenario, href: `scenario-${c.scenario}.html` })));
    expect(t.rows.map((r) => r[1])).toEqual(['reference', 'reference', 'silent-key-change', 'unknown variant']);
    expect(t.rows[2]?.[2]).toBe('✗ SEC-MITM');
    expect(readingsText(columns[0] as MatrixColumn)).toBe(`PASS: SEC-FS · held: ${PROPERTY_IDS.filter((p) => p !== 'SEC-FS').join(', ')}`);
    expect(readingsText(columns[1] as MatrixColumn)).toBe(`CAUGHT: SEC-MITM · held: ${PROPERTY_IDS.filter((p) => p !== 'SEC-MITM').join(', ')}`);
    expect(readingsText(columns[2] as MatrixColumn)).toMatch(/^✗ FAIL: SEC-MITM · held: /);
    expect(readingsText(columns[3] as MatrixColumn)).toBe('✗ ERROR: every property (ScenarioError: bad file)');
    // Every property appears exactly once in a row.
    for (const c of columns.slice(0, 3))
      for (const id of PROPERTY_IDS)
        expect(
          readingsText(c)
            .split(/[:,·] ?/)
            .map((x) => x.trim())
            .filter((x) => x === id),
        ).toHaveLength(1);
  });

  test('a long library stays one chart and one table, with full scenario names', () => {
    const long = 'group-keys-server-first-contact-group-keys-to-any-session';
    const many: MatrixColumn[] = Array.from({ length: 120 }, (_, i) => ({
      scenario: `${long}-${i}`,
      variant: i % 2 === 0 ? 'reference' : 'shipped-2014',
      verdicts: all('pass'),
      expected: {},
      matches: true,
    }));
    const b = propertyMatrixBundle(many);
    expect(b.sections.filter((s) => s.kind === 'chart')).toHaveLength(1);
    const html = renderBundleHtml(b);
    for (const c of many) expect(html).toContain(`>${c.scenario}</a>`);
  });

  test('the bundle is valid and counts scenarios that ended as expected', () => {
    const b = parseBundle(propertyMatrixBundle(columns));
    expect(b.summary).toContain('**2 of 4**');
    expect(b.summary).toContain('**1** could not be run');
    expect(b.subtitle).toBe(`${PROPERTY_IDS.length} properties × 3 variants × 4 scenario runs`);
  });
});
