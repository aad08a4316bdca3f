// `sealroom catalogue --json`: one list of properties and weak variants that tools read — every
// property ID once, every weak variant once, and the catch matrix's cells naming both.
import { describe, expect, test } from 'vitest';
import { WEAK_VARIANTS } from '../../protocol/variant.ts';
import { PROPERTY_IDS } from '../../properties/propertyIds.ts';
import { runCli } from '../app.ts';

describe('sealroom catalogue', () => {
  test('--json prints every property, every weak variant and the catch matrix, exit 0', async () => {
    const out: string[] = [];
    const code = await runCli(['catalogue', '--json'], { stdout: (t) => out.push(t), stderr: () => undefined, progressStream: { write: () => true }, env: {}, cwd: process.cwd() });
    expect(code).toBe(0);
    const json = JSON.parse(out.join('')) as {
      properties: { id: string; mustFailOn: string[] }[];
      weakVariants: { variant: string; mustFail: string[] }[];
      catchMatrix: { cells: { variant: string; property: string }[] };
    };
    expect(json.properties.map((p) => p.id)).toEqual([...PROPERTY_IDS]);
    expect(json.weakVariants.map((v) => v.variant)).toEqual([...WEAK_VARIANTS]);
    for (const v of json.weakVariants) expect(v.mustFail.length, v.variant).toBeGreaterThan(0);
    for (const cell of json.catchMatrix.cells) {
      expect(json.properties.find((p) => p.id === cell.property)?.mustFailOn).toContain(cell.variant);
    }
  });
});
