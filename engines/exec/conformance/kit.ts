// The conformance kit (docs/engine-protocol.md "The conformance kit"): before any property runs, does
// an exec engine keep the engine protocol? The protocol checks, then the contract script, then a clean
// shutdown; and, for an engine that declares deterministic randomness, the script again in two fresh
// processes, answer for answer. A hang or a crash ends the kit with the fault.
import { EngineFault } from '../../fault.ts';
import { commandOf } from '../execEngine.ts';
import { CONTRACT_STEPS, Script } from './contractChecks.ts';
import { KIT_CLIENT, NonConformance, Probe } from './probe.ts';
import { PROTOCOL_CHECKS, type Handshaken } from './protocolChecks.ts';
import { PROTOCOL_VERSION } from '../wire.ts';

type CheckOutcome = 'pass' | 'fail' | 'not run';

interface CheckResult {
  readonly name: string;
  readonly outcome: CheckOutcome;
  readonly detail?: string;
}

export interface ConformanceReport {
  readonly spec: string;
  readonly engine?: string;
  readonly checks: readonly CheckResult[];
  /** The engine hung or crashed: the kit stopped there. */
  readonly fault?: EngineFault;
}

const DETERMINISM = 'the same requests give the same answers in two fresh processes (declared deterministic-randomness)';
const SHUTDOWN = 'shutdown is answered and the engine exits with status 0 at the end of its input';

/** Device handles (not the device numbers of addresses) numbered by first appearance: two runs of the script are compared up to the engine's choice of handles. */
function normalized(transcript: readonly string[]): string[] {
  const order = new Map<string, number>();
  return transcript.map((line) =>
    line.replace(/(?<!"user":"[^"]*",)"device":(\d+)/g, (_m, h: string) => {
      if (!order.has(h)) order.set(h, order.size);
      return `"device":#${order.get(h)}`;
    }),
  );
}

/** Runs the contract script `times` times on one fresh, initialized engine process and returns each run's transcript. */
function scriptTranscripts(command: string, caps: Handshaken['capabilities'], times: number): string[][] {
  const p = new Probe(command);
  try {
    p.call('initialize', { protocolVersions: [PROTOCOL_VERSION], client: KIT_CLIENT });
    const runs: string[][] = [];
    for (let i = 0; i < times; i++) {
      const from = p.transcript.length;
      const s = new Script(p, caps, command);
      for (const step of CONTRACT_STEPS) if (step.needs === undefined || caps[step.needs]) step.run(s);
      runs.push(normalized(p.transcript.slice(from)));
    }
    return runs;
  } finally {
    p.close();
  }
}

function firstDifference(a: readonly string[], b: readonly string[], aName: string, bName: string): string | undefined {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `exchange ${i + 1} differs:\n    ${aName}: ${(a[i] ?? '(none)').slice(0, 300)}\n    ${bName}: ${(b[i] ?? '(none)').slice(0, 300)}`;
  }
  return undefined;
}

export function runConformance(spec: string): ConformanceReport {
  const command = commandOf(spec);
  const checks: CheckResult[] = [];
  const got: { handshake?: Handshaken } = {};
  const notRun = (names: readonly string[]) => names.forEach((name) => checks.push({ name, outcome: 'not run' }));
  const all = [...PROTOCOL_CHECKS.map((c) => c.name), ...CONTRACT_STEPS.map((c) => c.name), SHUTDOWN, DETERMINISM];
  let p: Probe | undefined;
  try {
    p = new Probe(command);
    for (const c of PROTOCOL_CHECKS) {
      try {
        c.run(p, got);
        checks.push({ name: c.name, outcome: 'pass' });
      } catch (e) {
        if (!(e instanceof NonConformance)) throw e;
        checks.push({ name: c.name, outcome: 'fail', detail: e.message });
      }
    }
    const handshake = got.handshake;
    if (handshake === undefined) {
      notRun(all.slice(checks.length));
      return { spec, checks };
    }
    const script = new Script(p, handshake.capabilities, command);
    let failed = false;
    for (const step of CONTRACT_STEPS) {
      if (failed) {
        checks.push({ name: step.name, outcome: 'not run', detail: 'an earlier step of the script failed' });
        continue;
      }
      if (step.needs !== undefined && !handshake.capabilities[step.needs]) {
        checks.push({ name: step.name, outcome: 'not run', detail: `the engine does not declare ${step.needs}` });
        continue;
      }
      try {
        step.run(script);
        checks.push({ name: step.name, outcome: 'pass' });
      } catch (e) {
        if (!(e instanceof NonConformance)) throw e;
        failed = true;
        checks.push({ name: step.name, outcome: 'fail', detail: e.message });
      }
    }
    const shutdown = p.rpc.send('shutdown', {});
    const closed = p.close();
    p = undefined;
    const clean = !('error' in shutdown) && closed.exitedCleanly && closed.code === 0 && closed.linesAfterEnd === 0;
    const why =
      'error' in shutdown
        ? `shutdown answered error ${shutdown.error.code}`
        : !closed.exitedCleanly
          ? 'still running 2 s after its input ended (killed)'
          : closed.code !== 0
            ? `exited with status ${closed.code}`
            : `wrote ${closed.linesAfterEnd} line(s) on standard output after shutdown, which answer no request`;
    checks.push({ name: SHUTDOWN, outcome: clean ? 'pass' : 'fail', ...(clean ? {} : { detail: why }) });
    if (!handshake.capabilities['deterministic-randomness']) checks.push({ name: DETERMINISM, outcome: 'not run', detail: 'the engine does not declare deterministic-randomness' });
    else if (failed) checks.push({ name: DETERMINISM, outcome: 'not run', detail: 'the script failed' });
    else {
      const [first = [], again = []] = scriptTranscripts(command, handshake.capabilities, 2);
      const [other = []] = scriptTranscripts(command, handshake.capabilities, 1);
      const diff = firstDifference(first, other, 'first process', 'second process') ?? firstDifference(first, again, 'first run', 'second run in the same process');
      checks.push({ name: DETERMINISM, outcome: diff === undefined ? 'pass' : 'fail', ...(diff === undefined ? {} : { detail: diff }) });
    }
    return { spec, engine: handshake.name, checks };
  } catch (e) {
    if (!(e instanceof EngineFault)) throw e;
    notRun(all.slice(checks.length));
    return { spec, ...(got.handshake === undefined ? {} : { engine: got.handshake.name }), checks, fault: e };
  } finally {
    p?.close();
  }
}

export function conformanceText(r: ConformanceReport): string {
  const mark: Record<CheckOutcome, string> = { pass: 'ok  ', fail: 'FAIL', 'not run': '--  ' };
  const lines = [`engine conformance: ${r.engine ?? '(no handshake)'} (${r.spec})`];
  for (const c of r.checks) {
    lines.push(`${mark[c.outcome]} ${c.name}`);
    if (c.detail !== undefined && c.outcome !== 'pass') lines.push(...c.detail.split('\n').map((l) => `       ${l}`));
  }
  const failed = r.checks.filter((c) => c.outcome === 'fail').length;
  const passed = r.checks.filter((c) => c.outcome === 'pass').length;
  lines.push(r.fault !== undefined ? `stopped: ${r.fault.message}` : `${passed} passed, ${failed} failed, ${r.checks.length - passed - failed} not run`);
  return `${lines.join('\n')}\n`;
}
