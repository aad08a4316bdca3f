// The report bundle: the JSON shape every report producer writes (sealroom run, sim, check, bench), so that
// `sealroom report --in DIR` can re-render Markdown and HTML from saved files. Types, schema and parser.

import type { NumberFormat } from './format.ts';
import type { Align } from './markdown.ts';
import { checkSchema, type Schema } from './schema.ts';
import type { ChartSpec } from './svg/chart.ts';

export const BUNDLE_FORMAT = 'sealroom-report-bundle';
export const BUNDLE_VERSION = 1;

export type BundleCell = string | number | null | { readonly text: string; readonly href: string };

interface BundleColumn {
  readonly label: string;
  readonly align?: Align;
  /** How number cells in this column are shown (default: as written). */
  readonly format?: NumberFormat;
}

interface SectionBase {
  /** Fragment id and chart file stem; defaults to a slug of the title or `section-N`. */
  readonly id?: string;
  readonly title?: string;
}

interface MarkdownSection extends SectionBase {
  readonly kind: 'markdown';
  readonly markdown: string;
}

export interface TableSection extends SectionBase {
  readonly kind: 'table';
  readonly caption?: string;
  readonly columns: readonly BundleColumn[];
  readonly rows: readonly (readonly BundleCell[])[];
}

interface ChartSection extends SectionBase {
  readonly kind: 'chart';
  readonly caption?: string;
  readonly chart: ChartSpec;
}

export type BundleSection = MarkdownSection | TableSection | ChartSection;

export interface ReportBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly version: typeof BUNDLE_VERSION;
  readonly title: string;
  readonly subtitle?: string;
  /** Markdown shown under the title. */
  readonly summary?: string;
  /** Label/value provenance lines (seed, variant, runs, tool versions). Producers pass any date in; renderers never read the clock. */
  readonly meta?: readonly { readonly label: string; readonly value: string }[];
  /** Links to sibling files (counterexample scenarios, raw traces). */
  readonly links?: readonly { readonly label: string; readonly href: string }[];
  readonly sections: readonly BundleSection[];
}

// ---- limits (a bundle is untrusted input read from disk) ----
/** Longest text field: a long Markdown section, never a whole trace. */
const TEXT_CHARS_MAX = 1_000_000;
/** Longest label or name. */
const LABEL_CHARS_MAX = 500;
/** Most sections, series, lanes, rows or columns in one list. */
const ITEMS_MAX = 10_000;
/** Most points, events or table rows: a week-long timeline or a big benchmark table. */
const POINTS_MAX = 200_000;

const label: Schema = { t: 'string', maxLength: LABEL_CHARS_MAX };
const text: Schema = { t: 'string', maxLength: TEXT_CHARS_MAX };
const num: Schema = { t: 'number' };
const nullableNum: Schema = { t: 'nullable', of: num };
const format: Schema = { t: 'literal', values: ['number', 'si', 'bytes', 'percent', 'duration-ms'] };
const scaleKind: Schema = { t: 'literal', values: ['linear', 'log'] };
const list = (of: Schema, maxItems = ITEMS_MAX): Schema => ({ t: 'array', of, maxItems });
const kind = (value: string): Schema => ({ t: 'literal', values: [value] });
const chartCommon = { title: label } as const;
const chartOptional = { description: text, width: num, height: num } as const;
const axes = { xLabel: label, yLabel: label, yFormat: format, yScale: scaleKind, valueLabels: { t: 'boolean' } } as const;

