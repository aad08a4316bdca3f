// The crypto providers by name (provider.ts): `noble`, the pure-TypeScript reference and default, and
// `native`, node:crypto with noble where Node 20 has no implementation. Both agree bit for bit
// (differential.test.ts), so a run may pick either by name without changing any output.
import { UsageError } from '../errors.ts';
import { nativeProvider } from './native.ts';
import { nobleProvider } from './noble.ts';
import type { CryptoProvider, ProviderName } from './provider.ts';

export type { CryptoProvider, ProviderName } from './provider.ts';

const PROVIDERS: { readonly [N in ProviderName]: CryptoProvider } = {
  noble: nobleProvider,
  native: nativeProvider,
};

/** Every provider name, reference first. */
export const PROVIDER_NAMES: readonly ProviderName[] = ['noble', 'native'];

/** The reference provider: what protocol code uses unless a run names another. */
export const defaultProvider: CryptoProvider = nobleProvider;

export function getProvider(name: ProviderName): CryptoProvider {
  const provider = (PROVIDERS as Partial<Record<string, CryptoProvider>>)[name];
  if (provider === undefined) throw new UsageError(`crypto provider: unknown name ${String(name)} (known: ${PROVIDER_NAMES.join(', ')})`);
  return provider;
}
