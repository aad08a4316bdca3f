// The catch-matrix page of `sealroom run` (docs/weak-variants.md): for every weak variant, each
// property its missing safeguard must break, whether that property's default campaign caught it in
// this run (with the counterexample file and the command that replays it), and the library scenarios
// that show the same failure by hand. A variant whose campaign passed is the judge missing a class of
// bug, and the page says so first. Pure: results in, bundle out.
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleCell, type ReportBundle } from '../render/bundle.ts';

/** One (variant, property) pair of the catch matrix, as this run found it. */
export interface CatchCell {
  readonly variant: string;
  readonly property: string;
  /** Why the variant must break the property (properties/catchMatrix.ts). */
  readonly why: string;
  /** The property's default campaign on the variant: 'fail' is the judge catching the variant. */
  readonly status: 'pass' | 'fail';
  readonly runs: number;
  readonly counterexample: { readonly scenarioFile: string | null; readonly replay: string; readonly violations: readonly string[] } | null;
  /** Library scenarios of this variant that expect this property to fail, and whether they did. */
  readonly scenarios: readonly { readonly name: string; readonly matched: boolean }[];
}

export const CATCH_MATRIX_PAGE_NAME = 'catch-matrix';

function caughtCell(c: CatchCell, link: (file: string) => string | null): BundleCell {
  if (c.status === 'pass') return `✗ missed in ${c.runs} runs`;
  const file = c.counterexample?.scenarioFile ?? null;
  const href = file === null ? null : link(file);
  return href === null ? `✓ caught in ${c.runs} runs` : { text: `✓ caught in ${c.runs} runs (counterexample)`, href };
}

function scenariosCell(c: CatchCell): BundleCell {
  if (c.scenarios.length === 0) return '—';
  return c.scenarios.map((s) => `${s.matched ? '' : '✗ '}${s.name}`).join(', ');
}

export function catchMatrixBundle(cells: readonly CatchCell[], o: { readonly seed: number; readonly link?: (file: string) => string | null }): ReportBundle {
  const link = o.link ?? (() => null);
  const missed = cells.filter((c) => c.status === 'pass');
  const variants = new Set(cells.map((c) => c.variant));
  const scenarioMisses = cells.flatMap((c) => c.scenarios.filter((s) => !s.matched).map((s) => `${c.variant}/${c.property}: ${s.name}`));
  const replays = cells.flatMap((c) => (c.counterexample === null ? [] : [`- ${c.variant} × ${c.property}: \`${c.counterexample.replay}\``]));
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    title: 'Catch matrix',
    subtitle: `${variants.size} weak variants, ${cells.length} properties they must break`,
    summary: [
      missed.length === 0
        ? `**Every weak variant was caught**: each of the ${cells.length} (variant, property) pairs failed within its property's default campaign (seed ${o.seed}).`
        : `**${missed.length} of ${cells.length} pairs were missed** — the judge did not see a safeguard switched off: ${missed.map((c) => `${c.variant} × ${c.property}`).join(', ')}.`,
      '',
      'A weak variant is the real protocol with one safeguard switched off by configuration (docs/weak-variants.md). A judge is only evidence if it fails on the variant that lacks what it checks; the reference passes the same campaigns (the campaign page).',
      ...(scenarioMisses.length === 0 ? [] : ['', `Library scenarios that did not fail as expected: ${scenarioMisses.join('; ')}.`]),
      ...(replays.length === 0 ? [] : ['', 'Replay a catch:', '', ...replays]),
    ].join('\n'),
    meta: [
      { label: 'seed', value: String(o.seed) },
      { label: 'variants', value: String(variants.size) },
      { label: 'pairs', value: String(cells.length) },
    ],
    sections: [
      {
        kind: 'table',
        id: 'catch-matrix',
        title: 'Weak variants and the properties that catch them',
        columns: [{ label: 'Variant' }, { label: 'Property' }, { label: 'Campaign' }, { label: 'First violation' }, { label: 'Library scenarios' }, { label: 'Safeguard missing' }],
        rows: cells.map((c): BundleCell[] => [c.variant, c.property, caughtCell(c, link), c.counterexample?.violations[0] ?? '—', scenariosCell(c), c.why]),
      },
    ],
  };
}
