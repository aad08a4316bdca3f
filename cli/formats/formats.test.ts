// The CI report formats over every kind of result (pass, counterexample, coverage shortfall, crashed
// run, skipped, text that XML must escape): JUnit XML that validates against the Jenkins JUnit XSD
// (test/vectors/junit/) with true counts, SARIF that validates against the SARIF 2.1.0 schema, and the
// exit code a crashed run gets (3, an internal error, never 1).
import { describe, expect, test } from 'vitest';
import type { CheckJson, CheckResultJson } from '../../properties/checkReport.ts';
import { checkExitCode } from '../commands/check.ts';
import { EXIT } from '../exitCodes.ts';
import { junitProblems, junitSchemaProblems, type SarifLog, sarifProblems } from '../../test/kits/cliFormats.ts';
import { checkJunit, junitXml } from './junit.ts';
import { checkSarif } from './sarif.ts';

const coverage = [{ situation: 'phone stolen, then two ratchet round trips', hits: 1, runs: 4, minShare: 0.5, met: false }];

function result(property: string, over: Partial<CheckResultJson>): CheckResultJson {
  return { property, status: 'pass', runs: 4, seed: '18446744073709551615', firstRun: 0, reason: null, coverage: [], counterexample: null, ...over };
}

const counterexample = { scenarioFile: '/work/elsewhere/cx-sec-fs.json', replay: 'npx tsx cli/main.ts check --property SEC-FS', path: '2:1', shrinks: 3, crash: null };

const mixed: CheckJson = {
  format: 'sealroom-check/1',
  variant: 'no-ratchet',
  seed: '18446744073709551615',
  runs: 4,
  shard: null,
  coverageGate: 'applied',
  results: [
    result('SEC-PCS', {}),
    result('SEC-FS', { status: 'fail', reason: 'counterexample', counterexample: { ...counterexample, violations: ['a <seized> key & "quotes" \u0001 opened m1'] } }),
    result('SEC-EVAPORATE', { status: 'fail', reason: 'coverage', coverage }),
    result('SEC-GROUP', { status: 'fail', reason: 'counterexample', counterexample: { ...counterexample, violations: ['the run crashed'], crash: 'TypeError: x is undefined' } }),
  ],
};

describe('JUnit XML', () => {
  test('one test case per property; failures and errors counted; text escaped', () => {
    const xml = checkJunit(mixed);
    expect(junitProblems(xml)).toEqual([]);
    expect(xml).toContain('<testsuites name="sealroom check" tests="4" failures="2" errors="1"');
    expect(xml).toContain('a &lt;seized&gt; key &amp; &quot;quotes&quot; \uFFFD opened m1');
    expect(xml).toMatch(/<testcase [^>]*name="SEC-GROUP"[^>]*>\s*<error message="TypeError: x is undefined" type="crash">/);
    expect(xml).toMatch(/<testcase [^>]*name="SEC-PCS"[^>]*\/>/);
  });

  test('a broken document is caught by the validator (it can fail)', async () => {
    expect(junitProblems(checkJunit(mixed).replace('</testsuite>', ''))).not.toEqual([]);
    expect(junitProblems(checkJunit(mixed).replace('tests="4"', 'tests="5"'))).not.toEqual([]);
    expect(await junitSchemaProblems(checkJunit(mixed).replace('<testcase ', '<testcase bogus="1" '))).not.toEqual([]);
    expect(await junitSchemaProblems(checkJunit(mixed).replace(/<testsuite /, '<testsuite skipped="0" '))).not.toEqual([]);
    expect(await junitSchemaProblems('<testsuites><testsuite tests="0"/></testsuites>')).not.toEqual([]);
  });

  test('valid against the Jenkins JUnit XSD: a check, a merge, and cases skipped or without properties', async () => {
    expect(await junitSchemaProblems(checkJunit(mixed))).toEqual([]);
    expect(await junitSchemaProblems(checkJunit({ ...mixed, shard: null, merged: ['1/2', '2/2'] }))).toEqual([]);
    const skipped = junitXml(
      'sealroom scenario: x',
      [],
      [
        { classname: 'sealroom.scenario', name: 'SEC-PQ', skipped: 'not applicable: <no KEM>' },
        { classname: 'sealroom.scenario', name: 'SEC-FS' },
      ],
    );
    expect(await junitSchemaProblems(skipped)).toEqual([]);
    expect(junitProblems(skipped)).toEqual([]);
    expect(skipped).toContain('<skipped>not applicable: &lt;no KEM&gt;</skipped>');
    expect(skipped).toMatch(/<testsuite [^>]*skipped="1"/);
  });
});

describe('SARIF 2.1.0', () => {
  const sarif = checkSarif(mixed, { cwd: '/work/main', toolVersion: '0.1.0', promise: (id) => (id === 'SEC-FS' ? 'forward secrecy' : null), exitCode: 3 }) as SarifLog;

  test('validates against the SARIF 2.1.0 schema, one result per failing property', () => {
    expect(sarifProblems(sarif)).toEqual([]);
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(['SEC-FS', 'SEC-EVAPORATE', 'SEC-GROUP']);
    expect(sarif.runs[0]?.tool.driver.rules.map((r) => r.id)).toEqual(['SEC-PCS', 'SEC-FS', 'SEC-EVAPORATE', 'SEC-GROUP']);
  });

  test('a counterexample points at its scenario file, a coverage shortfall at the campaign table', () => {
    const uris = sarif.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri);
    expect(uris).toEqual(['file:///work/elsewhere/cx-sec-fs.json', 'properties/campaign.ts', 'file:///work/elsewhere/cx-sec-fs.json']);
  });

  test('a log that breaks the schema is caught (the validator can fail)', () => {
    expect(sarifProblems({ ...sarif, version: '2.0.0' })).not.toEqual([]);
  });
});

describe('exit codes of a check result', () => {
  test('a crashed run is an internal error (3), not a property failure', () => {
    expect(checkExitCode(mixed)).toBe(EXIT.INTERNAL);
  });
  test('failures without a crash exit 1; all passing exit 0', () => {
    expect(checkExitCode({ ...mixed, results: mixed.results.slice(0, 3) })).toBe(EXIT.FAILED);
    expect(checkExitCode({ ...mixed, results: mixed.results.slice(0, 1) })).toBe(EXIT.OK);
  });
});
