#!/usr/bin/env python3
"""python-static: a deliberately weak sealroom engine, in Python 3's standard library alone.

It speaks the engine protocol (docs/engine-protocol.md): JSON-RPC 2.0, one message per line, over
standard input and output.

The design, and its one deliberate weakness
-------------------------------------------
Every device has one static X25519 identity key pair for life. A session between two devices is
keyed once from the static-static Diffie-Hellman of their identity keys, bound to both addresses and
both identity keys, and those keys never change. So there is no forward secrecy (whoever takes a
device's state opens every message it ever sent or received) and no post-compromise security (a thief
keeps opening, and can keep sending, for ever). Everything else is meant to be sound, so that this is
the only thing a judge finds:

* each direction of a session has its own encryption and MAC keys;
* a message is encrypt-then-MAC: a keystream from HMAC-SHA256 in counter mode over a per-message
  nonce and counter, then an HMAC-SHA256 tag over the whole header and the ciphertext;
* every message carries a per-direction counter; the receiver remembers the counters it accepted and
  refuses a second copy (DUPLICATE_MESSAGE); a bad tag is INVALID_MESSAGE; a `message` from a peer
  with no session is NO_SESSION;
* identities are trusted on first use; a different identity for a known peer is refused
  (UNTRUSTED_IDENTITY) until the user acknowledges it (device.trustIdentity);
* every random byte of a device comes from an HMAC-SHA256 DRBG seeded by the seed sealroom gives it,
  so a run replays byte for byte.

Wire format of a ciphertext's bytes
-----------------------------------
    version   1 byte   0x01
    type      1 byte   0x01 setup, 0x02 message
    identity 32 bytes  (setup only) the sender's identity public key
    counter   8 bytes  big-endian, per direction, from 0
    nonce    16 bytes  from the sender's DRBG
    body      n bytes  plaintext XOR keystream
    tag      32 bytes  HMAC-SHA256(mac key, label | everything above)

A device sends `setup` (which carries its identity, so the peer can derive the session from nothing
but its own state) until it has accepted a message from the peer, and `message` after that: from then
on it knows the peer holds the session. startSession sets it back to sending setups.

Not constant-time: Python integers leak timing. This engine runs in a simulated world; it is a test
subject, not a library to protect real messages with.
"""

import base64
import binascii
import functools
import hashlib
import hmac
import json
import os
import re
import sys
import traceback

ENGINE_NAME = "python-static"
ENGINE_VERSION = "1.0.0"
PROTOCOL_VERSIONS = [1]
CAPABILITIES = {
    "groups": False,
    "post-quantum": False,
    "view-once-deletion": True,
    "safety-numbers": False,
    "deterministic-randomness": True,
}
SUMMARY = (
    "Deliberately weak: one static X25519 identity key per device for life; each session's keys come "
    "once from the static-static DH of the two identity keys (addresses bound) and never change, so "
    "there is no forward secrecy and no post-compromise security. Encrypt-then-MAC with HMAC-SHA256, "
    "per-direction counters, replay refusal, trust on first use."
)
PROVENANCE = "engines/python-static in the sealroom repository (MIT)"

MAX_SAFE_INTEGER = 2**53 - 1


# ---------------------------------------------------------------------------------------------------
# X25519 (RFC 7748 section 5), over Python integers.
# ---------------------------------------------------------------------------------------------------

FIELD_PRIME = 2**255 - 19
# (A - 2) / 4 for Curve25519's A = 486662: the constant the ladder's doubling step uses.
LADDER_A24 = 121665
BASE_POINT_U = (9).to_bytes(32, "little")


def _scalar_from_bytes(k):
    """A 32-byte private scalar as RFC 7748 uses it: little-endian, low 3 bits cleared, bit 255 cleared, bit 254 set."""
    if len(k) != 32:
        raise ValueError("an X25519 scalar is 32 bytes")
    b = bytearray(k)
    b[0] &= 0xF8
    b[31] &= 0x7F
    b[31] |= 0x40
    return int.from_bytes(bytes(b), "little")


def _u_from_bytes(u):
    """A 32-byte u-coordinate: little-endian with the most significant bit ignored, taken modulo p."""
    if len(u) != 32:
        raise ValueError("an X25519 u-coordinate is 32 bytes")
    b = bytearray(u)
    b[31] &= 0x7F
    return int.from_bytes(bytes(b), "little") % FIELD_PRIME


