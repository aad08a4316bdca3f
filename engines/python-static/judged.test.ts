// An engine in another language under the judge, through the engine protocol: the Python engine keeps
// the protocol (the conformance kit), and its deliberate weakness — static keys, so no forward secrecy
// and no healing — is found by the default campaigns on their own (README "Engines in any language").
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, test } from 'vitest';
import { runCampaign } from '../../properties/campaignRun.ts';
import { runConformance } from '../exec/conformance/kit.ts';
import { loadDeviceEngine } from '../registry.ts';

const ENGINE = 'exec:python3 engines/python-static/engine.py';
const python = spawnSync('python3', ['--version']).status === 0;

afterAll(() => {
  if (python) loadDeviceEngine(ENGINE).close();
});

describe.skipIf(!python)('the Python static-key engine, out of process', () => {
  test("its own unit tests pass (X25519 against RFC 7748's vectors, the engine in and over stdio)", () => {
    const r = spawnSync('python3', ['-m', 'unittest', '-q'], { cwd: new URL('.', import.meta.url), encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    expect(r.stderr).toMatch(/\nOK\s*$/);
    expect(r.status).toBe(0);
  });

  test('keeps the engine protocol: every conformance check passes but the capabilities it does not declare', () => {
    const r = runConformance(ENGINE);
    expect(r.engine).toBe('python-static');
    expect(r.checks.filter((c) => c.outcome === 'fail')).toEqual([]);
    expect(r.checks.filter((c) => c.outcome === 'not run').map((c) => c.detail)).toEqual(['the engine does not declare safety-numbers', 'the engine does not declare groups']);
  });

  test.each([
    ['SEC-FS', /seized at \d+ ms opens earlier message/],
    ['SEC-PCS', /stolen at \d+ ms still reads .* sent after the session healed/],
  ] as const)('%s fails on the default campaign: the judge finds the missing ratchet', (property, violation) => {
    const r = runCampaign({ property, variant: 'reference', seed: 1, runs: 10, engine: ENGINE });
    expect(r.status).toBe('fail');
    expect(r.counterexample?.violations.join('\n')).toMatch(violation);
    expect(r.counterexample?.replay).toContain(`--engine '${ENGINE}'`);
  });

  test('what static keys do not break still holds: no counterexample to SEC-INTEGRITY or SEC-MITM', () => {
    for (const property of ['SEC-INTEGRITY', 'SEC-MITM'] as const) {
      const r = runCampaign({ property, variant: 'reference', seed: 1, runs: 8, engine: ENGINE, coverageGate: false });
      expect([property, r.status, r.counterexample?.violations[0]]).toEqual([property, 'pass', undefined]);
    }
  });
});
