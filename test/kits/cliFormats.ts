// Validators for the CI report formats, for tests: SARIF against the OASIS SARIF 2.1.0 JSON Schema
// (the copy @microsoft/jest-sarif ships, a draft-04 schema read with ajv-draft-04); JUnit XML against
// the Jenkins JUnit XSD (test/vectors/junit/jenkins-junit.xsd, provenance in test/vectors/MANIFEST.md)
// with xmllint-wasm, and by counts no schema can state (tests = the test cases, failures and errors
// as counted) through fast-xml-parser.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04Module from 'ajv-draft-04';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';
import { readVectorText } from '../vectors.ts';

const require = createRequire(import.meta.url);
const SARIF_SCHEMA_FILE = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const AjvDraft04 = AjvDraft04Module.default ?? AjvDraft04Module;
const validateSarif = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false }).compile(JSON.parse(readFileSync(SARIF_SCHEMA_FILE, 'utf8')) as object);

export interface SarifLog {
  readonly version: string;
  readonly runs: readonly {
    readonly results: readonly {
      readonly ruleId: string;
      readonly level: string;
      readonly locations: readonly { readonly physicalLocation: { readonly artifactLocation: { readonly uri: string } } }[];
    }[];
    readonly tool: { readonly driver: { readonly rules: readonly { readonly id: string }[] } };
  }[];
}

/** Schema violations of a SARIF log, one line each; empty when it is valid SARIF 2.1.0. */
export function sarifProblems(log: unknown): string[] {
  if (validateSarif(log)) return [];
  return (validateSarif.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

type XmlNode = Record<string, unknown>;

function asList(v: unknown): XmlNode[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]) as XmlNode[];
}

function countsProblems(where: string, node: XmlNode, cases: readonly XmlNode[]): string[] {
  const problems: string[] = [];
  const count = (attr: string, n: number) => {
    if (Number(node[`@_${attr}`]) !== n) problems.push(`${where}: ${attr}="${String(node[`@_${attr}`])}" but ${n} counted`);
  };
  count('tests', cases.length);
  count('failures', cases.filter((c) => c['failure'] !== undefined).length);
  count('errors', cases.filter((c) => c['error'] !== undefined).length);
  return problems;
}

/** Problems of a JUnit XML report: not well-formed, or not testsuites > testsuite > testcase with true counts. */
export function junitProblems(xml: string): string[] {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) return [`not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line})`];
  const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) }).parse(xml) as XmlNode;
  const root = doc['testsuites'] as XmlNode | undefined;
  if (root === undefined) return ['no <testsuites> root'];
  const suites = asList(root['testsuite']);
  if (suites.length === 0) return ['no <testsuite>'];
  const problems: string[] = [];
  for (const [i, suite] of suites.entries()) {
    if (typeof suite['@_name'] !== 'string') problems.push(`testsuite ${i}: no name`);
    const cases = asList(suite['testcase']);
    for (const c of cases) if (typeof c['@_name'] !== 'string' || typeof c['@_classname'] !== 'string') problems.push(`testsuite ${i}: a testcase without name and classname`);
    problems.push(...countsProblems(`testsuite ${i}`, suite, cases));
  }
  problems.push(
    ...countsProblems(
      'testsuites',
      root,
      suites.flatMap((s) => asList(s['testcase'])),
    ),
  );
  return problems;
}

const JUNIT_XSD = 'junit/jenkins-junit.xsd';

/** Schema violations of a JUnit XML report against the Jenkins JUnit XSD, one line each (libxml2's words); empty when valid. */
export async function junitSchemaProblems(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'jenkins-junit.xsd', contents: readVectorText(JUNIT_XSD) }] });
  if (result.valid) return [];
  const problems = result.errors.map((e) => `${e.loc === null ? '' : `line ${e.loc.lineNumber}: `}${e.message}`);
  return problems.length > 0 ? problems : [`invalid: ${result.rawOutput.trim()}`];
}
