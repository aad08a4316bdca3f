import { nativeProvider } from '../protocol/crypto/native.ts';
import { nobleProvider } from '../protocol/crypto/noble.ts';
import { establishedPair, receive, send } from './fixtures/sealroomPair.ts';
const which = process.argv[2] ?? 'oneway';
const provider = process.argv[3] === 'noble' ? nobleProvider : nativeProvider;
const { alice, bob } = establishedPair(provider, 'prof');
const p = new Uint8Array(1024);
const n = which === 'oneway' ? 20000 : 1500;
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  receive(bob, send(alice, p));
  if (which === 'pingpong') receive(alice, send(bob, p));
}
console.log(which, ((performance.now() - t0) / n * 1000).toFixed(1), 'µs per op');
