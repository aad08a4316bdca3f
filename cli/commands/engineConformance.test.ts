// `sealroom engine-conformance` and `sealroom engines` as a user runs them: the served reference
// conforms (exit 0), a deliberately broken one fails a named check (exit 1), an engine that dies is an
// engine fault with its standard error (exit 4), and anything but exec:COMMAND is bad input (exit 2).
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { runCli } from '../app.ts';
import type { CliIo } from '../command.ts';
import { EXIT } from '../exitCodes.ts';

const SERVED = 'exec:node --import tsx engines/exec/serve.ts privacy-mode-device';

async function cli(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), progressStream: { write: () => true, isTTY: false }, env: {}, cwd: process.cwd() };
  const code = await runCli(args, io);
  return { code, out: out.join(''), err: err.join('') };
}

describe('sealroom engine-conformance', () => {
  test('the reference served out of process conforms: exit 0, every check listed', async () => {
    const r = await cli(['engine-conformance', SERVED]);
    expect(r.code).toBe(EXIT.OK);
    expect(r.out).toMatch(/^ok {3}a replayed message is refused and changes nothing$/m);
    expect(r.out).toMatch(/26 passed, 0 failed, 1 not run/);
  });

  test('an engine whose exports differ fails the check that says so: exit 1', async () => {
    const r = await cli(['engine-conformance', `${SERVED} --fault unstable-export`, '--json']);
    expect(r.code).toBe(EXIT.FAILED);
    const failed = (JSON.parse(r.out) as { checks: { name: string; outcome: string; detail?: string }[] }).checks.filter((c) => c.outcome === 'fail');
    expect(failed[0]?.detail).toMatch(/exported state changed across the refusal/);
  });

  test('an engine that exits at once is an engine fault with its standard error: exit 4', async () => {
    const r = await cli(['engine-conformance', 'exec:echo "no such engine here" >&2; exit 7']);
    expect(r.code).toBe(EXIT.ENGINE_FAULT);
    expect(r.out).toMatch(/stopped: engine .* crashed: exited with status 7 before answering/);
    expect(r.out).toMatch(/no such engine here/);
  });

  test('anything but exec:COMMAND is bad input: exit 2', async () => {
    expect((await cli(['engine-conformance', 'libsignal'])).code).toBe(EXIT.BAD_INPUT);
    expect((await cli(['engine-conformance', 'exec:'])).code).toBe(EXIT.BAD_INPUT);
  });
});

describe('sealroom engines', () => {
  test('lists every registered engine with its capabilities, and how to bring another', async () => {
    const r = await cli(['engines']);
    expect(r.code).toBe(EXIT.OK);
    for (const name of ['privacy-mode', 'shipped-2014', 'libsignal', 'privacy-mode-device']) expect(r.out).toMatch(new RegExp(`^${name} `, 'm'));
    expect(r.out).toMatch(/exec:COMMAND/);
  });

  test('--verdicts runs the campaigns on each engine named and prints them side by side', async () => {
    const r = await cli(['engines', '--verdicts', '--engine', 'privacy-mode-device', 'exec:python3 engines/python-static/engine.py', '--property', 'SEC-FS', 'SEC-PQ']);
    expect(r.code).toBe(EXIT.OK);
    expect(r.out).toMatch(/^\| property \| privacy-mode-device \| python-static \(exec:python3 engines\/python-static\/engine\.py\) \|$/m);
    expect(r.out).toMatch(/^\| SEC-FS \| pass \| \*\*fail\*\* \[1\] \|$/m);
    expect(r.out).toMatch(/^\| SEC-PQ \| n\/a \| n\/a \|$/m);
    expect(r.out).toMatch(/^1\. python-static .*, SEC-FS: phone of alice seized at \d+ ms opens earlier message/m);
  }, 120_000);
});

describe('sealroom check on a hung engine', () => {
  test('an engine that stops answering is an engine fault, not a verdict: exit 4, and its processes are gone', async () => {
    const before = process.env['SEALROOM_ENGINE_TIMEOUT_MS'];
    process.env['SEALROOM_ENGINE_TIMEOUT_MS'] = '1500';
    try {
      const r = await cli(['check', '--engine', `${SERVED} --fault hangs-after-handshake`, '--property', 'SEC-FS', '--runs', '2', '--json']);
      expect(r.code).toBe(EXIT.ENGINE_FAULT);
      expect(r.err).toMatch(/engine privacy-mode-device hung: no answer to engine\.createDevice within 1500 ms \(its processes were killed\)/);
      expect(r.err).toMatch(/serve: privacy-mode-device with fault hangs-after-handshake/);
      expect(r.out).toBe('');
      expect(spawnSync('pgrep', ['-f', 'fault hangs-after-handshake']).status).toBe(1);
    } finally {
      if (before === undefined) delete process.env['SEALROOM_ENGINE_TIMEOUT_MS'];
      else process.env['SEALROOM_ENGINE_TIMEOUT_MS'] = before;
    }
  }, 60_000);
});
