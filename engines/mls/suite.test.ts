// The seeded @noble suite against ts-mls's own WebCrypto provider (@hpke/core for HPKE): each side opens
// what the other seals, exports agree, signatures verify both ways, and a room with one member on each
// suite works end to end. A mistake in the hand-written HPKE would pass every test of the engine against
// itself; these would not.
import { defaultCryptoProvider, getCiphersuiteFromName, getCiphersuiteImpl, type CiphersuiteImpl } from 'ts-mls';
import { beforeAll, describe, expect, test } from 'vitest';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { add, confirm, createDevice, createRoom, join, keyPackage, processCommit, receive, send, update } from './device.ts';
import { DEFAULT_RETENTION } from './state.ts';
import { SUITE_NAME, seededSuite } from './suite.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

let web: CiphersuiteImpl;
const noble = seededSuite(createDrbg('suite test'));
beforeAll(async () => {
  web = await getCiphersuiteImpl(getCiphersuiteFromName(SUITE_NAME), defaultCryptoProvider);
});

describe('seeded suite', () => {
  test('HPKE seal and open interoperate with @hpke/core in both directions', async () => {
    const info = enc('info');
    const aad = enc('aad');
    for (const [sender, receiver] of [
      [noble, web],
      [web, noble],
    ] as const) {
      const kp = await receiver.hpke.generateKeyPair();
      const pub = await sender.hpke.importPublicKey(await receiver.hpke.exportPublicKey(kp.publicKey));
      const sealed = await sender.hpke.seal(pub, enc('across suites'), info, aad);
      expect(dec(await receiver.hpke.open(kp.privateKey, sealed.enc, sealed.ct, info, aad))).toBe('across suites');
      await expect(receiver.hpke.open(kp.privateKey, sealed.enc, sealed.ct, enc('other info'), aad)).rejects.toThrow();
      const exported = await sender.hpke.exportSecret(pub, enc('ctx'), 32, info);
      expect(await receiver.hpke.importSecret(kp.privateKey, enc('ctx'), exported.enc, 32, info)).toEqual(exported.secret);
    }
  });

  test('DeriveKeyPair, Ed25519 and HKDF agree with the WebCrypto provider', async () => {
    const ikm = new Uint8Array(32).fill(7);
    const a = await noble.hpke.deriveKeyPair(ikm);
    const b = await web.hpke.deriveKeyPair(ikm);
    expect(await noble.hpke.exportPublicKey(a.publicKey)).toEqual(await web.hpke.exportPublicKey(b.publicKey));
    const keys = await noble.signature.keygen();
    const sig = await noble.signature.sign(keys.signKey, enc('signed'));
    expect(await web.signature.verify(keys.publicKey, enc('signed'), sig)).toBe(true);
    expect(await noble.signature.verify(keys.publicKey, enc('other'), sig)).toBe(false);
    const salt = new Uint8Array(32).fill(9); // @hpke/core takes salts of the hash's length only
    const prk = await noble.kdf.extract(salt, enc('ikm'));
    expect(prk).toEqual(await web.kdf.extract(salt, enc('ikm')));
    expect(await noble.kdf.expand(prk, enc('info'), 42)).toEqual(await web.kdf.expand(prk, enc('info'), 42));
  });

  test('a room with one member on each suite: add, messages both ways, updates both ways', async () => {
    const alice = await createDevice({ user: 'alice', device: 1 }, new Uint8Array(32).fill(1), DEFAULT_RETENTION);
    const bob = await createDevice({ user: 'bob', device: 1 }, new Uint8Array(32).fill(2), DEFAULT_RETENTION);
    bob.suite = web;
    await createRoom(alice, 'r');
    const kp = await keyPackage(bob);
    const added = await add(alice, 'r', [{ peer: bob.address, keyPackage: kp.bytes }]);
    if (!added.ok || added.welcome === undefined) throw new Error(JSON.stringify(added));
    expect((await confirm(alice, 'r', added.commit)).ok).toBe(true);
    expect(await join(bob, added.welcome)).toMatchObject({ ok: true, room: 'r', epoch: 1 });
    for (const [from, to] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      const m = await send(from, 'r', enc(`from ${from.address.user}`));
      if (!m.ok) throw new Error(m.detail);
      expect(await receive(to, 'r', m.message)).toMatchObject({ ok: true, sender: from.address });
      const u = await update(from, 'r');
      if (!u.ok) throw new Error(u.detail);
      expect((await confirm(from, 'r', u.commit)).ok).toBe(true);
      expect(await processCommit(to, 'r', u.commit)).toMatchObject({ ok: true, committer: from.address });
    }
  });
});
