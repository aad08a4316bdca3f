// Placeholder until the shipped-2014 oracle lands (the world refuses to build shipped phones until then).
import { UsageError } from '../../../protocol/errors.ts';
import type { CryptoProvider } from '../../../protocol/crypto/provider.ts';
import type { Drbg } from '../../../protocol/random/drbg.ts';
import type { ProtocolFlags } from '../../../protocol/variant.ts';
import type { PhoneOracle } from '../../../sim/world/phone.ts';

export function shipped2014Oracle(_provider: CryptoProvider, _rng: Drbg, _flags: ProtocolFlags): PhoneOracle {
  throw new UsageError('the shipped-2014 oracle is not written yet');
}
