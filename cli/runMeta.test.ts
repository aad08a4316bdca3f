// The run metadata on every report: version, commit (or "unknown" outside a git checkout), seed, the
// command line as a shell would need it, and the machine; added after a bundle's own lines, replacing
// one of the same label rather than doubling it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type ReportBundle } from '../reports/render/bundle.ts';
import type { CliIo } from './command.ts';
import { commandLine, gitCommit, machineLine, runMeta, withRunMeta } from './runMeta.ts';
import { packageVersion } from './version.ts';

const bare = mkdtempSync(join(tmpdir(), 'sealroom-meta-'));
afterAll(() => rmSync(bare, { recursive: true, force: true }));

const io: CliIo = { stdout: () => undefined, stderr: () => undefined, progressStream: { write: () => true }, env: {}, cwd: bare, argv: ['check', '--property', 'SEC-FS', '--out', 'a dir'] };

describe('run metadata', () => {
  test('the command line quotes what a shell would split or expand', () => {
    expect(commandLine(['check', '--out', 'a dir', '--engine', "exec:it's", '--seed', '7'])).toBe(`sealroom check --out 'a dir' --engine 'exec:it'\\''s' --seed 7`);
    expect(commandLine([])).toBe('sealroom');
  });

  test('outside a git checkout the commit is "unknown"; inside one it is a full hash', () => {
    expect(gitCommit(bare)).toBe('unknown');
    expect(gitCommit()).toMatch(/^([0-9a-f]{40,64}|unknown)$/);
  });

  test('version, commit, seed, command and machine, in that order', () => {
    const meta = runMeta(io, '18446744073709551615');
    expect(meta.map((m) => m.label)).toEqual(['sealroom', 'commit', 'seed', 'command', 'machine']);
    expect(meta[0]?.value).toBe(packageVersion());
    expect(meta[2]?.value).toBe('18446744073709551615');
    expect(meta[3]?.value).toBe("sealroom check --property SEC-FS --out 'a dir'");
    expect(machineLine()).toContain(`Node ${process.version}`);
    expect(runMeta(io, null).map((m) => m.label)).not.toContain('seed');
  });

  test("added after the bundle's own lines; a line of the same label is replaced, not doubled", () => {
    const bundle: ReportBundle = {
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      title: 't',
      meta: [
        { label: 'variant', value: 'reference' },
        { label: 'seed', value: '1' },
      ],
      sections: [],
    };
    const out = withRunMeta(bundle, [
      { label: 'seed', value: '1' },
      { label: 'commit', value: 'unknown' },
    ]);
    expect(out.meta).toEqual([
      { label: 'variant', value: 'reference' },
      { label: 'seed', value: '1' },
      { label: 'commit', value: 'unknown' },
    ]);
  });
});
