// The property × scenario matrix: each verdict read against the scenario's expectation (pass, caught,
// fail, missed, or a bare verdict without one), every cell linking to the scenario's timeline page.
import { describe, expect, test } from 'vitest';
import { PROPERTY_IDS, type PropertyId, type Verdict } from '../../scenarios/types.ts';
import { parseBundle } from '../render/bundle.ts';
import { MATRIX_COLUMNS_PER_CHART, matrixCell, propertyMatrixBundle, propertyMatrixChart, type MatrixColumn } from './propertyMatrix.ts';

const all = (v: Verdict) => Object.fromEntries(PROPERTY_IDS.map((p) => [p, v])) as Record<PropertyId, Verdict>;
const columns: MatrixColumn[] = [
  { scenario: 'ok', verdicts: all('pass'), expected: { 'SEC-FS': 'pass' }, matches: true },
  { scenario: 'attack', verdicts: { ...all('pass'), 'SEC-MITM': 'fail' }, expected: { 'SEC-MITM': 'fail' }, matches: true, firstViolation: { 'SEC-MITM': 'key substituted' } },
  { scenario: 'broken', error: 'ScenarioError: bad file' },
];

describe('property matrix', () => {
  test('cells read the verdict against the expectation', () => {
    expect(matrixCell('pass', 'pass', 'x.html').status).toBe('pass');
    expect(matrixCell('fail', 'fail', 'x.html').status).toBe('caught');
    expect(matrixCell('fail', 'pass', 'x.html').status).toBe('fail');
    expect(matrixCell('pass', 'fail', 'x.html').status).toBe('missed');
    expect(matrixCell('fail', undefined, 'x.html')).toMatchObject({ status: 'fail', text: 'broke' });
    expect(matrixCell('pass', undefined, 'x.html')).toMatchObject({ status: 'pass', text: 'held' });
    expect(matrixCell('fail', 'fail', 'x.html', 'why').note).toContain('why');
    expect(matrixCell(undefined, undefined, 'x.html')).toMatchObject({ status: 'skip', text: 'n/a' }); // not applicable: never a pass
  });

  test('rows are properties, columns scenarios; every cell links to the timeline page', () => {
    const chart = propertyMatrixChart(columns);
    expect(chart.rows).toEqual([...PROPERTY_IDS]);
    expect(chart.columns).toEqual(['ok', 'attack', 'broken']);
    const mitm = chart.cells[PROPERTY_IDS.indexOf('SEC-MITM')];
    expect(mitm?.map((c) => c?.status)).toEqual(['pass', 'caught', 'error']);
    expect(mitm?.[1]?.href).toBe('scenario-attack.html');
    expect(chart.cells.flat().every((c) => c?.href?.startsWith('scenario-') === true)).toBe(true);
  });

  test('the bundle is valid and counts scenarios that ended as expected', () => {
    const b = parseBundle(propertyMatrixBundle(columns));
    expect(b.summary).toContain('**2 of 3**');
    expect(b.summary).toContain('**1** could not be run');
  });

  test('a long library is cut into charts of at most MATRIX_COLUMNS_PER_CHART scenarios, keeping every column once', () => {
    const many: MatrixColumn[] = Array.from({ length: 2 * MATRIX_COLUMNS_PER_CHART + 3 }, (_, i) => ({ scenario: `s${i}`, verdicts: all('pass'), expected: {}, matches: true }));
    const charts = propertyMatrixBundle(many).sections.flatMap((s) => (s.kind === 'chart' && s.chart.type === 'matrix' ? [s.chart] : []));
    expect(charts).toHaveLength(3);
    expect(charts.flatMap((c) => c.columns)).toEqual(many.map((c) => c.scenario));
    expect(charts.every((c) => c.columns.length <= MATRIX_COLUMNS_PER_CHART && c.rows.length === PROPERTY_IDS.length)).toBe(true);
  });
});
