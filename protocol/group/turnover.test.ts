// The sender-key turnover on age (protocol/group/rekey.ts, SENDER_KEY_LIFETIME_MS): the healing step
// of a room after a theft (docs/properties.md SEC-PCS). A copy of a member's state taken before the
// turnover reads nothing sent after it; with flag senderKeyRotation off (weak variant
// static-sender-keys) it reads everything.
import { describe, expect, test } from 'vitest';
import { utf8 } from '../bytes.ts';
import { SENDER_KEY_LIFETIME_MS } from '../limits.ts';
import { protocolFlags } from '../variant.ts';
import { encryptGroupMessage } from './index.ts';
import { createdRoom, ctxOf, keyTrial, party, runStep, type World } from '../../test/kits/groupHarness.ts';
import { senderKeyDue, turnOverSenderKey } from './rekey.ts';

function room(variant: 'reference' | 'static-sender-keys'): World {
  return createdRoom('turnover', ['a', 'b', 'c'], protocolFlags(variant));
}

/** a sends, turning its chain over first when it is due (as a phone does before every group send). */
function sendAsPhone(world: World, text: string): Uint8Array {
  const a = party(world, 'a');
  const turned = turnOverSenderKey(ctxOf(world, a), a.state!);
  if (turned !== undefined) runStep(world, a, turned);
  const sent = encryptGroupMessage(ctxOf(world, a), a.state!, utf8(text));
  a.state = sent.state;
  return sent.message;
}

describe('sender-key turnover on age', () => {
  test('a chain is due exactly when it is SENDER_KEY_LIFETIME_MS old', () => {
    const world = room('reference');
    const a = party(world, 'a');
    expect(a.state!.ownChain.createdAtMs).toBe(0);
    world.nowMs = SENDER_KEY_LIFETIME_MS - 1;
    expect(senderKeyDue(ctxOf(world, a), a.state!)).toBe(false);
    expect(turnOverSenderKey(ctxOf(world, a), a.state!)).toBeUndefined();
    world.nowMs = SENDER_KEY_LIFETIME_MS;
    expect(senderKeyDue(ctxOf(world, a), a.state!)).toBe(true);
    const step = turnOverSenderKey(ctxOf(world, a), a.state!)!;
    expect(step.state!.ownChain.createdAtMs).toBe(SENDER_KEY_LIFETIME_MS);
    expect(step.state!.ownChain.chainId).not.toEqual(a.state!.ownChain.chainId);
    expect(step.outgoing.map((s) => s.to).sort()).toEqual(['b', 'c']);
  });

  test('a copy of a member taken before the turnover reads what came before it and nothing after', () => {
    const world = room('reference');
    const stolen = structuredClone(party(world, 'b').state!);
    const before = sendAsPhone(world, 'before');
    world.nowMs = SENDER_KEY_LIFETIME_MS + 1;
    const after = sendAsPhone(world, 'after');
    expect(keyTrial(world, party(world, 'b'), stolen, before)).toBe(true);
    expect(keyTrial(world, party(world, 'b'), stolen, after)).toBe(false);
    // The members that heard of the turnover read on.
    expect(keyTrial(world, party(world, 'c'), party(world, 'c').state!, after)).toBe(true);
  });

  test('static-sender-keys: the chain is never due, and the copy reads on', () => {
    const world = room('static-sender-keys');
    const stolen = structuredClone(party(world, 'b').state!);
    world.nowMs = 30 * SENDER_KEY_LIFETIME_MS;
    expect(senderKeyDue(ctxOf(world, party(world, 'a')), party(world, 'a').state!)).toBe(false);
    expect(keyTrial(world, party(world, 'b'), stolen, sendAsPhone(world, 'a month on'))).toBe(true);
  });
});
