import { nativeProvider as n } from './protocol/crypto/native.ts';
import { nobleProvider as b } from './protocol/crypto/noble.ts';
import { createPrivateKey, createPublicKey, diffieHellman } from 'node:crypto';
const sk = new Uint8Array(32).fill(3); const pk = b.x25519PublicKey(new Uint8Array(32).fill(4));
for (const [name, f] of [['native x25519', () => n.x25519(sk, pk)], ['noble x25519', () => b.x25519(sk, pk)], ['native pub', () => n.x25519PublicKey(sk)],
  ['import priv', () => createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), sk]), format: 'der', type: 'pkcs8' })]] as const) {
  const t0 = process.hrtime.bigint(); for (let i = 0; i < 500; i++) (f as () => unknown)(); console.log(name, Number(process.hrtime.bigint() - t0) / 500 / 1000, 'us');
}
