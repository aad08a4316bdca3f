// The engine protocol's serving side (docs/engine-protocol.md): any in-process device engine answered
// line by line, with the document's error codes. serve.ts runs it on standard input and output; it is
// how the reference protocol is judged out of process. A named fault turns one rule off, to give the
// conformance kit a deliberately broken engine to catch.
import type { DeviceEngine, EngineDevice, Opened, PeerAddress } from '../contract.ts';
import { paramsProblem } from './schema.ts';
import { addressToWire, b64, ciphertextFromWire, ciphertextToWire, isMethod, PROTOCOL_VERSION, RPC_ERROR, unb64, type Method, type WireCiphertext } from './wire.ts';

/** Faults a served engine can be told to have, each breaking one rule of the protocol. */
export const SERVER_FAULTS = {
  'refusal-as-error': 'answers a refused decrypt with an internal error instead of a refusal',
  'unstable-export': 'device.exportState appends a counter, so two exports differ',
  'import-forgets': 'engine.importDevice makes a new device instead of restoring the state',
  'wrong-error-codes': 'answers an unknown method with -32603 instead of -32601',
  'hangs-after-handshake': 'answers initialize, then never answers again',
  'export-is-a-reference': 'device.exportState answers a reference to the live device, not its state',
  'trial-denies': 'engine.openWith never opens anything',
} as const;

export type ServerFault = keyof typeof SERVER_FAULTS;

/** What the fault export-is-a-reference exports instead of a state. */
const REFERENCE_PREFIX = 'live-device:';

class RpcFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
    /** The id of a request that was invalid but had one (JSON-RPC 2.0 §5: answer with it). */
    readonly id: number | string | null = null,
  ) {
    super(message);
  }
}

/** Every field a method's params may have; each method reads only those its schema requires. */
interface Params {
  readonly device: number;
  readonly address: PeerAddress;
  readonly peer: PeerAddress;
  readonly from: PeerAddress;
  readonly nowMs: number;
  readonly seed: string;
  readonly state: string;
  readonly ciphertext: WireCiphertext;
  readonly refresh: boolean;
  readonly bundle: { readonly base: string; readonly oneTime?: { readonly id: number; readonly bytes: string } };
  readonly plaintext: string;
  readonly identityKey: string;
  readonly room: string;
  readonly distribution: string;
  readonly message: string;
}

interface Request {
  readonly id: number | string | null;
  readonly method: string;
  readonly params: unknown;
}

const wireOpened = (o: Opened) => (o.ok ? { ok: true, plaintext: b64(o.plaintext) } : { ok: false, refusal: o.code });

export class EngineServer {
  private initialized = false;
  private readonly devices = new Map<number, EngineDevice>();
  private nextHandle = 0;
  private exports = 0;

  constructor(
    private readonly engine: DeviceEngine,
    private readonly version: string,
    private readonly fault?: ServerFault,
  ) {}

  /** The response line to one request line, or undefined for a notification (a request without an id). */
  handle(line: string): string | undefined {
    let request: Request;
    try {
      request = this.parse(line);
    } catch (e) {
      return this.error(e instanceof RpcFailure ? e.id : null, e);
    }
    if (this.fault === 'hangs-after-handshake' && this.initialized) return undefined;
    try {
      const result = this.dispatch(request);
      return request.id === null ? undefined : JSON.stringify({ jsonrpc: '2.0', id: request.id, result });
    } catch (e) {
      return this.error(request.id, e);
    }
  }

  private error(id: number | string | null, e: unknown): string {
    const failure = e instanceof RpcFailure ? e : new RpcFailure(RPC_ERROR.INTERNAL, `the engine failed: ${e instanceof Error ? e.message : String(e)}`);
    return JSON.stringify({ jsonrpc: '2.0', id, error: { code: failure.code, message: failure.message, ...(failure.data === undefined ? {} : { data: failure.data }) } });
  }

