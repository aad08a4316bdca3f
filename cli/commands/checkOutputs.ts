// The report files `sealroom check` and `sealroom merge` write beside what they print: --junit (JUnit
// XML) and --sarif (SARIF 2.1.0). Both are rendered from the same JSON result the --json flag prints.

import { resolve } from 'node:path';
import type { CheckJson } from '../../properties/checkReport.ts';
import type { CliIo } from '../command.ts';
import { checkJunit } from '../formats/junit.ts';
import { checkSarif } from '../formats/sarif.ts';
import { writeOutputFile } from '../outputs.ts';
import { packageVersion } from '../version.ts';

export interface FormatFlags {
  readonly junit: string | undefined;
  readonly sarif: string | undefined;
}

/** The catalogue's promise of each property (loaded with the judges, so only when SARIF is asked for). */
async function promises(): Promise<(id: string) => string | null> {
  const { CATALOGUE } = await import('../../properties/catalogue.ts');
  return (id) => CATALOGUE.find((p) => p.id === id)?.promise ?? null;
}

export async function writeCheckFormats(json: CheckJson, flags: FormatFlags, io: CliIo, exitCode: number): Promise<void> {
  if (flags.junit !== undefined) {
    writeOutputFile('--junit', resolve(io.cwd, flags.junit), checkJunit(json));
    io.stderr(`wrote JUnit XML to ${flags.junit}\n`);
  }
  if (flags.sarif !== undefined) {
    const sarif = checkSarif(json, { cwd: io.cwd, toolVersion: packageVersion(), promise: await promises(), exitCode });
    writeOutputFile('--sarif', resolve(io.cwd, flags.sarif), `${JSON.stringify(sarif, null, 2)}\n`);
    io.stderr(`wrote SARIF to ${flags.sarif}\n`);
  }
}
