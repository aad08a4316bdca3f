// docs/ci.md's example workflow, run: its shard and merge commands as written (on one property and a
// small budget), so the documented CI use cannot drift from the CLI. The merge must exit 0 and write
// JUnit XML (against the Jenkins JUnit XSD) and SARIF that validate, and its campaign page.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli } from '../app.ts';
import type { CliIo } from '../command.ts';
import { EXIT } from '../exitCodes.ts';
import { junitProblems, junitSchemaProblems, sarifProblems } from '../../test/kits/cliFormats.ts';

const root = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'sealroom-ci-doc-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The workflow's `npx sealroom …` commands, from the YAML block of docs/ci.md. */
function workflowCommands(): string[] {
  const doc = readFileSync(join(root, 'docs', 'ci.md'), 'utf8');
  const yaml = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
  return yaml
    .split('\n')
    .map((l) => /- run: (npx sealroom .*)$/.exec(l.trim())?.[1])
    .filter((c): c is string => c !== undefined);
}

async function sealroom(argv: readonly string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: () => undefined, progressStream: { write: () => true }, env: {}, cwd: work };
  return { code: await runCli(argv, io), stdout };
}

/** Shell words of one documented command, its variables filled in; a `> FILE || …` tail becomes the output file. */
function argvOf(command: string, vars: Record<string, string>): { argv: string[]; stdoutFile: string | null } {
  let text = command.replace(/\$\{\{ matrix\.shard \}\}/g, vars['shard'] ?? '').replace(/"\$(\w+)"/g, (_, v: string) => vars[v] ?? '');
  let stdoutFile: string | null = null;
  const redirect = /\s*>\s*(\S+)(\s*\|\|.*)?$/.exec(text);
  if (redirect !== null) {
    stdoutFile = redirect[1] ?? null;
    text = text.slice(0, redirect.index);
  }
  return { argv: text.split(/\s+/).slice(2), stdoutFile };
}

describe('docs/ci.md: the example workflow runs as written', () => {
  test('four shards, then a merge: exit 0, valid JUnit and SARIF', async () => {
    const commands = workflowCommands();
    const check = commands.find((c) => c.startsWith('npx sealroom check'));
    const merge = commands.find((c) => c.startsWith('npx sealroom merge'));
    expect(check).toBeDefined();
    expect(merge).toBeDefined();
    // The artifact download puts each shard's files under shards/.
    mkdirSync(join(work, 'shards'), { recursive: true });
    for (const shard of ['1', '2', '3', '4']) {
      const { argv, stdoutFile } = argvOf(check ?? '', { SEED: '7', RUNS: '4', shard });
      const r = await sealroom([...argv, '--property', 'SEC-PCS']);
      expect(r.code).toBe(EXIT.OK);
      writeFileSync(join(work, 'shards', stdoutFile ?? `shard-${shard}.json`), r.stdout);
    }
    const r = await sealroom(argvOf(merge ?? '', {}).argv);
    expect(r.code).toBe(EXIT.OK);
    expect(r.stdout).toContain('merged from shards 1/4, 2/4, 3/4, 4/4');
    // The merge's campaign page: campaign-wide coverage and verdicts, with the run's metadata.
    const page = readFileSync(join(work, 'reports', 'out', 'campaign', 'campaign.html'), 'utf8');
    expect(page).toContain('merged from 4 shards');
    expect(page).toContain('SEC-PCS');
    expect(page).toMatch(/command[\s\S]*sealroom merge shards\/shard-1\.json/);
    expect(junitProblems(readFileSync(join(work, 'reports', 'check.xml'), 'utf8'))).toEqual([]);
    expect(await junitSchemaProblems(readFileSync(join(work, 'reports', 'check.xml'), 'utf8'))).toEqual([]);
    expect(sarifProblems(JSON.parse(readFileSync(join(work, 'reports', 'check.sarif'), 'utf8')))).toEqual([]);
  });
});
