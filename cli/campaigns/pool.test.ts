// --jobs gives the serial results: the same campaigns through worker threads and in this thread are
// equal value for value (counterexamples, coverage and all), in the order asked for, and a campaign
// that throws in a worker throws the same class here.
import { describe, expect, test } from 'vitest';
import { EngineFault } from '../../engines/fault.ts';
import { runCampaign, type CampaignOptions } from '../../properties/campaignRun.ts';
import { runCampaigns } from './pool.ts';

const campaign = (property: string, runs: number, variant: CampaignOptions['variant'] = 'reference'): CampaignOptions => ({
  property: property as CampaignOptions['property'],
  variant,
  seed: 1,
  runs,
  coverageGate: false,
});

describe('campaign pool', () => {
  test('two jobs give the results of one, in the order asked for', async () => {
    // A failing campaign (with its shrunk counterexample) and a passing one.
    const tasks = [campaign('SEC-INTEGRITY', 3, 'no-setup-replay-check'), campaign('SEC-MITM', 1)].map((options) => ({ options }));
    const serial = await runCampaigns(tasks, 1, runCampaign);
    const parallel = await runCampaigns(tasks, 2, runCampaign);
    expect(serial.map((r) => [r.property, r.status])).toEqual([
      ['SEC-INTEGRITY', 'fail'],
      ['SEC-MITM', 'pass'],
    ]);
    expect(parallel).toEqual(serial);
  }, 120_000);

  test('an error in a worker is thrown here as the serial path throws it', async () => {
    const bad = { options: { ...campaign('SEC-MITM', 1), runs: 0 } };
    await expect(runCampaigns([bad, { options: campaign('SEC-MITM', 1) }], 2, runCampaign)).rejects.toThrow(/runs must be a positive integer/);
    const fault = new EngineFault('x', 'hung', 'no answer');
    await expect(
      runCampaigns([{ options: campaign('SEC-MITM', 1) }], 1, () => {
        throw fault;
      }),
    ).rejects.toBe(fault);
  }, 120_000);
});
