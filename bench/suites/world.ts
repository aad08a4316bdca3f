// Whole-world benchmark: simulated messages per wall-clock second for a fixed
// workload — 8 parties in 8 direct rooms, 200 view-once sends of 64 B every 500 simulated ms over an
// honest server and a clean network, run to quiescence. Only applying the workload and running the
// engine is timed (tinybench `overriddenDuration`); building the world (devices, prekeys) is not.
import { applyAction } from '../../sim/world/apply.ts';
import type { Action } from '../../sim/world/vocabulary.ts';
import { World, type WorldRoom } from '../../sim/world/world.ts';
import type { ProviderName } from '../../protocol/crypto/index.ts';
import { getProvider } from '../../protocol/crypto/index.ts';
import { caseId } from '../harness/ids.ts';
import type { BenchCase } from '../harness/types.ts';
import { implOf } from './primitives.ts';
import { SMALL_MESSAGE_BYTES } from './protocol.ts';

export const WORLD_PARTIES = 8;
export const WORLD_MESSAGES = 200;
const SEND_EVERY_MS = 500;
/** Simulated time after the last send for every delivery and retry to settle. */
const TAIL_MS = 120_000;

function workload(): { parties: string[]; rooms: WorldRoom[]; actions: Action[] } {
  const parties = Array.from({ length: WORLD_PARTIES }, (_, i) => `u${i}`);
  const rooms: WorldRoom[] = parties.map((p, i) => ({ id: `r${i}`, kind: 'direct', members: [p, parties[(i + 1) % WORLD_PARTIES] as string] }));
  const actions: Action[] = [];
  for (let i = 0; i < WORLD_MESSAGES; i++) {
    const room = rooms[i % rooms.length] as WorldRoom;
    actions.push({ at: 1_000 + i * SEND_EVERY_MS, do: 'send', from: room.members[Math.floor(i / rooms.length) % 2] as string, room: room.id, bytes: SMALL_MESSAGE_BYTES });
  }
  return { parties, rooms, actions };
}

/** One world run (on `engine`, default the variant's own); returns the timed part's duration (ms). Throws unless every message was accepted. */
export function runWorkload(provider: ProviderName, seed: number, engine?: string): number {
  const { parties, rooms, actions } = workload();
  const world = new World({
    seed,
    variant: 'reference',
    serverMode: 'honest',
    warrantPolicy: 'refuse-content',
    parties,
    rooms,
    provider: getProvider(provider),
    ...(engine === undefined ? {} : { engine }),
  });
  const started = performance.now();
  for (const a of actions) world.engine.schedule(a.at, `action:${a.do}`, {}, () => applyAction(world, a));
  world.runUntil(1_000 + WORLD_MESSAGES * SEND_EVERY_MS + TAIL_MS);
  const ms = performance.now() - started;
  const accepted = world.log.of('message-accepted').length;
  if (accepted !== WORLD_MESSAGES) throw new Error(`world: ${accepted} of ${WORLD_MESSAGES} messages accepted`);
  return ms;
}

function worldCase(provider: ProviderName): BenchCase {
  const impl = implOf(provider);
  return {
    id: caseId('world', 'sim-messages', { members: WORLD_PARTIES }, impl),
    suite: 'world',
    op: 'sim-messages',
    impl,
    params: { members: WORLD_PARTIES },
    unit: `world run: ${WORLD_MESSAGES} messages among ${WORLD_PARTIES} parties, delivered and decrypted (world construction not timed)`,
    heavy: true,
    items: { perOp: WORLD_MESSAGES, unit: 'simulated messages' },
    prepare: () => {
      let seed = 1;
      return () => ({ overriddenDuration: runWorkload(provider, seed++) });
    },
  };
}

/** Generated runs per campaign iteration: enough to amortise the per-campaign set-up, few enough for --quick. */
export const CAMPAIGN_RUNS = 4;

/** The reference served out of process (docs/engine-protocol.md), the same engine as `privacy-mode-device` in process. */
export const EXEC_REFERENCE = 'exec:node --import tsx engines/exec/serve.ts privacy-mode-device';

const DEVICE_ENGINES = { 'contract-in-process': 'privacy-mode-device', 'contract-exec': EXEC_REFERENCE } as const;

/** The world workload on the reference through the device contract, in process or out of it: the engine protocol's overhead per message. */
function deviceWorldCase(impl: keyof typeof DEVICE_ENGINES): BenchCase {
  return {
    id: caseId('world', 'sim-messages-device', { members: WORLD_PARTIES }, impl),
    suite: 'world',
    op: 'sim-messages-device',
    impl,
    params: { members: WORLD_PARTIES },
    unit: `world run on the reference through the device contract (${impl === 'contract-exec' ? 'out of process, over the engine protocol' : 'in process'}): ${WORLD_MESSAGES} messages among ${WORLD_PARTIES} parties`,
    heavy: true,
    items: { perOp: WORLD_MESSAGES, unit: 'simulated messages' },
    prepare: () => {
      let seed = 1;
      return () => ({ overriddenDuration: runWorkload('native', seed++, DEVICE_ENGINES[impl]) });
    },
  };
}

/**
 * Property-campaign throughput: SEC-INTEGRITY on the reference (generated worlds with attacks), items =
 * runs; on the reference's own phones, or through the device contract in process or out of it (the
 * engine protocol's overhead per campaign).
 */
function campaignCase(impl: 'sealroom-native' | keyof typeof DEVICE_ENGINES): BenchCase {
  const engine = impl === 'sealroom-native' ? undefined : DEVICE_ENGINES[impl];
  const op = engine === undefined ? 'property-campaign' : 'property-campaign-device';
  const where = engine === undefined ? '' : ` on the reference through the device contract (${impl === 'contract-exec' ? 'out of process' : 'in process'})`;
  return {
    id: caseId('world', op, engine === undefined ? { members: 0 } : {}, impl),
    suite: 'world',
    op,
    impl,
    params: {},
    unit: `one SEC-INTEGRITY campaign of ${CAMPAIGN_RUNS} generated runs${where} (simulate + judge), reported per minute as runs`,
    heavy: true,
    items: { perOp: CAMPAIGN_RUNS, unit: 'property-campaign runs' },
    prepare: async () => {
      const { runCampaign } = await import('../../properties/campaignRun.ts');
      let seed = 1;
      return () => {
        const started = performance.now();
        const r = runCampaign({ property: 'SEC-INTEGRITY', variant: 'reference', seed: seed++, runs: CAMPAIGN_RUNS, ...(engine === undefined ? {} : { engine }) });
        if (r.reason === 'counterexample') throw new Error(`campaign: the reference${where} failed SEC-INTEGRITY`);
        return { overriddenDuration: performance.now() - started };
      };
    },
  };
}

export function worldCases(): BenchCase[] {
  return [
    worldCase('native'),
    worldCase('noble'),
    campaignCase('sealroom-native'),
    deviceWorldCase('contract-in-process'),
    deviceWorldCase('contract-exec'),
    campaignCase('contract-in-process'),
    campaignCase('contract-exec'),
  ];
}
