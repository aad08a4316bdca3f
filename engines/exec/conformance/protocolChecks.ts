// The conformance kit's protocol checks (docs/engine-protocol.md "Handshake", "Errors"): the
// handshake and version negotiation, and the error code for each kind of bad request, after each of
// which the engine must keep serving.
import type { Capabilities } from '../../contract.ts';
import { PROTOCOL_VERSION, RPC_ERROR } from '../wire.ts';
import { expect, KIT_CLIENT, type Probe, seedOf } from './probe.ts';

export interface Handshaken {
  readonly name: string;
  readonly capabilities: Capabilities;
}

export interface ProtocolCheck {
  readonly name: string;
  readonly run: (p: Probe, got: { handshake?: Handshaken }) => void;
}

const CLIENT = KIT_CLIENT;

export const PROTOCOL_CHECKS: readonly ProtocolCheck[] = [
  {
    name: 'a request before initialize is refused with -32002',
    run: (p) => {
      p.expectError('device.identityKey', { device: 0 }, RPC_ERROR.NOT_INITIALIZED, 'not initialized');
    },
  },
  {
    name: 'initialize with no common version is refused with -32001 and the supported versions',
    run: (p) => {
      const e = p.expectError('initialize', { protocolVersions: [PROTOCOL_VERSION + 998], client: CLIENT }, RPC_ERROR.NO_COMMON_VERSION, 'no common protocol version');
      const supported = (e.data as { supported?: unknown } | undefined)?.supported;
      expect(
        Array.isArray(supported) && supported.includes(PROTOCOL_VERSION),
        `the -32001 error's data.supported is ${JSON.stringify(supported)}; expected a list of versions with ${PROTOCOL_VERSION}`,
      );
    },
  },
  {
    name: 'initialize answers version 1, a valid name and all five capabilities',
    run: (p, got) => {
      const r = p.call<{ protocolVersion: number; engine: { name: string }; capabilities: Capabilities }>('initialize', { protocolVersions: [PROTOCOL_VERSION], client: CLIENT });
      expect(r.protocolVersion === PROTOCOL_VERSION, `initialize chose version ${r.protocolVersion}; only ${PROTOCOL_VERSION} was offered`);
      got.handshake = { name: r.engine.name, capabilities: r.capabilities };
    },
  },
  {
    name: 'a line that is not JSON is answered with -32700 and id null',
    run: (p) => {
      p.expectErrorForLine('{"jsonrpc": "2.0", "id": 1, "method": ', null, RPC_ERROR.PARSE, 'parse error');
    },
  },
  {
    name: 'a request without a method is answered with -32600',
    run: (p) => {
      p.expectErrorForLine('{"jsonrpc":"2.0","id":900001}', 900_001, RPC_ERROR.INVALID_REQUEST, 'invalid request');
    },
  },
  {
    name: 'an unknown method is answered with -32601',
    run: (p) => {
      p.expectError('device.teleport', { device: 0 }, RPC_ERROR.METHOD_NOT_FOUND, 'method not found');
    },
  },
  {
    name: 'bad params are answered with -32602 (a seed of 3 bytes, a device number 0)',
    run: (p) => {
      p.expectError('engine.createDevice', { address: { user: 'x', device: 1 }, nowMs: 0, seed: 'AAAA' }, RPC_ERROR.INVALID_PARAMS, 'a seed must be 32 bytes');
      p.expectError('engine.createDevice', { address: { user: 'x', device: 0 }, nowMs: 0, seed: seedOf(0) }, RPC_ERROR.INVALID_PARAMS, 'a device number is at least 1');
    },
  },
  {
    name: 'an unknown device handle is answered with -32003',
    run: (p) => {
      p.expectError('device.exportState', { device: 987_654_321 }, RPC_ERROR.UNKNOWN_DEVICE, 'no such device');
    },
  },
  {
    name: 'methods of undeclared capabilities are answered with -32004',
    run: (p, got) => {
      const caps = got.handshake?.capabilities;
      if (caps === undefined) return;
      const d = p.call<{ device: number }>('engine.createDevice', { address: { user: 'capability-probe', device: 1 }, nowMs: 0, seed: seedOf(100) }).device;
      if (!caps.groups) p.expectError('group.distribution', { device: d, room: 'r' }, RPC_ERROR.CAPABILITY_NOT_DECLARED, 'groups not declared');
      if (!caps['safety-numbers'])
        p.expectError('device.safetyNumber', { device: d, peer: { user: 'y', device: 1 }, identityKey: 'AAAA' }, RPC_ERROR.CAPABILITY_NOT_DECLARED, 'safety-numbers not declared');
      p.call('device.release', { device: d });
    },
  },
];