const CHART_SCHEMA: Schema = {
  t: 'tagged',
  tag: 'type',
  cases: {
    bar: { t: 'object', required: { type: kind('bar'), ...chartCommon, bars: list({ t: 'object', required: { label, value: nullableNum } }) }, optional: { ...chartOptional, ...axes } },
    'grouped-bar': {
      t: 'object',
      required: { type: kind('grouped-bar'), ...chartCommon, categories: list(label), series: list({ t: 'object', required: { name: label, values: list(nullableNum) } }) },
      optional: { ...chartOptional, ...axes },
    },
    line: {
      t: 'object',
      required: {
        type: kind('line'),
        ...chartCommon,
        series: list({
          t: 'object',
          required: { name: label, points: list({ t: 'object', required: { x: num, y: num }, optional: { low: num, high: num } }, POINTS_MAX) },
          optional: { baseline: { t: 'boolean' } },
        }),
      },
      optional: { ...chartOptional, xLabel: label, yLabel: label, xScale: scaleKind, yScale: scaleKind, xFormat: format, yFormat: format, spreadLabel: label },
    },
    matrix: {
      t: 'object',
      required: {
        type: kind('matrix'),
        ...chartCommon,
        rows: list(label),
        columns: list(label),
        cells: list(
          list({
            t: 'nullable',
            of: {
              t: 'object',
              required: { status: { t: 'literal', values: ['pass', 'fail', 'caught', 'missed', 'held', 'broke', 'skip', 'error'] } },
              optional: { text: label, href: text, note: text },
            },
          }),
        ),
      },
      optional: { ...chartOptional, rowLabel: label, columnLabel: label },
    },
    timeline: {
      t: 'object',
      required: {
        type: kind('timeline'),
        ...chartCommon,
        lanes: list({ t: 'object', required: { id: label, label } }),
        events: list({ t: 'object', required: { lane: label, at: num, kind: label }, optional: { label: text, highlight: { t: 'boolean' }, detail: list(text) } }, POINTS_MAX),
      },
      optional: {
        ...chartOptional,
        links: list(
          {
            t: 'object',
            required: { from: label, fromAt: num, to: label, kind: { t: 'literal', values: ['message', 'replay', 'injected', 'never arrived', 'held back'] } },
            optional: { toAt: num, label: text },
          },
          POINTS_MAX,
        ),
        spans: list({ t: 'object', required: { lane: label, start: num, end: num, kind: label }, optional: { label: text } }, POINTS_MAX),
        timeFormat: format,
        timeLabel: label,
        start: num,
        end: num,
      },
    },
  },
};

const cell: Schema = { t: 'anyOf', expected: 'a string, a number, null or { text, href }', of: [text, num, { t: 'nullable', of: { t: 'object', required: { text, href: text } } }] };
const sectionOptional = { id: label, title: label } as const;

const SECTION_SCHEMA: Schema = {
  t: 'tagged',
  tag: 'kind',
  cases: {
    markdown: { t: 'object', required: { kind: kind('markdown'), markdown: text }, optional: sectionOptional },
    table: {
      t: 'object',
      required: {
        kind: kind('table'),
        columns: list({ t: 'object', required: { label }, optional: { align: { t: 'literal', values: ['left', 'right', 'center'] }, format } }),
        rows: list(list(cell), POINTS_MAX),
      },
      optional: { ...sectionOptional, caption: text },
    },
    chart: { t: 'object', required: { kind: kind('chart'), chart: CHART_SCHEMA }, optional: { ...sectionOptional, caption: text } },
  },
};

/** The whole bundle's schema (also exported as JSON Schema by `bundleJsonSchema`). */
export const BUNDLE_SCHEMA: Schema = {
  t: 'object',
  required: { format: kind(BUNDLE_FORMAT), version: { t: 'literal', values: [BUNDLE_VERSION] }, title: label, sections: list(SECTION_SCHEMA) },
  optional: {
    subtitle: label,
    summary: text,
    meta: list({ t: 'object', required: { label, value: text } }),
    links: list({ t: 'object', required: { label, href: text } }),
  },
};

/** True when `value` claims to be a bundle (has the format marker), whether or not it is valid. */
export function looksLikeBundle(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)['format'] === BUNDLE_FORMAT;
}

/** Checks untrusted JSON against the bundle schema; throws SchemaError (path, expected, found) on the first mismatch. */
export function parseBundle(value: unknown): ReportBundle {
  checkSchema(BUNDLE_SCHEMA, value);
  return value as ReportBundle;
}
