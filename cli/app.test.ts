// The CLI in-process and as a spawned process: help lists the commands, every exit code means what
// cli/exitCodes.ts says, and `report` re-renders a saved bundle directory.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { sampleBundle } from '../test/kits/sampleBundle.ts';
import { runCli } from './app.ts';
import type { CliIo } from './command.ts';
import { defineCommand } from './command.ts';
import { COMMANDS } from './commands/registry.ts';
import { CliInputError, EXIT } from './exitCodes.ts';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'sealroom-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function captureIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), progressStream: { write: () => true, isTTY: false }, env: {}, cwd: dir };
}

function spawnCli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'cli/main.ts'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeSample(name: string): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'matrix.json'), JSON.stringify(sampleBundle()));
  writeFileSync(join(d, 'trace.jsonl'), '{}\n');
  return d;
}

describe('sealroom CLI (spawned)', () => {
  test('--help lists every registered command and the exit codes', () => {
    const r = spawnCli(['--help']);
    expect(r.status).toBe(EXIT.OK);
    for (const c of COMMANDS) expect(r.stdout).toContain(`sealroom ${c.command}`);
    expect(r.stdout).toContain('Exit codes:');
  });

  test('an unknown option exits 2 with a hint', () => {
    const r = spawnCli(['report', '--in', dir, '--no-such-option']);
    expect(r.status).toBe(EXIT.BAD_INPUT);
    expect(r.stderr).toContain('Unknown argument');
    expect(r.stderr).toContain('--help');
  });

  test('report re-renders a saved bundle directory', () => {
    const input = writeSample('spawned');
    const r = spawnCli(['report', '--in', input, '--json']);
    expect(r.status).toBe(EXIT.OK);
    const result = JSON.parse(r.stdout) as { index: string; files: string[] };
    expect(result.index).toBe(join(input, 'index.html'));
    expect(result.files).toContain('matrix.html');
    expect(readFileSync(join(input, 'index.html'), 'utf8')).toContain('href="./trace.jsonl"');
    expect(readFileSync(join(input, 'matrix.md'), 'utf8')).toContain('# Property × variant matrix');
  });
});

describe('sealroom CLI (in-process)', () => {
  test('every command has --help and exits 0', async () => {
    for (const c of COMMANDS) {
      const io = captureIo();
      expect(await runCli([c.command.split(' ')[0] ?? '', '--help'], io)).toBe(EXIT.OK);
    }
  });

  test('no command, unknown command, missing required option → 2', async () => {
    expect(await runCli([], captureIo())).toBe(EXIT.BAD_INPUT);
    expect(await runCli(['nosuch'], captureIo())).toBe(EXIT.BAD_INPUT);
    expect(await runCli(['report'], captureIo())).toBe(EXIT.BAD_INPUT);
  });

  test('report: missing directory, malformed bundle, no bundles → 2, naming file and JSON path', async () => {
    let io = captureIo();
    expect(await runCli(['report', '--in', join(dir, 'nope')], io)).toBe(EXIT.BAD_INPUT);
    expect(io.err.join('')).toContain('not a directory');

    const bad = join(dir, 'bad');
    mkdirSync(bad);
    const b = JSON.parse(JSON.stringify(sampleBundle())) as { sections: { chart?: { type: string } }[] };
    b.sections[1] = { chart: { type: 'pie' } };
    writeFileSync(join(bad, 'broken.json'), JSON.stringify(b));
    io = captureIo();
    expect(await runCli(['report', '--in', bad], io)).toBe(EXIT.BAD_INPUT);
    expect(io.err.join('')).toContain(`${join(bad, 'broken.json')}: at $.sections[1].kind`);
    expect(existsSync(join(bad, 'index.html'))).toBe(false);

    writeFileSync(join(bad, 'broken.json'), '{ not json');
    io = captureIo();
    expect(await runCli(['report', '--in', bad], io)).toBe(EXIT.BAD_INPUT);
    expect(io.err.join('')).toContain('not valid JSON');

    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(await runCli(['report', '--in', empty], captureIo())).toBe(EXIT.BAD_INPUT);
  });

  test('report --out writes elsewhere and copies the bundle JSON; output is deterministic', async () => {
    const input = writeSample('inproc');
    const out = join(dir, 'out');
    const io = captureIo();
    expect(await runCli(['report', '--in', input, '--out', out], io)).toBe(EXIT.OK);
    expect(io.out.join('')).toContain(`index: ${join(out, 'index.html')}`);
    const first = readFileSync(join(out, 'matrix.html'), 'utf8');
    expect(JSON.parse(readFileSync(join(out, 'matrix.json'), 'utf8'))).toEqual(sampleBundle());
    expect(await runCli(['report', '--in', input, '--out', out], captureIo())).toBe(EXIT.OK);
    expect(readFileSync(join(out, 'matrix.html'), 'utf8')).toBe(first);
  });

  test('render-check: missing file, non-HTML file, silly width → 2', async () => {
    expect(await runCli(['render-check', join(dir, 'nope.html')], captureIo())).toBe(EXIT.BAD_INPUT);
    writeFileSync(join(dir, 'x.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(await runCli(['render-check', join(dir, 'x.svg')], captureIo())).toBe(EXIT.BAD_INPUT);
    writeFileSync(join(dir, 'x.html'), '<!DOCTYPE html><title>x</title>');
    expect(await runCli(['render-check', join(dir, 'x.html'), '--width', '5'], captureIo())).toBe(EXIT.BAD_INPUT);
  });

  test('command outcomes map to exit codes: returned 1, CliInputError 2, a crash 3', async () => {
    const make = (run: () => Promise<0 | 1>) => defineCommand<object>({ command: 'probe', describe: 'probe', builder: (y) => y, run });
    expect(await runCli(['probe'], captureIo(), [make(async () => EXIT.FAILED)])).toBe(EXIT.FAILED);
    expect(
      await runCli(['probe'], captureIo(), [
        make(async () => {
          throw new CliInputError('bad file');
        }),
      ]),
    ).toBe(EXIT.BAD_INPUT);
    const io = captureIo();
    expect(
      await runCli(['probe'], io, [
        make(async () => {
          throw new RangeError('bug');
        }),
      ]),
    ).toBe(EXIT.INTERNAL);
    expect(io.err.join('')).toContain('internal error');
  });

  test('a path the user named that cannot be used (a file-system refusal) is bad input, told without a stack', async () => {
    const make = (run: () => Promise<0 | 1>) => defineCommand<object>({ command: 'probe', describe: 'probe', builder: (y) => y, run });
    writeFileSync(join(dir, 'plain'), '');
    const io = captureIo();
    const code = await runCli(['probe'], io, [
      make(async () => {
        mkdirSync(join(dir, 'plain', 'sub'));
        return EXIT.OK;
      }),
    ]);
    expect(code).toBe(EXIT.BAD_INPUT);
    expect(io.err.join('')).toContain(join(dir, 'plain', 'sub'));
    expect(io.err.join('')).not.toMatch(/\n\s+at /);
  });
});
