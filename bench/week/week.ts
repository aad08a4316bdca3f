// A simulated week with 1,000 users, run in a process of its own so its
// peak RSS is its own: 500 direct rooms, every user writes one view-once message a day to its partner,
// who views it; an honest server with the 72 h retention, one warrant and one server seizure. Prints
// one JSON line: { users, days, messages, accepted, peakRssBytes, wallMs }.
import { applyAction } from '../../sim/world/apply.ts';
import type { Action } from '../../sim/world/vocabulary.ts';
import { World, type WorldRoom } from '../../sim/world/world.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface WeekOptions {
  readonly users: number;
  readonly days: number;
  readonly seed: number;
}

export function weekWorkload(o: WeekOptions): { parties: string[]; rooms: WorldRoom[]; actions: Action[] } {
  const parties = Array.from({ length: o.users }, (_, i) => `u${i}`);
  const rooms: WorldRoom[] = [];
  for (let i = 0; i + 1 < parties.length; i += 2) rooms.push({ id: `r${i / 2}`, kind: 'direct', members: [parties[i] as string, parties[i + 1] as string] });
  const actions: Action[] = [];
  for (let day = 0; day < o.days; day++) {
    rooms.forEach((room, r) => {
      const at = day * DAY_MS + 1_000 + r * 97; // spread the sends over the first minutes of each day
      for (const [k, from] of room.members.entries()) {
        const to = room.members[1 - k] as string;
        const label = `d${day}-${room.id}-${k}`;
        actions.push({ at: at + k * 10, do: 'send', from, room: room.id, label, bytes: 64 });
        actions.push({ at: at + 60 * 60 * 1000 + k * 10, do: 'view', user: to, label });
      }
    });
  }
  actions.push({ at: 3 * DAY_MS, do: 'warrant', target: { user: 'u0' }, scope: ['content', 'metadata'], fromMs: 0, toMs: 3 * DAY_MS });
  actions.push({ at: o.days * DAY_MS - 1, do: 'seize-server' });
  actions.sort((a, b) => a.at - b.at);
  return { parties, rooms, actions };
}

export function runWeek(o: WeekOptions): { users: number; days: number; messages: number; accepted: number; peakRssBytes: number; wallMs: number } {
  const started = performance.now();
  const { parties, rooms, actions } = weekWorkload(o);
  const world = new World({ seed: o.seed, variant: 'reference', serverMode: 'honest', warrantPolicy: 'refuse-content', parties, rooms, checkAtomicity: false });
  for (const a of actions) world.engine.schedule(a.at, `action:${a.do}`, {}, () => applyAction(world, a));
  world.runUntil(o.days * DAY_MS);
  const out = {
    users: o.users,
    days: o.days,
    messages: world.log.of('message-sent').length,
    accepted: world.log.of('message-accepted').length,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    wallMs: Math.round(performance.now() - started),
  };
  world.close();
  return out;
}

if (process.argv[1]?.endsWith('week.ts') === true) {
  const users = Number(process.argv[2] ?? 1000);
  const days = Number(process.argv[3] ?? 7);
  process.stdout.write(`${JSON.stringify(runWeek({ users, days, seed: 1 }))}\n`);
}