@functools.lru_cache(maxsize=4096)
def x25519(k, u):
    """
    X25519(k, u): the u-coordinate of k times the point with u-coordinate u, as 32 bytes. Remembered
    for recent arguments, since the key trial and imports ask for the same few again and again.
    """
    p = FIELD_PRIME
    scalar = _scalar_from_bytes(k)
    x1 = _u_from_bytes(u)
    # Projective (X:Z) coordinates of the ladder's two running points, R0 = n*P and R1 = (n+1)*P.
    x2, z2 = 1, 0
    x3, z3 = x1, 1
    swapped = 0
    for bit_index in range(254, -1, -1):
        bit = (scalar >> bit_index) & 1
        swapped ^= bit
        # Conditional swap by masking, as the RFC's cswap does (Python gives no timing guarantee).
        mask = -swapped
        t = mask & (x2 ^ x3)
        x2 ^= t
        x3 ^= t
        t = mask & (z2 ^ z3)
        z2 ^= t
        z3 ^= t
        swapped = bit
        # One differential addition (R1 = R0 + R1) and one doubling (R0 = 2 R0). Sums and
        # differences are left unreduced: only products are taken modulo p, and Python's % is never negative.
        a = x2 + z2
        b = x2 - z2
        aa = a * a % p
        bb = b * b % p
        e = aa - bb
        da = (x3 - z3) * a % p
        cb = (x3 + z3) * b % p
        x3 = (da + cb) ** 2 % p
        z3 = x1 * ((da - cb) ** 2 % p) % p
        x2 = aa * bb % p
        z2 = e * (aa + LADDER_A24 * e) % p
    mask = -swapped
    t = mask & (x2 ^ x3)
    x2 ^= t
    t = mask & (z2 ^ z3)
    z2 ^= t
    # Back to affine: x2 / z2, with the inverse by Fermat (z2^(p-2)); z2 = 0 gives 0.
    return ((x2 * pow(z2, p - 2, p)) % p).to_bytes(32, "little")


def x25519_public(private_key):
    return x25519(private_key, BASE_POINT_U)


def is_canonical_public_key(key):
    """32 bytes, top bit clear, value below p: the one encoding of each u this engine accepts from others."""
    return len(key) == 32 and key[31] & 0x80 == 0 and int.from_bytes(key, "little") < FIELD_PRIME


# ---------------------------------------------------------------------------------------------------
# HMAC-SHA256 helpers, the DRBG, and the session keys.
# ---------------------------------------------------------------------------------------------------


def _mac(key, data):
    return hmac.new(key, data, hashlib.sha256).digest()


def _framed(*parts):
    """Parts joined with a 4-byte length before each, so no two different lists encode alike."""
    return b"".join(len(p).to_bytes(4, "big") + p for p in parts)


def _address_bytes(address):
    user, device = address
    return _framed(user.encode("utf-8"), device.to_bytes(8, "big"))


class Drbg:
    """HMAC-SHA256 in counter mode, with its key replaced after every draw (a draw cannot be recomputed from a later key)."""

    def __init__(self, key):
        self.key = key  # None: a device that must draw nothing (the key trial's copy)

    @staticmethod
    def seeded(seed):
        return Drbg(_mac(b"sealroom python-static drbg seed", seed))

    def reseed(self, seed):
        self.key = _mac(self.key, b"reseed" + seed)

    def draw(self, n):
        if self.key is None:
            raise RuntimeError("this device copy may not draw randomness")
        out = bytearray()
        block = 0
        while len(out) < n:
            out += _mac(self.key, b"\x00" + block.to_bytes(4, "big"))
            block += 1
        self.key = _mac(self.key, b"\x01")
        return bytes(out[:n])


def derive_session_keys(own_address, own_private, own_public, peer_address, peer_public):
    """
    The session's keys, from the static-static DH and nothing else fresh: the weakness.
    Returns (send_enc, send_mac, receive_enc, receive_mac), or None when the DH is all zeros (a
    low-order peer key). Both addresses and both identity keys go into each direction's keys, so a
    message relabelled to another sender or delivered to another device does not authenticate.
    """
    shared = x25519(own_private, peer_public)
    if shared == bytes(32):
        return None
    prk = _mac(b"sealroom python-static v1 session", shared)

    def direction(from_address, from_key, to_address, to_key):
        info = _framed(b"direction", _address_bytes(from_address), from_key, _address_bytes(to_address), to_key)
        return _mac(prk, info + b"\x01"), _mac(prk, info + b"\x02")

    send_enc, send_mac = direction(own_address, own_public, peer_address, peer_public)
    recv_enc, recv_mac = direction(peer_address, peer_public, own_address, own_public)
    return send_enc, send_mac, recv_enc, recv_mac


def _keystream(enc_key, nonce, counter, n):
    out = bytearray()
    block = 0
    prefix = nonce + counter.to_bytes(8, "big")
    while len(out) < n:
        out += _mac(enc_key, prefix + block.to_bytes(4, "big"))
        block += 1
    return bytes(out[:n])


def _xor(a, b):
    return (int.from_bytes(a, "big") ^ int.from_bytes(b, "big")).to_bytes(len(a), "big") if a else b""


WIRE_VERSION = 1
TYPE_SETUP = 1
TYPE_MESSAGE = 2
NONCE_BYTES = 16
TAG_BYTES = 32
TAG_LABEL = b"sealroom python-static v1 message"
MAX_COUNTER = 2**64 - 1


def seal(kind, sender_identity, counter, nonce, enc_key, mac_key, plaintext):
    header = bytes([WIRE_VERSION, TYPE_SETUP if kind == "setup" else TYPE_MESSAGE])
    if kind == "setup":
        header += sender_identity
    header += counter.to_bytes(8, "big") + nonce
    body = _xor(plaintext, _keystream(enc_key, nonce, counter, len(plaintext)))
    return header + body + _mac(mac_key, TAG_LABEL + header + body)


