// The engine registry: every variant runs on one built-in engine, capabilities are declared for every
// engine, and a property needing a capability an engine lacks is not applicable there, never pass.
import { describe, expect, test } from 'vitest';
import { ALL_VARIANTS } from '../protocol/variant.ts';
import { CATALOGUE } from '../properties/catalogue.ts';
import { campaignFor } from '../properties/campaign.ts';
import { World } from '../sim/world/world.ts';
import { CAPABILITIES, lacking } from './contract.ts';
import { ENGINES, engineInfo, engineOfRun, engineOfVariant, loadDeviceEngine } from './registry.ts';

describe('engine registry', () => {
  test('every variant is one built-in engine; shipped-2014 is its own', () => {
    for (const v of ALL_VARIANTS) expect(engineInfo(engineOfVariant(v)).host).toBe('world');
    expect(engineOfVariant('shipped-2014')).toBe('shipped-2014');
    expect(engineOfRun({ variant: 'no-ratchet' }).name).toBe('privacy-mode');
    expect(engineOfRun({ variant: 'reference', engine: 'libsignal' }).name).toBe('libsignal');
  });

  test('every engine declares every capability', () => {
    for (const e of ENGINES) expect(Object.keys(e.capabilities).sort()).toEqual([...CAPABILITIES].sort());
  });

  test('the reference engine lacks nothing any property needs; shipped-2014 lacks groups and PQ', () => {
    const needs = CATALOGUE.flatMap((p) => p.needs);
    expect(lacking(engineInfo('privacy-mode').capabilities, needs)).toEqual([]);
    expect(new Set(lacking(engineInfo('shipped-2014').capabilities, needs))).toEqual(new Set(['groups', 'post-quantum']));
  });

  test('a campaign is not applicable on an engine that lacks what its property needs', () => {
    expect(campaignFor('SEC-GROUP')?.unsupported('reference', 'libsignal')).toMatch(/not applicable: the libsignal engine lacks groups/);
    expect(campaignFor('DET-REPLAY')?.unsupported('reference', 'libsignal')).toMatch(/lacks deterministic-randomness/);
    expect(campaignFor('SEC-PQ')?.unsupported('reference', 'libsignal')).toMatch(/models only the privacy-mode engine/);
    expect(campaignFor('SEC-FS')?.unsupported('reference', 'libsignal')).toBeNull();
  });

  test('a weak variant runs only on its own engine, and a device engine only as itself', () => {
    const base = { seed: 1, serverMode: 'honest', warrantPolicy: 'refuse-content', parties: [], rooms: [] } as const;
    expect(() => new World({ ...base, variant: 'no-ratchet', engine: 'shipped-2014' })).toThrow(/runs on the privacy-mode engine/);
    expect(() => new World({ ...base, variant: 'no-ratchet', engine: 'libsignal' })).toThrow(/runs only as itself/);
    expect(() => loadDeviceEngine('privacy-mode')).toThrow(RangeError);
    expect(() => engineInfo('nope')).toThrow(/no engine named nope/);
  });
});
