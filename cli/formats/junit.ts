// `--junit FILE`: a check or merge result as JUnit XML, the report format CI systems show as tests.
// It is valid against the Jenkins JUnit schema (test/vectors/junit/jenkins-junit.xsd, checked in
// cli/formats/formats.test.ts): testsuites > testsuite > testcase with skipped, error or failure; the
// skip reason is the text of <skipped> (the schema gives it no attribute) and the skipped count is an
// attribute of <testsuite> only. One test case per property; a counterexample or coverage shortfall is
// a <failure>, a crashed run an <error>.

import type { CheckJson, CheckResultJson } from '../../properties/checkReport.ts';
import { shortfallOf } from '../../properties/checkReport.ts';

/** Characters XML 1.0 cannot hold at all (C0 controls but tab, newline and carriage return; lone surrogates). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function xml(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${xml(String(v))}"`)
    .join('');
}

function detailOf(r: CheckResultJson): string {
  const cx = r.counterexample;
  if (cx === null) return shortfallOf(r).join('\n');
  return [...cx.violations, `path ${cx.path}`, `replay: ${cx.replay}`, ...(cx.scenarioFile === null ? [] : [`scenario: ${cx.scenarioFile}`])].join('\n');
}

/** One JUnit test case: passed, failed (a verdict), in error (a crash or bad input), or skipped (not applicable or not exercised: no verdict). */
export interface JunitCase {
  readonly classname: string;
  readonly name: string;
  readonly assertions?: number;
  readonly problem?: { readonly kind: 'failure' | 'error'; readonly message: string; readonly type: string; readonly detail: string };
  readonly skipped?: string;
}

function caseXml(c: JunitCase): string {
  const head = `    <testcase${attrs({ classname: c.classname, name: c.name, ...(c.assertions === undefined ? {} : { assertions: c.assertions }) })}`;
  if (c.problem === undefined && c.skipped !== undefined) return `${head}>\n      <skipped>${xml(c.skipped)}</skipped>\n    </testcase>`;
  if (c.problem === undefined) return `${head}/>`;
  const { kind, message, type, detail } = c.problem;
  return `${head}>\n      <${kind}${attrs({ message, type })}>${xml(detail)}</${kind}>\n    </testcase>`;
}

/** A JUnit document of one suite: its properties (name, value) and cases, with the counts CI tools read. */
export function junitXml(suite: string, properties: readonly (readonly [string, string])[], cases: readonly JunitCase[]): string {
  const failures = cases.filter((c) => c.problem?.kind === 'failure').length;
  const errors = cases.filter((c) => c.problem?.kind === 'error').length;
  const skipped = cases.filter((c) => c.problem === undefined && c.skipped !== undefined).length;
  const counts = { tests: cases.length, failures, errors };
  const root = suite.split(':')[0] ?? suite;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: root, ...counts })}>`,
    `  <testsuite${attrs({ name: suite, ...counts, skipped })}>`,
    // The schema wants at least one <property> inside <properties>, so none means no element.
    ...(properties.length === 0 ? [] : ['    <properties>', ...properties.map(([name, value]) => `      <property${attrs({ name, value })}/>`), '    </properties>']),
    ...cases.map(caseXml),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function checkCase(j: CheckJson, r: CheckResultJson): JunitCase {
  const base = { classname: `sealroom.check.${j.variant}`, name: r.property, assertions: r.runs };
  if (r.status === 'pass') return base;
  const cx = r.counterexample;
  const crash = cx?.crash ?? null;
  const message = cx === null ? 'coverage too low' : (crash ?? cx.violations[0] ?? 'the property failed');
  const type = cx === null ? 'coverage' : crash !== null ? 'crash' : 'counterexample';
  return { ...base, problem: { kind: crash !== null ? 'error' : 'failure', message, type, detail: detailOf(r) } };
}

export function checkJunit(j: CheckJson): string {
  const scope = j.merged !== undefined ? ` (merged ${j.merged.join(', ')})` : j.shard === null ? '' : ` (shard ${j.shard})`;
  const properties: [string, string][] = [
    ['variant', j.variant],
    ['seed', String(j.seed)],
    ['runs', j.runs === null ? 'default' : String(j.runs)],
    ['coverageGate', j.coverageGate],
  ];
  return junitXml(
    `sealroom check: variant ${j.variant}, seed ${j.seed}${scope}`,
    properties,
    j.results.map((r) => checkCase(j, r)),
  );
}