def parse_wire(kind, data):
    """The parts of a ciphertext's bytes, or None when they are not a well-formed ciphertext of that kind."""
    want = TYPE_SETUP if kind == "setup" else TYPE_MESSAGE
    header_len = 2 + (32 if kind == "setup" else 0) + 8 + NONCE_BYTES
    if len(data) < header_len + TAG_BYTES or data[0] != WIRE_VERSION or data[1] != want:
        return None
    identity = data[2:34] if kind == "setup" else None
    at = 34 if kind == "setup" else 2
    counter = int.from_bytes(data[at : at + 8], "big")
    nonce = data[at + 8 : at + 8 + NONCE_BYTES]
    header = data[:header_len]
    body = data[header_len:-TAG_BYTES]
    tag = data[-TAG_BYTES:]
    return {"identity": identity, "counter": counter, "nonce": nonce, "header": header, "body": body, "tag": tag}


def open_parsed(parts, enc_key, mac_key):
    """The plaintext when the tag verifies under mac_key, else None."""
    expected = _mac(mac_key, TAG_LABEL + parts["header"] + parts["body"])
    if not hmac.compare_digest(expected, parts["tag"]):
        return None
    return _xor(parts["body"], _keystream(enc_key, parts["nonce"], parts["counter"], len(parts["body"])))


# ---------------------------------------------------------------------------------------------------
# Devices and their state.
# ---------------------------------------------------------------------------------------------------

BUNDLE_PREFIX = b"PSB1"
ONE_TIME_BATCH = 5
STATE_FORMAT = "sealroom/python-static/1"


def encode_bundle_base(identity_public, placeholder):
    # The identity key, and nothing signed: there is no signed prekey to sign, because the identity key
    # is the key. The 32-byte placeholder stands where a signed prekey would be, so that a refreshed
    # bundle is a new one as the contract asks; like the one-time prekeys it goes into no key.
    return BUNDLE_PREFIX + identity_public + placeholder


def decode_bundle_base(base):
    """The identity key a bundle's base carries, or None when the base is not one of this engine's."""
    if len(base) != len(BUNDLE_PREFIX) + 64 or not base.startswith(BUNDLE_PREFIX):
        return None
    key = base[len(BUNDLE_PREFIX) : len(BUNDLE_PREFIX) + 32]
    return key if is_canonical_public_key(key) else None


class Session:
    def __init__(self, peer_identity, keys, send_counter=0, confirmed=False, receive_floor=0, receive_seen=()):
        self.peer_identity = peer_identity
        self.send_enc, self.send_mac, self.recv_enc, self.recv_mac = keys
        self.send_counter = send_counter  # the next counter this device sends with
        self.confirmed = confirmed  # the peer is known to hold the session: send `message`, not `setup`
        self.receive_floor = receive_floor  # every counter below it was accepted
        self.receive_seen = set(receive_seen)  # counters at or above the floor that were accepted

    def seen(self, counter):
        return counter < self.receive_floor or counter in self.receive_seen

    def mark_seen(self, counter):
        self.receive_seen.add(counter)
        while self.receive_floor in self.receive_seen:
            self.receive_seen.discard(self.receive_floor)
            self.receive_floor += 1

    def to_json(self):
        return {
            "peerIdentityKey": b64(self.peer_identity),
            "sendKeys": {"enc": b64(self.send_enc), "mac": b64(self.send_mac)},
            "receiveKeys": {"enc": b64(self.recv_enc), "mac": b64(self.recv_mac)},
            "sendCounter": self.send_counter,
            "confirmed": self.confirmed,
            "receiveFloor": self.receive_floor,
            "receiveSeen": sorted(self.receive_seen),
        }


class StateError(Exception):
    pass


