import { x25519, ed25519 } from '@noble/curves/ed25519.js';
import * as PR from '@privacyresearch/libsignal-protocol-typescript';
import { nobleProvider } from '../protocol/crypto/noble.ts';
import { nativeProvider } from '../protocol/crypto/native.ts';
function t(name: string, n: number, f: () => unknown) { for (let i=0;i<n/5;i++) f(); const t0=performance.now(); for (let i=0;i<n;i++) f(); console.log(name.padEnd(40), ((performance.now()-t0)/n*1000).toFixed(1),'µs'); }
const sk = new Uint8Array(32).fill(7); const pk = x25519.getPublicKey(new Uint8Array(32).fill(9));
import * as C from '@privacyresearch/curve25519-typescript';
const curve = await (C as any).Curve25519Wrapper.create();
const pkBuf = new Uint8Array([5, ...pk]).buffer; const skBuf = sk.slice().buffer;
for (let r = 0; r < 2; r++) {
t('noble x25519 DH', 300, () => x25519.getSharedSecret(sk, pk));
t('noble x25519 keygen', 300, () => x25519.getPublicKey(sk));
t('privacyresearch curve DH', 300, () => curve.sharedSecret(pk.slice().buffer, skBuf));
t('native provider x25519', 300, () => nativeProvider.x25519(sk, pk));
t('native hkdf 80', 2000, () => nativeProvider.hkdfSha256(sk, pk, pk, 80));
t('noble hkdf 80', 2000, () => nobleProvider.hkdfSha256(sk, pk, pk, 80));
t('native hmac', 2000, () => nativeProvider.hmacSha256(sk, pk));
}
