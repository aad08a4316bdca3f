// The adapter's commit policy, tested on devices directly (device.ts, no worker), with handshake
// messages made by ts-mls itself the way a server holding a GroupInfo, or a member running another
// client, could make them: an external commit, an external proposal, a commit with a proposal type the
// adapter does not allow, and a second leaf for an address already in the room.
import { createCommit, createGroupInfoWithExternalPubAndRatchetTree, encodeMlsMessage, generateKeyPackage, joinGroupExternal, proposeAddExternal, defaultLifetime, type ClientState } from 'ts-mls';
import { describe, expect, test } from 'vitest';
import { add, confirm, createDevice, createRoom, epochView, join, keyPackage, processCommit } from './device.ts';
import { identityOf } from './members.ts';
import { DEFAULT_RETENTION, type Device } from './state.ts';
import { SUITE_NAME } from './suite.ts';

const seed = (n: number) => new Uint8Array(32).fill(n);
const CAPS = { versions: ['mls10' as const], ciphersuites: [SUITE_NAME], extensions: [], proposals: [], credentials: ['basic' as const] };

async function pair(): Promise<{ alice: Device; bob: Device; stateOf: (d: Device) => ClientState }> {
  const alice = await createDevice({ user: 'alice', device: 1 }, seed(1), DEFAULT_RETENTION);
  const bob = await createDevice({ user: 'bob', device: 1 }, seed(2), DEFAULT_RETENTION);
  await createRoom(alice, 'r');
  const added = await add(alice, 'r', [{ peer: bob.address, keyPackage: (await keyPackage(bob)).bytes }]);
  if (!added.ok || added.welcome === undefined) throw new Error(JSON.stringify(added));
  await confirm(alice, 'r', added.commit);
  expect((await join(bob, added.welcome)).ok).toBe(true);
  const stateOf = (d: Device) => {
    const r = d.rooms.get('r');
    if (r === undefined) throw new Error('no room');
    return r.state;
  };
  return { alice, bob, stateOf };
}

/** A credential and key package made outside the adapter (the server's own). */
async function outsider(user: string, alice: Device) {
  return generateKeyPackage({ credentialType: 'basic', identity: identityOf({ user, device: 1 }) }, CAPS, defaultLifetime, [], alice.suite);
}

describe('mls adapter policy', () => {
  test('an external commit from a published GroupInfo is refused (the server cannot join itself)', async () => {
    const { alice, bob, stateOf } = await pair();
    const groupInfo = await createGroupInfoWithExternalPubAndRatchetTree(stateOf(alice), [], alice.suite);
    const mallory = await outsider('mallory', alice);
    const ext = await joinGroupExternal(groupInfo, mallory.publicPackage, mallory.privatePackage, false, alice.suite);
    const bytes = encodeMlsMessage({ version: 'mls10', wireformat: 'mls_public_message', publicMessage: ext.publicMessage });
    const before = epochView(bob, 'r');
    expect(await processCommit(bob, 'r', bytes)).toMatchObject({ ok: false, code: 'FORBIDDEN', detail: 'a commit by a new_member_commit sender' });
    expect(epochView(bob, 'r')).toEqual(before);
  });

  test('an external add proposal is refused', async () => {
    const { alice, bob, stateOf } = await pair();
    const groupInfo = await createGroupInfoWithExternalPubAndRatchetTree(stateOf(alice), [], alice.suite);
    const mallory = await outsider('mallory', alice);
    const proposal = await proposeAddExternal(groupInfo, mallory.publicPackage, mallory.privatePackage, alice.suite);
    expect(await processCommit(bob, 'r', encodeMlsMessage(proposal))).toMatchObject({ ok: false, code: 'FORBIDDEN', detail: expect.stringMatching(/standalone proposal/) });
  });

  test("a member's commit with a proposal type the adapter does not allow, or a second leaf for a present address, is refused", async () => {
    const { alice, bob, stateOf } = await pair();
    const gce = await createCommit({ state: stateOf(alice), cipherSuite: alice.suite }, { extraProposals: [{ proposalType: 'group_context_extensions', groupContextExtensions: { extensions: [] } }] });
    expect(await processCommit(bob, 'r', encodeMlsMessage(gce.commit))).toMatchObject({ ok: false, code: 'FORBIDDEN', detail: 'a group_context_extensions proposal' });
    // Another "bob" (a key the server made) added beside the real one: ts-mls allows it (a different key), the adapter does not.
    const fakeBob = await outsider('bob', alice);
    const dup = await createCommit({ state: stateOf(alice), cipherSuite: alice.suite }, { extraProposals: [{ proposalType: 'add', add: { keyPackage: fakeBob.publicPackage } }] });
    expect(await processCommit(bob, 'r', encodeMlsMessage(dup.commit))).toMatchObject({ ok: false, code: 'FORBIDDEN', detail: expect.stringMatching(/already a member/) });
    expect(epochView(bob, 'r')?.epoch).toBe(1);
  });
});
