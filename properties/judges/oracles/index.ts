// The oracle for the session engine a run's phones ran (protocol/variant.ts ProtocolFlags.engine).
import type { CryptoProvider } from '../../../protocol/crypto/provider.ts';
import type { Drbg } from '../../../protocol/random/drbg.ts';
import { protocolFlags, type VariantName } from '../../../protocol/variant.ts';
import type { PhoneOracle } from '../../../sim/world/phone.ts';
import { privacyModeOracle } from './privacyMode.ts';
import { shipped2014Oracle } from './shipped2014.ts';

export function oracleFor(variant: VariantName, provider: CryptoProvider, rng: Drbg): PhoneOracle {
  const flags = protocolFlags(variant);
  return flags.engine === 'privacy-mode' ? privacyModeOracle(provider, rng, flags) : shipped2014Oracle(provider, rng, flags);
}