  private parse(line: string): Request {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new RpcFailure(RPC_ERROR.PARSE, 'parse error: the line is not JSON');
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RpcFailure(RPC_ERROR.INVALID_REQUEST, 'invalid request: not a JSON object');
    const r = value as Record<string, unknown>;
    const id = r['id'];
    if (id !== undefined && id !== null && typeof id !== 'number' && typeof id !== 'string') throw new RpcFailure(RPC_ERROR.INVALID_REQUEST, 'invalid request: id must be a number or a string');
    const known = (id ?? null) as number | string | null;
    if (r['jsonrpc'] !== '2.0') throw new RpcFailure(RPC_ERROR.INVALID_REQUEST, `invalid request: jsonrpc must be "2.0", found ${JSON.stringify(r['jsonrpc'])}`, undefined, known);
    if (typeof r['method'] !== 'string') throw new RpcFailure(RPC_ERROR.INVALID_REQUEST, 'invalid request: method must be a string', undefined, known);
    return { id: known, method: r['method'], params: r['params'] };
  }

  private device(params: { device: number }): EngineDevice {
    const d = this.devices.get(params.device);
    if (d === undefined) throw new RpcFailure(RPC_ERROR.UNKNOWN_DEVICE, `unknown device handle ${params.device}`);
    return d;
  }

  private keep(d: EngineDevice): number {
    const h = this.nextHandle++;
    this.devices.set(h, d);
    return h;
  }

  private dispatch(r: Request): unknown {
    if (!isMethod(r.method)) throw new RpcFailure(this.fault === 'wrong-error-codes' ? RPC_ERROR.INTERNAL : RPC_ERROR.METHOD_NOT_FOUND, `method not found: ${r.method}`);
    const method: Method = r.method;
    const problem = paramsProblem(method, r.params ?? (method === 'shutdown' ? null : undefined));
    if (problem !== undefined) throw new RpcFailure(RPC_ERROR.INVALID_PARAMS, `invalid params: ${problem}`);
    if (method === 'initialize') return this.initialize(r.params as { protocolVersions: number[] });
    if (!this.initialized) throw new RpcFailure(RPC_ERROR.NOT_INITIALIZED, `not initialized: ${method} before initialize`);
    const caps = this.engine.info.capabilities;
    if ((method.startsWith('group.') && !caps.groups) || (method === 'device.safetyNumber' && !caps['safety-numbers'])) {
      throw new RpcFailure(RPC_ERROR.CAPABILITY_NOT_DECLARED, `capability not declared: ${method}`);
    }
    // The params were checked against the method's schema above: the fields each method reads are there.
    return this.call(method, r.params as Params);
  }

  private initialize(p: { protocolVersions: number[] }): unknown {
    if (!p.protocolVersions.includes(PROTOCOL_VERSION))
      throw new RpcFailure(RPC_ERROR.NO_COMMON_VERSION, `no common protocol version: offered ${p.protocolVersions.join(', ')}`, { supported: [PROTOCOL_VERSION] });
    this.initialized = true;
    const info = this.engine.info;
    return {
      protocolVersion: PROTOCOL_VERSION,
      engine: { name: info.name, version: this.version, summary: info.summary, ...(info.provenance === undefined ? {} : { provenance: info.provenance }) },
      capabilities: { ...info.capabilities },
    };
  }