class Device:
    def __init__(self, address, private_key, drbg, placeholder, one_time, next_prekey_id, trusted, sessions):
        self.address = address  # (user, device)
        self.private_key = private_key
        self.public_key = x25519_public(private_key)
        self.drbg = drbg
        self.placeholder = placeholder  # the bundle's stand-in for a signed prekey, see encode_bundle_base()
        self.one_time = one_time  # [(id, bytes)]: placeholders, see bundle()
        self.next_prekey_id = next_prekey_id
        self.trusted = trusted  # {(user, device): identity key}
        self.sessions = sessions  # {(user, device): Session}

    @staticmethod
    def create(address, seed):
        drbg = Drbg.seeded(seed)
        d = Device(address, drbg.draw(32), drbg, None, [], 1, {}, {})
        d._new_prekeys()
        return d

    def _new_prekeys(self):
        # Placeholders, drawn new at creation and at each refresh: the bundle's stand-in for a signed
        # prekey, and one-time prekeys (ids and random bytes) so the server's directory has something
        # to hand out. They add nothing to any key (startSession ignores them), which is part of this
        # engine's weakness: not even a first message is protected by anything short-lived.
        self.placeholder = self.drbg.draw(32)
        batch = []
        for _ in range(ONE_TIME_BATCH):
            batch.append((self.next_prekey_id, self.drbg.draw(32)))
            self.next_prekey_id += 1
        self.one_time = batch

    # -- the contract ---------------------------------------------------------------------------

    def bundle(self, refresh):
        if refresh:
            self._new_prekeys()
        return {"base": b64(encode_bundle_base(self.public_key, self.placeholder)), "oneTime": [{"id": i, "bytes": b64(b)} for i, b in self.one_time]}

    def start_session(self, peer, base):
        peer_key = decode_bundle_base(base)
        if peer_key is None:
            return {"ok": False, "refusal": "INVALID_BUNDLE"}
        keys = derive_session_keys(self.address, self.private_key, self.public_key, peer, peer_key)
        if keys is None:
            return {"ok": False, "refusal": "INVALID_BUNDLE"}
        trusted = self.trusted.get(peer)
        if trusted is not None and trusted != peer_key:
            return {"ok": False, "refusal": "UNTRUSTED_IDENTITY", "identityKey": b64(peer_key)}
        self.trusted[peer] = peer_key
        existing = self.sessions.get(peer)
        if existing is not None and existing.peer_identity == peer_key:
            # The same two static keys give the same session: keep its counters and replay record
            # (a fresh counter would repeat ones the peer already accepted), and announce it again.
            existing.confirmed = False
        else:
            self.sessions[peer] = Session(peer_key, keys)
        return {"ok": True}

    def encrypt(self, peer, plaintext):
        s = self.sessions.get(peer)
        if s is None:
            raise RpcError(INVALID_PARAMS, f"params.peer: device {fmt_address(self.address)} has no session with {fmt_address(peer)} (device.startSession first)")
        if s.send_counter > MAX_COUNTER:
            raise RpcError(INVALID_PARAMS, f"params.peer: the session with {fmt_address(peer)} has used every counter")
        kind = "message" if s.confirmed else "setup"
        nonce = self.drbg.draw(NONCE_BYTES)
        data = seal(kind, self.public_key, s.send_counter, nonce, s.send_enc, s.send_mac, plaintext)
        s.send_counter += 1
        return {"kind": kind, "bytes": b64(data)}

    def decrypt(self, peer, kind, data):
        """Opened: a plaintext, or a refusal that left the device exactly as it was."""
        s = self.sessions.get(peer)
        if kind == "message" and s is None:
            return refused("NO_SESSION")
        parts = parse_wire(kind, data)
        if parts is None:
            return refused("INVALID_MESSAGE")
        fresh = None
        if kind == "message":
            enc, mac = s.recv_enc, s.recv_mac
        else:
            sender = parts["identity"]
            if not is_canonical_public_key(sender):
                return refused("INVALID_KEY")
            if s is not None and s.peer_identity == sender:
                enc, mac = s.recv_enc, s.recv_mac
            else:
                keys = derive_session_keys(self.address, self.private_key, self.public_key, peer, sender)
                if keys is None:
                    return refused("INVALID_KEY")
                enc, mac = keys[2], keys[3]
                fresh = Session(sender, keys)
        plaintext = open_parsed(parts, enc, mac)
        if plaintext is None:
            return refused("INVALID_MESSAGE")
        if fresh is not None:
            trusted = self.trusted.get(peer)
            if trusted is not None and trusted != fresh.peer_identity:
                return refused("UNTRUSTED_IDENTITY")
            target = fresh
        else:
            target = s
        if target.seen(parts["counter"]):
            return refused("DUPLICATE_MESSAGE")
        # Accepted: only now does anything change.
        if fresh is not None:
            self.trusted[peer] = fresh.peer_identity
            self.sessions[peer] = fresh
        target.mark_seen(parts["counter"])
        target.confirmed = True
        return {"ok": True, "plaintext": b64(plaintext)}

    def key_trial(self, sender, kind, data):
        """
        What this state's keys open, ignoring its replay record and its trust decisions: a thief with
        the state computes the keys whatever the device would accept. Messages this device sent are
        opened too (their sender is this device's own address). Changes nothing and draws nothing.
        """
        parts = parse_wire(kind, data)
        if parts is None:
            return None
        candidates = []  # (enc, mac) pairs to try
        if sender == self.address:
            if kind == "setup" and parts["identity"] != self.public_key:
                return None
            for peer in sorted(set(self.sessions) | set(self.trusted)):
                s = self.sessions.get(peer)
                if s is not None:
                    candidates.append((s.send_enc, s.send_mac))
                key = self.trusted.get(peer)
                if key is not None and (s is None or s.peer_identity != key):
                    keys = derive_session_keys(self.address, self.private_key, self.public_key, peer, key)
                    if keys is not None:
                        candidates.append((keys[0], keys[1]))
        else:
            s = self.sessions.get(sender)
            if kind == "setup":
                peer_key = parts["identity"]
            else:
                peer_key = s.peer_identity if s is not None else self.trusted.get(sender)
            if s is not None and s.peer_identity == peer_key:
                candidates.append((s.recv_enc, s.recv_mac))
            elif peer_key is not None and is_canonical_public_key(peer_key):
                keys = derive_session_keys(self.address, self.private_key, self.public_key, sender, peer_key)
                if keys is not None:
                    candidates.append((keys[2], keys[3]))
        for enc, mac in candidates:
            plaintext = open_parsed(parts, enc, mac)
            if plaintext is not None:
                return plaintext
        return None

    def peer_identity(self, peer):
        key = self.trusted.get(peer)
        return None if key is None else b64(key)

    def trust_identity(self, peer, key):
        self.trusted[peer] = key
        s = self.sessions.get(peer)
        if s is not None and s.peer_identity != key:
            # The session belonged to the identity the user just replaced.
            del self.sessions[peer]

    # -- the exported state ---------------------------------------------------------------------

    def export(self):
        peers = []
        for peer in sorted(set(self.trusted) | set(self.sessions)):
            s = self.sessions.get(peer)
            key = self.trusted.get(peer)
            peers.append(
                {
                    "address": {"user": peer[0], "device": peer[1]},
                    "trustedIdentityKey": None if key is None else b64(key),
                    "session": None if s is None else s.to_json(),
                }
            )
        state = {
            "format": STATE_FORMAT,
            "address": {"user": self.address[0], "device": self.address[1]},
            "identityPrivateKey": b64(self.private_key),
            "drbgKey": b64(self.drbg.key),
            "bundlePlaceholder": b64(self.placeholder),
            "oneTimePreKeys": [{"id": i, "bytes": b64(b)} for i, b in self.one_time],
            "nextPreKeyId": self.next_prekey_id,
            "peers": peers,
        }
        return json.dumps(state, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")

    @staticmethod
    def from_state(data):
        """The device a state describes (its DRBG exactly as exported); StateError when it is not one."""
        try:
            obj = json.loads(data.decode("utf-8"), parse_constant=_no_constants)
        except Exception as e:  # not UTF-8, not JSON, or nested too deep
            raise StateError(f"not JSON ({type(e).__name__})")
        r = _Reader(obj, "state")
        if r.field("format", str) != STATE_FORMAT:
            raise StateError(f"format is not {STATE_FORMAT!r}")
        address = r.address("address")
        private_key = r.key("identityPrivateKey")
        drbg = Drbg(r.key("drbgKey"))
        placeholder = r.key("bundlePlaceholder")
        one_time = []
        for i, item in enumerate(r.field("oneTimePreKeys", list)):
            p = _Reader(item, f"state.oneTimePreKeys[{i}]")
            one_time.append((p.int("id"), p.bytes("bytes")))
            p.done()
        next_prekey_id = r.int("nextPreKeyId")
        trusted, sessions = {}, {}
        for i, item in enumerate(r.field("peers", list)):
            p = _Reader(item, f"state.peers[{i}]")
            peer = p.address("address")
            if peer in trusted or peer in sessions:
                raise StateError(f"state.peers[{i}]: peer listed twice")
            key = p.optional_key("trustedIdentityKey")
            if key is not None:
                trusted[peer] = key
            raw = p.field("session", (dict, type(None)))
            if raw is not None:
                q = _Reader(raw, f"state.peers[{i}].session")
                send, recv = _Reader(q.field("sendKeys", dict), q.path + ".sendKeys"), _Reader(q.field("receiveKeys", dict), q.path + ".receiveKeys")
                keys = (send.key("enc"), send.key("mac"), recv.key("enc"), recv.key("mac"))
                send.done()
                recv.done()
                seen = q.field("receiveSeen", list)
                floor = q.int("receiveFloor")
                if any(isinstance(c, bool) or not isinstance(c, int) or c <= floor for c in seen):
                    raise StateError(f"{q.path}.receiveSeen: expected integers above receiveFloor")
                s = Session(q.key("peerIdentityKey"), keys, q.int("sendCounter"), q.field("confirmed", bool), floor, seen)
                q.done()
                if key is None or key != s.peer_identity:
                    raise StateError(f"state.peers[{i}]: a session for an identity the device does not trust")
                sessions[peer] = s
            p.done()
        r.done()
        return Device(address, private_key, drbg, placeholder, one_time, next_prekey_id, trusted, sessions)


def _no_constants(name):
    raise ValueError(f"{name} is not JSON")


class _Reader:
    """Reads one object of an exported state, each field checked."""

    def __init__(self, obj, path):
        if not isinstance(obj, dict):
            raise StateError(f"{path}: expected an object")
        self.obj, self.path, self.used = obj, path, set()

    def field(self, name, types):
        if name not in self.obj:
            raise StateError(f"{self.path}.{name}: missing")
        v = self.obj[name]
        if not isinstance(v, types) or (isinstance(v, bool) and types is int):
            raise StateError(f"{self.path}.{name}: wrong type")
        self.used.add(name)
        return v

    def int(self, name):
        v = self.field(name, int)
        if isinstance(v, bool) or v < 0:
            raise StateError(f"{self.path}.{name}: expected a non-negative integer")
        return v

    def bytes(self, name):
        v = self.field(name, str)
        try:
            return strict_b64decode(v)
        except ValueError:
            raise StateError(f"{self.path}.{name}: not base64")

    def key(self, name):
        v = self.bytes(name)
        if len(v) != 32:
            raise StateError(f"{self.path}.{name}: expected 32 bytes")
        return v

    def optional_key(self, name):
        if self.obj.get(name, 0) is None:
            self.used.add(name)
            return None
        return self.key(name)

    def address(self, name):
        a = _Reader(self.field(name, dict), f"{self.path}.{name}")
        user, device = a.field("user", str), a.int("device")
        a.done()
        if not 1 <= len(user) <= 256 or not 1 <= device <= MAX_SAFE_INTEGER:
            raise StateError(f"{self.path}.{name}: not an address")
        return (user, device)

    def done(self):
        extra = sorted(set(self.obj) - self.used)
        if extra:
            raise StateError(f"{self.path}.{extra[0]}: unexpected field")


def refused(code):
    return {"ok": False, "refusal": code}


def fmt_address(a):
    return f"{a[0]}.{a[1]}"


# ---------------------------------------------------------------------------------------------------
# JSON-RPC: errors, parameter checks, dispatch.
# ---------------------------------------------------------------------------------------------------

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
NO_COMMON_VERSION = -32001
NOT_INITIALIZED = -32002
UNKNOWN_DEVICE = -32003
CAPABILITY_NOT_DECLARED = -32004


class RpcError(Exception):
    def __init__(self, code, message, data=None):
        super().__init__(message)
        self.code, self.message, self.data = code, message, data


B64_PATTERN = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")


def b64(data):
    return base64.b64encode(data).decode("ascii")


def strict_b64decode(text):
    """RFC 4648 section 4 base64 with padding, nothing else (no whitespace, no URL alphabet)."""
    if not isinstance(text, str) or B64_PATTERN.fullmatch(text) is None:
        raise ValueError("not base64")
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error:
        raise ValueError("not base64")


MISSING = object()


def describe(value):
    if value is MISSING:
        return "nothing"
    try:
        text = json.dumps(value, ensure_ascii=False)
    except Exception:
        text = f"a {type(value).__name__}"
    return text if len(text) <= 60 else text[:57] + "..."


def bad(path, expected, value):
    raise RpcError(INVALID_PARAMS, f"{path}: expected {expected}, got {describe(value)}")


class Check:
    """One field's check: what it expects (for messages) and how to read it."""

    def __init__(self, expected, read):
        self.expected, self.read = expected, read

    def __call__(self, value, path):
        return self.read(value, path, self.expected)


def integer(lo, hi, expected):
    def read(v, path, exp):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            bad(path, exp, v)
        if isinstance(v, float):
            if not v.is_integer():
                bad(path, exp, v)
            v = int(v)
        if not lo <= v <= hi:
            bad(path, exp, v)
        return v

    return Check(expected, read)


def string(lo, hi):
    expected = f"a string of {lo} to {hi} characters"

    def read(v, path, exp):
        if not isinstance(v, str) or not lo <= len(v) <= hi:
            bad(path, exp, v)
        return v

    return Check(expected, read)


def _read_bool(v, path, exp):
    if not isinstance(v, bool):
        bad(path, exp, v)
    return v


def _read_bytes(v, path, exp):
    if not isinstance(v, str):
        bad(path, exp, v)
    try:
        return strict_b64decode(v)
    except ValueError:
        bad(path, exp, v)


def _read_seed(v, path, exp):
    data = _read_bytes(v, path, exp)
    if len(data) != 32:
        raise RpcError(INVALID_PARAMS, f"{path}: expected 32 bytes as base64, got {len(data)} bytes")
    return data


def obj(fields, path, value, expected="an object"):
    """Reads an object with exactly the given fields: {name: (check, required)}."""
    if not isinstance(value, dict):
        bad(path, expected, value)
    for name in value:
        if name not in fields:
            raise RpcError(INVALID_PARAMS, f"{path}.{name}: unexpected field")
    out = {}
    for name, (check, required) in fields.items():
        if name in value:
            out[name] = check(value[name], f"{path}.{name}")
        elif required:
            bad(f"{path}.{name}", check.expected, MISSING)
    return out


BOOL = Check("a boolean", _read_bool)
BYTES = Check("base64 bytes (RFC 4648, standard alphabet, with padding)", _read_bytes)
SEED = Check("32 bytes as base64", _read_seed)
HANDLE = integer(0, MAX_SAFE_INTEGER, "a device handle (an integer ≥ 0)")
NOW_MS = integer(0, MAX_SAFE_INTEGER, "a time in milliseconds (an integer ≥ 0)")
USER = string(1, 256)
ADDRESS_DEVICE = integer(1, MAX_SAFE_INTEGER, "an integer ≥ 1")
PREKEY_ID = integer(0, MAX_SAFE_INTEGER, "an integer ≥ 0")


def _read_address(v, path, exp):
    a = obj({"user": (USER, True), "device": (ADDRESS_DEVICE, True)}, path, v, exp)
    return (a["user"], a["device"])


def _read_kind(v, path, exp):
    if not isinstance(v, str) or v not in ("setup", "message"):
        bad(path, exp, v)
    return v


KIND = Check('"setup" or "message"', _read_kind)


def _read_ciphertext(v, path, exp):
    c = obj({"kind": (KIND, True), "bytes": (BYTES, True)}, path, v, exp)
    return (c["kind"], c["bytes"])


def _read_one_time(v, path, exp):
    return obj({"id": (PREKEY_ID, True), "bytes": (BYTES, True)}, path, v, exp)


def _read_bundle(v, path, exp):
    return obj({"base": (BYTES, True), "oneTime": (Check("a one-time prekey {id, bytes}", _read_one_time), False)}, path, v, exp)


ADDRESS = Check("an address {user, device}", _read_address)
CIPHERTEXT = Check('a ciphertext {kind: "setup" | "message", bytes}', _read_ciphertext)
BUNDLE = Check("a bundle {base, oneTime?}", _read_bundle)


def _read_versions(v, path, exp):
    if not isinstance(v, list) or not v:
        bad(path, exp, v)
    check = integer(1, MAX_SAFE_INTEGER, "a protocol version (an integer ≥ 1)")
    return [check(x, f"{path}[{i}]") for i, x in enumerate(v)]


def _read_client(v, path, exp):
    return obj({"name": (Check("a string", _read_str), True), "version": (Check("a string", _read_str), True)}, path, v, exp)


def _read_str(v, path, exp):
    if not isinstance(v, str):
        bad(path, exp, v)
    return v


PARAMS = {
    "initialize": {
        "protocolVersions": (Check("a non-empty array of protocol versions", _read_versions), True),
        "client": (Check("an object {name, version}", _read_client), True),
    },
    "engine.createDevice": {"address": (ADDRESS, True), "nowMs": (NOW_MS, True), "seed": (SEED, True)},
    "engine.importDevice": {"state": (BYTES, True), "seed": (SEED, True)},
    "engine.openWith": {"state": (BYTES, True), "from": (ADDRESS, True), "ciphertext": (CIPHERTEXT, True), "nowMs": (NOW_MS, True)},
    "device.identityKey": {"device": (HANDLE, True)},
    "device.bundle": {"device": (HANDLE, True), "refresh": (BOOL, True), "nowMs": (NOW_MS, True)},
    "device.startSession": {"device": (HANDLE, True), "peer": (ADDRESS, True), "bundle": (BUNDLE, True), "nowMs": (NOW_MS, True)},
    "device.hasSession": {"device": (HANDLE, True), "peer": (ADDRESS, True)},
    "device.encrypt": {"device": (HANDLE, True), "peer": (ADDRESS, True), "plaintext": (BYTES, True), "nowMs": (NOW_MS, True)},
    "device.decrypt": {"device": (HANDLE, True), "peer": (ADDRESS, True), "ciphertext": (CIPHERTEXT, True), "nowMs": (NOW_MS, True)},
    "device.peerIdentity": {"device": (HANDLE, True), "peer": (ADDRESS, True)},
    "device.trustIdentity": {"device": (HANDLE, True), "peer": (ADDRESS, True), "identityKey": (BYTES, True)},
    "device.exportState": {"device": (HANDLE, True)},
    "device.release": {"device": (HANDLE, True)},
    "shutdown": {},
}

# Methods of capabilities this engine does not declare: known to the protocol, answered -32004.
UNDECLARED = {"device.safetyNumber": "safety-numbers"} | {
    f"group.{m}": "groups" for m in ("distribution", "join", "send", "receive", "rekey")
}


class Engine:
    def __init__(self):
        self.initialized = False
        self.devices = {}
        self.next_handle = 1

    # -- one request ----------------------------------------------------------------------------

    def handle_line(self, line):
        """The response (a dict) to one line of input."""
        try:
            text = line.decode("utf-8")
            message = json.loads(text, parse_constant=_no_constants)
        except Exception as e:  # not UTF-8, not JSON, or nested too deep to read
            return error_response(None, PARSE_ERROR, f"parse error: the line is not JSON ({type(e).__name__}: {e})")
        request_id = None
        try:
            method, request_id, params = self.check_request(message)
            return {"jsonrpc": "2.0", "id": request_id, "result": self.call(method, params)}
        except RpcError as e:
            return error_response(getattr(e, "request_id", request_id), e.code, e.message, e.data)
        except Exception as e:  # a bug in this engine: say so, keep serving
            traceback.print_exc(file=sys.stderr)
            return error_response(request_id, INTERNAL_ERROR, f"internal error: {type(e).__name__}: {e}")

    def check_request(self, message):
        """(method, id, params) of a well-formed request; an invalid one raises -32600, answering its id when that much is readable."""
        if not isinstance(message, dict):
            raise RpcError(INVALID_REQUEST, f"invalid request: expected a JSON-RPC 2.0 request object, got {describe(message)}")
        raw_id = message.get("id", MISSING)
        ok_id = not isinstance(raw_id, bool) and isinstance(raw_id, int) and 1 <= raw_id <= MAX_SAFE_INTEGER
        request_id = raw_id if ok_id else None

        def invalid(what):
            e = RpcError(INVALID_REQUEST, f"invalid request: {what}")
            e.request_id = request_id
            raise e

        if message.get("jsonrpc") != "2.0":
            invalid(f'jsonrpc: expected "2.0", got {describe(message.get("jsonrpc", MISSING))}')
        if not ok_id:
            invalid(f"id: expected an integer ≥ 1, got {describe(raw_id)}")
        method = message.get("method", MISSING)
        if not isinstance(method, str):
            invalid(f"method: expected a string, got {describe(method)}")
        extra = sorted(set(message) - {"jsonrpc", "id", "method", "params"})
        if extra:
            invalid(f"{extra[0]}: unexpected member of a request")
        return method, request_id, message.get("params", MISSING)

    def call(self, method, params):
        if method != "initialize" and not self.initialized:
            raise RpcError(NOT_INITIALIZED, f"not initialized: {method} before initialize")
        if method in UNDECLARED:
            raise RpcError(CAPABILITY_NOT_DECLARED, f"capability not declared: {method} needs {UNDECLARED[method]}, which {ENGINE_NAME} does not offer")
        spec = PARAMS.get(method)
        if spec is None:
            raise RpcError(METHOD_NOT_FOUND, f"method not found: {method}")
        if method == "shutdown" and (params is MISSING or params is None):
            params = {}
        if params is MISSING:
            bad("params", "an object", MISSING)
        p = obj(spec, "params", params)
        return getattr(self, "m_" + method.replace(".", "_"))(p)

    def device(self, handle):
        d = self.devices.get(handle)
        if d is None:
            raise RpcError(UNKNOWN_DEVICE, f"unknown device handle: params.device is {handle}, which names no device (never made, or released)")
        return d

    def new_handle(self, device):
        h = self.next_handle
        self.next_handle += 1
        self.devices[h] = device
        return h

    # -- methods --------------------------------------------------------------------------------

    def m_initialize(self, p):
        common = [v for v in p["protocolVersions"] if v in PROTOCOL_VERSIONS]
        if not common:
            raise RpcError(NO_COMMON_VERSION, f"no common protocol version: offered {p['protocolVersions']}, {ENGINE_NAME} speaks {PROTOCOL_VERSIONS}", {"supported": PROTOCOL_VERSIONS})
        self.initialized = True
        return {
            "protocolVersion": max(common),
            "engine": {"name": ENGINE_NAME, "version": ENGINE_VERSION, "summary": SUMMARY, "provenance": PROVENANCE},
            "capabilities": dict(CAPABILITIES),
        }

    def m_engine_createDevice(self, p):
        d = Device.create(p["address"], p["seed"])
        return {"device": self.new_handle(d), "identityKey": b64(d.public_key)}

    def _state(self, data):
        try:
            return Device.from_state(data)
        except StateError as e:
            raise RpcError(INVALID_PARAMS, f"params.state: not a {ENGINE_NAME} device state ({e})")

    def m_engine_importDevice(self, p):
        d = self._state(p["state"])
        d.drbg.reseed(p["seed"])
        return {"device": self.new_handle(d), "address": {"user": d.address[0], "device": d.address[1]}, "identityKey": b64(d.public_key)}

    def m_engine_openWith(self, p):
        d = self._state(p["state"])
        d.drbg = Drbg(None)
        kind, data = p["ciphertext"]
        plaintext = d.key_trial(p["from"], kind, data)
        return {"plaintext": None if plaintext is None else b64(plaintext)}

    def m_device_identityKey(self, p):
        return {"identityKey": b64(self.device(p["device"]).public_key)}

    def m_device_bundle(self, p):
        return self.device(p["device"]).bundle(p["refresh"])

    def m_device_startSession(self, p):
        return self.device(p["device"]).start_session(p["peer"], p["bundle"]["base"])

    def m_device_hasSession(self, p):
        return {"hasSession": p["peer"] in self.device(p["device"]).sessions}

    def m_device_encrypt(self, p):
        return {"ciphertext": self.device(p["device"]).encrypt(p["peer"], p["plaintext"])}

    def m_device_decrypt(self, p):
        kind, data = p["ciphertext"]
        return self.device(p["device"]).decrypt(p["peer"], kind, data)

    def m_device_peerIdentity(self, p):
        return {"identityKey": self.device(p["device"]).peer_identity(p["peer"])}

    def m_device_trustIdentity(self, p):
        d = self.device(p["device"])
        if len(p["identityKey"]) != 32:
            raise RpcError(INVALID_PARAMS, f"params.identityKey: expected a 32-byte identity key, got {len(p['identityKey'])} bytes")
        d.trust_identity(p["peer"], p["identityKey"])
        return {}

    def m_device_exportState(self, p):
        return {"state": b64(self.device(p["device"]).export())}

    def m_device_release(self, p):
        self.device(p["device"])
        del self.devices[p["device"]]
        return {}

    def m_shutdown(self, p):
        return {}


def error_response(request_id, code, message, data=None):
    err = {"code": code, "message": message}
    if data is not None:
        err["data"] = data
    return {"jsonrpc": "2.0", "id": request_id, "error": err}


def main():
    out = sys.stdout
    # Nothing but responses may reach standard output: anything printed by mistake goes to stderr.
    sys.stdout = sys.stderr
    engine = Engine()
    for line in sys.stdin.buffer:
        if line.endswith(b"\n"):
            line = line[:-1]
        if line.endswith(b"\r"):
            line = line[:-1]
        response = engine.handle_line(line)
        try:
            out.write(json.dumps(response, separators=(",", ":"), ensure_ascii=True) + "\n")
            out.flush()
        except BrokenPipeError:
            # Nobody is reading any more: stop quietly (and let nothing try to flush into the closed pipe).
            os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
