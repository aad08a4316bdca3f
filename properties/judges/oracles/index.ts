// The oracle for the session engine a world's phones run (protocol/variant.ts ProtocolFlags.engine).
import { protocolFlags } from '../../../protocol/variant.ts';
import type { PhoneOracle } from '../../../sim/world/phone.ts';
import type { World } from '../../../sim/world/world.ts';
import { privacyModeOracle } from './privacyMode.ts';
import { shipped2014Oracle } from './shipped2014.ts';

export function oracleFor(world: World): PhoneOracle {
  const flags = protocolFlags(world.options.variant);
  const rng = world.engine.stream('judge:oracle');
  return flags.engine === 'privacy-mode' ? privacyModeOracle(world.provider, rng, flags) : shipped2014Oracle(world.provider, rng, flags);
}