  private call(method: Exclude<Method, 'initialize'>, p: Params): unknown {
    switch (method) {
      case 'engine.createDevice': {
        const d = this.engine.createDevice(p.address, p.nowMs, unb64(p.seed));
        return { device: this.keep(d), identityKey: b64(d.identityKey()) };
      }
      case 'engine.importDevice': {
        const d =
          this.referenced(p.state) ??
          (this.fault === 'import-forgets'
            ? this.engine.createDevice(this.engine.importDevice(unb64(p.state), unb64(p.seed)).address, 0, unb64(p.seed))
            : this.engine.importDevice(unb64(p.state), unb64(p.seed)));
        return { device: this.keep(d), address: addressToWire(d.address), identityKey: b64(d.identityKey()) };
      }
      case 'engine.openWith': {
        const state = this.referenced(p.state)?.exportState() ?? unb64(p.state);
        const opened = this.fault === 'trial-denies' ? undefined : this.engine.openWith(state, p.from, ciphertextFromWire(p.ciphertext), p.nowMs);
        return { plaintext: opened === undefined ? null : b64(opened) };
      }
      case 'device.identityKey':
        return { identityKey: b64(this.device(p).identityKey()) };
      case 'device.bundle': {
        const b = this.device(p).bundle({ refresh: p.refresh, nowMs: p.nowMs });
        return { base: b64(b.base), oneTime: b.oneTime.map((k) => ({ id: k.id, bytes: b64(k.bytes) })) };
      }
      case 'device.startSession': {
        const served = p.bundle;
        const s = this.device(p).startSession(
          p.peer,
          { base: unb64(served.base), ...(served.oneTime === undefined ? {} : { oneTime: { id: served.oneTime.id, bytes: unb64(served.oneTime.bytes) } }) },
          p.nowMs,
        );
        return s.ok ? { ok: true } : { ok: false, refusal: s.code, ...(s.identityKey === undefined ? {} : { identityKey: b64(s.identityKey) }) };
      }
      case 'device.hasSession':
        return { hasSession: this.device(p).hasSession(p.peer) };
      case 'device.encrypt':
        return { ciphertext: ciphertextToWire(this.device(p).encrypt(p.peer, unb64(p.plaintext), p.nowMs)) };
      case 'device.decrypt': {
        const o = this.device(p).decrypt(p.peer, ciphertextFromWire(p.ciphertext), p.nowMs);
        if (!o.ok && this.fault === 'refusal-as-error') throw new Error(`decrypt failed: ${o.code}`);
        return wireOpened(o);
      }
      case 'device.peerIdentity': {
        const k = this.device(p).peerIdentity(p.peer);
        return { identityKey: k === undefined ? null : b64(k) };
      }
      case 'device.trustIdentity':
        this.device(p).trustIdentity(p.peer, unb64(p.identityKey));
        return {};
      case 'device.exportState': {
        if (this.fault === 'export-is-a-reference') return { state: b64(new TextEncoder().encode(`${REFERENCE_PREFIX}${this.live(p.device)}`)) };
        const state = this.device(p).exportState();
        return { state: b64(this.fault === 'unstable-export' ? Uint8Array.of(...state, this.exports++ & 0xff) : state) };
      }
      case 'device.release':
        this.device(p).release();
        this.devices.delete(p.device);
        return {};
      case 'device.safetyNumber':
        return { safetyNumber: this.groupsOrSafety(p).safetyNumber(p.peer, unb64(p.identityKey)) };
      case 'group.distribution':
        return { distribution: b64(this.groupsOf(p).distribution(p.room)) };
      case 'group.join':
        return wireOpened(this.groupsOf(p).join(p.room, p.from, unb64(p.distribution)));
      case 'group.send':
        return { ciphertext: b64(this.groupsOf(p).send(p.room, unb64(p.plaintext))) };
      case 'group.receive':
        return wireOpened(this.groupsOf(p).receive(p.room, p.from, unb64(p.message)));
      case 'group.rekey':
        this.groupsOf(p).rekey(p.room);
        return {};
      case 'shutdown':
        return {};
    }
  }

  /** Under the fault export-is-a-reference, the live device an exported "state" names. */
  private referenced(state: string): EngineDevice | undefined {
    if (this.fault !== 'export-is-a-reference') return undefined;
    const text = new TextDecoder().decode(unb64(state));
    return text.startsWith(REFERENCE_PREFIX) ? this.devices.get(Number(text.slice(REFERENCE_PREFIX.length))) : undefined;
  }

  /** A known device handle (export-is-a-reference names it). */
  private live(handle: number): number {
    this.device({ device: handle });
    return handle;
  }

  private groupsOrSafety(p: { device: number }): { safetyNumber: NonNullable<EngineDevice['safetyNumber']> } {
    const s = this.device(p).safetyNumber;
    if (s === undefined) throw new RpcFailure(RPC_ERROR.CAPABILITY_NOT_DECLARED, 'capability not declared: device.safetyNumber');
    return { safetyNumber: s };
  }

  private groupsOf(p: { device: number }): NonNullable<EngineDevice['groups']> {
    const g = this.device(p).groups;
    if (g === undefined) throw new RpcFailure(RPC_ERROR.CAPABILITY_NOT_DECLARED, 'capability not declared: group methods');
    return g;
  }
}
