// Report directories: producers write bundles with writeReports and get a rendered site back; loading refuses
// unsafe file names and lists non-bundle JSON as other files.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { sampleBundle } from '../test/kits/sampleBundle.ts';
import { CliInputError } from './exitCodes.ts';
import { loadReportDir, sameDir, writeReports } from './reportFiles.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealroom-report-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('report files', () => {
  test('writeReports writes bundle JSON and renders the whole directory', async () => {
    const out = join(dir, 'site');
    const site = await writeReports(out, [{ name: 'matrix', bundle: sampleBundle() }]);
    expect(site.indexHtml).toBe(join(out, 'index.html'));
    expect(JSON.parse(readFileSync(join(out, 'matrix.json'), 'utf8'))).toEqual(sampleBundle());
    for (const f of ['index.html', 'index.md', 'matrix.html', 'matrix.md', 'matrix.matrix.svg']) expect(existsSync(join(out, f))).toBe(true);
    const again = await writeReports(out, [{ name: 'second', bundle: { ...sampleBundle(), title: 'Second' } }]);
    expect(again.files).toContain('matrix.html');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('href="second.html"');
  });

  test('loadReportDir lists other JSON files and refuses unsafe bundle names', async () => {
    const d = join(dir, 'load');
    await writeReports(d, [{ name: 'a', bundle: sampleBundle() }]);
    writeFileSync(join(d, 'summary.json'), '{"runs": 3}');
    const loaded = await loadReportDir(d);
    expect(loaded.bundles.map((b) => b.name)).toEqual(['a']);
    expect(loaded.otherFiles).toEqual(['summary.json']);
    writeFileSync(join(d, 'bad name.json'), JSON.stringify(sampleBundle()));
    await expect(loadReportDir(d)).rejects.toBeInstanceOf(CliInputError);
  });

  test('sameDir compares resolved paths', () => {
    expect(sameDir('/a/b/', '/a/b')).toBe(true);
    expect(sameDir('/a/b', '/a/c')).toBe(false);
  });
});
