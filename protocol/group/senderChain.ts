// Sender-key chains (Signal "SenderKey" as deployed for groups): message seed = HMAC(ck, 0x01), next
// chain key = HMAC(ck, 0x02); the message key and nonce come from HKDF(seed). Receiving chains step
// forward at most MAX_GROUP_FORWARD_JUMP at once and keep at most MAX_GROUP_SKIPPED_KEYS skipped seeds,
// each for at most GROUP_SKIPPED_KEY_TTL_MS.
import type { CryptoProvider } from '../crypto/provider.ts';
import { utf8 } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';
import { GROUP_SKIPPED_KEY_TTL_MS, MAX_GROUP_FORWARD_JUMP, MAX_GROUP_SKIPPED_KEYS } from '../limits.ts';
import { SENDER_CHAIN_ID_BYTES, SENDER_CHAIN_KEY_BYTES } from '../wire/groupPairwise.ts';
import type { OwnSenderChain, ReceivingChain, SkippedGroupKey } from '../wire/groupState.ts';
import type { GroupContext } from './context.ts';

const MESSAGE_SEED_BYTE = Uint8Array.of(0x01);
const NEXT_CHAIN_BYTE = Uint8Array.of(0x02);
const MESSAGE_KEYS_INFO = utf8('sealroom group message keys v1');
const AEAD_KEY_BYTES = 32;
const AEAD_NONCE_BYTES = 12;

export interface ChainStep {
  readonly seed: Uint8Array;
  readonly next: Uint8Array;
}

export function stepChain(provider: CryptoProvider, chainKey: Uint8Array): ChainStep {
  return { seed: provider.hmacSha256(chainKey, MESSAGE_SEED_BYTE), next: provider.hmacSha256(chainKey, NEXT_CHAIN_BYTE) };
}

export interface MessageKeys {
  readonly key: Uint8Array;
  readonly nonce: Uint8Array;
}

/** One seed encrypts one message, so the derived nonce never repeats under its key. */
export function messageKeys(provider: CryptoProvider, seed: Uint8Array): MessageKeys {
  const okm = provider.hkdfSha256(seed, new Uint8Array(0), MESSAGE_KEYS_INFO, AEAD_KEY_BYTES + AEAD_NONCE_BYTES);
  return { key: okm.slice(0, AEAD_KEY_BYTES), nonce: okm.slice(AEAD_KEY_BYTES) };
}

/** A fresh sender chain with a fresh signing key, all from ctx.rng, made at ctx.nowMs. */
export function newOwnChain(ctx: GroupContext): OwnSenderChain {
  const chainId = ctx.rng.bytes(SENDER_CHAIN_ID_BYTES);
  const chainKey = ctx.rng.bytes(SENDER_CHAIN_KEY_BYTES);
  const signingSeed = ctx.rng.bytes(32);
  return { chainId, chainKey, index: 0, signingSeed, signingPublic: ctx.provider.ed25519PublicKey(signingSeed), createdAtMs: ctx.nowMs };
}

export interface ChainAdvance {
  readonly chain: ReceivingChain;
  readonly seed: Uint8Array;
}

/** A clock that went backwards expires nothing. */
export function isGroupSkippedKeyExpired(key: SkippedGroupKey, nowMs: number): boolean {
  return nowMs - key.storedAtMs > GROUP_SKIPPED_KEY_TTL_MS;
}

/**
 * The seed for message `index` and the chain without it (the input chain is untouched; seeds that
 * leave it are the caller's to wipe, device/groupStore.ts spentGroupSecrets). TOO_FAR_IN_FUTURE
 * beyond the jump bound; DUPLICATE_MESSAGE for an index already used or evicted; MESSAGE_EXPIRED
 * for a skipped key past GROUP_SKIPPED_KEY_TTL_MS. Expired skipped keys leave the chain on every step.
 */
export function advanceReceivingChain(provider: CryptoProvider, chain: ReceivingChain, index: number, nowMs: number): ChainAdvance {
  if (index < chain.index) {
    const hit = chain.skipped.find((k) => k.index === index);
    if (hit === undefined) throw new ProtocolError('DUPLICATE_MESSAGE', `group message ${index}: key already used or evicted`);
    if (isGroupSkippedKeyExpired(hit, nowMs)) throw new ProtocolError('MESSAGE_EXPIRED', `group message ${index}: its skipped key expired`);
    return { chain: { ...chain, skipped: chain.skipped.filter((k) => k !== hit && !isGroupSkippedKeyExpired(k, nowMs)) }, seed: hit.seed };
  }
  if (index - chain.index > MAX_GROUP_FORWARD_JUMP) {
    throw new ProtocolError('TOO_FAR_IN_FUTURE', `group message ${index}: jump of ${index - chain.index} exceeds MAX_GROUP_FORWARD_JUMP`);
  }
  const fresh: SkippedGroupKey[] = [];
  let ck = chain.chainKey;
  for (let i = chain.index; i < index; i++) {
    const step = stepChain(provider, ck);
    fresh.push({ index: i, seed: step.seed, storedAtMs: nowMs });
    ck = step.next;
  }
  const step = stepChain(provider, ck);
  const all = [...chain.skipped.filter((k) => !isGroupSkippedKeyExpired(k, nowMs)), ...fresh];
  // Oldest skipped seeds go first: a message that late is given up (its key leaves the state, SEC-FS).
  const skipped = all.length > MAX_GROUP_SKIPPED_KEYS ? all.slice(all.length - MAX_GROUP_SKIPPED_KEYS) : all;
  return { chain: { ...chain, chainKey: step.next, index: index + 1, skipped }, seed: step.seed };
}

/** The chain a receiver gets in a SenderKeyDistribution: key for message `index`, nothing earlier. */
export function receivingFromDistribution(d: { chainId: Uint8Array; chainKey: Uint8Array; index: number; signingPublic: Uint8Array }): ReceivingChain {
  if (d.chainKey.length !== SENDER_CHAIN_KEY_BYTES) throw new ProtocolError('WIRE_BAD_VALUE', 'sender key: chain key length');
  return { chainId: d.chainId, chainKey: d.chainKey, index: d.index, signingPublic: d.signingPublic, skipped: [] };
}

/** The chain without its expired skipped keys (the same object when none expired). */
export function withoutExpiredGroupKeys(chain: ReceivingChain, nowMs: number): ReceivingChain {
  if (!chain.skipped.some((k) => isGroupSkippedKeyExpired(k, nowMs))) return chain;
  return { ...chain, skipped: chain.skipped.filter((k) => !isGroupSkippedKeyExpired(k, nowMs)) };
}
