"""Tests of the python-static engine. Run from this folder: python3 -m unittest

The X25519 vectors are copied from RFC 7748, "Elliptic Curves for Security" (A. Langley, M. Hamburg,
S. Turner, IETF, January 2016, https://www.rfc-editor.org/rfc/rfc7748): section 5.2 (two single
scalar multiplications, and the iterated test after 1 and 1,000 rounds; the 1,000,000-round value is
left out, it takes too long in pure Python) and section 6.1 (the Diffie-Hellman example of Alice and
Bob).
"""

import base64
import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import engine  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
h = bytes.fromhex


class X25519Vectors(unittest.TestCase):
    def test_rfc7748_section_5_2_single_multiplications(self):
        vectors = [
            (
                "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
                "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
            ),
            (
                "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
                "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
            ),
        ]
        for scalar, u, out in vectors:
            self.assertEqual(engine.x25519(h(scalar), h(u)).hex(), out)

    def test_rfc7748_section_5_2_iterated(self):
        k = u = engine.BASE_POINT_U
        for i in range(1, 1001):
            k, u = engine.x25519(k, u), k
            if i == 1:
                self.assertEqual(k.hex(), "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079")
        self.assertEqual(k.hex(), "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51")

    def test_rfc7748_section_6_1_diffie_hellman(self):
        a = h("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
        b = h("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")
        a_pub, b_pub = engine.x25519_public(a), engine.x25519_public(b)
        self.assertEqual(a_pub.hex(), "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
        self.assertEqual(b_pub.hex(), "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
        shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"
        self.assertEqual(engine.x25519(a, b_pub).hex(), shared)
        self.assertEqual(engine.x25519(b, a_pub).hex(), shared)

    def test_top_bit_of_u_is_ignored(self):
        a = h("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
        u = bytearray(h("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"))
        plain = engine.x25519(a, bytes(u))
        u[31] |= 0x80
        self.assertEqual(engine.x25519(a, bytes(u)), plain)


def b64(data):
    return base64.b64encode(data).decode("ascii")


def unb64(text):
    return base64.b64decode(text)


SEED_A, SEED_B, SEED_C = b64(bytes([1]) * 32), b64(bytes([2]) * 32), b64(bytes([3]) * 32)
ALICE, BOB, CAROL = {"user": "alice", "device": 1}, {"user": "bob", "device": 1}, {"user": "carol", "device": 1}


class Rpc:
    """The engine in this process, driven line by line as sealroom drives it."""

    def __init__(self):
        self.engine = engine.Engine()
        self.next_id = 1
        self.call("initialize", protocolVersions=[1], client={"name": "test", "version": "0"})

    def raw(self, line):
        return self.engine.handle_line(line.encode("utf-8"))

    def request(self, method, **params):
        r = self.raw(json.dumps({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}))
        assert r["id"] == self.next_id, r
        self.next_id += 1
        return r

    def call(self, method, **params):
        r = self.request(method, **params)
        assert "result" in r, r
        return r["result"]

    def error(self, method, **params):
        r = self.request(method, **params)
        assert "error" in r, r
        return r["error"]["code"]


class EngineBehaviour(unittest.TestCase):
    def setUp(self):
        self.rpc = Rpc()
        self.a = self.rpc.call("engine.createDevice", address=ALICE, nowMs=0, seed=SEED_A)["device"]
        self.b = self.rpc.call("engine.createDevice", address=BOB, nowMs=0, seed=SEED_B)["device"]

    def bundle(self, d):
        b = self.rpc.call("device.bundle", device=d, refresh=False, nowMs=0)
        return {"base": b["base"], "oneTime": b["oneTime"][0]}

    def send(self, frm, to_address, text):
        return self.rpc.call("device.encrypt", device=frm, peer=to_address, plaintext=b64(text), nowMs=1)["ciphertext"]

    def recv(self, at, from_address, ct):
        return self.rpc.call("device.decrypt", device=at, peer=from_address, ciphertext=ct, nowMs=2)

    def export(self, d):
        return self.rpc.call("device.exportState", device=d)["state"]

    def test_sessions_both_ways_setup_then_message(self):
        self.assertEqual(self.rpc.call("device.startSession", device=self.a, peer=BOB, bundle=self.bundle(self.b), nowMs=0), {"ok": True})
        first = self.send(self.a, BOB, b"hello")
        self.assertEqual(first["kind"], "setup")
        self.assertEqual(self.recv(self.b, ALICE, first), {"ok": True, "plaintext": b64(b"hello")})
        self.assertTrue(self.rpc.call("device.hasSession", device=self.b, peer=ALICE)["hasSession"])
        back = self.send(self.b, ALICE, b"hi")
        self.assertEqual(back["kind"], "message")
        self.assertEqual(self.recv(self.a, BOB, back), {"ok": True, "plaintext": b64(b"hi")})
        self.assertEqual(self.send(self.a, BOB, b"again")["kind"], "message")

    def test_replay_tamper_and_no_session_are_refused_without_change(self):
        self.rpc.call("device.startSession", device=self.a, peer=BOB, bundle={"base": self.bundle(self.b)["base"]}, nowMs=0)
        m = self.send(self.a, BOB, b"once")
        self.assertTrue(self.recv(self.b, ALICE, m)["ok"])
        before = self.export(self.b)
        self.assertEqual(self.recv(self.b, ALICE, m), {"ok": False, "refusal": "DUPLICATE_MESSAGE"})
        raw = bytearray(unb64(m["bytes"]))
        raw[-40] ^= 1
        self.assertEqual(self.recv(self.b, ALICE, {"kind": m["kind"], "bytes": b64(bytes(raw))}), {"ok": False, "refusal": "INVALID_MESSAGE"})
        self.assertEqual(self.recv(self.b, CAROL, m)["ok"], False)
        self.assertEqual(self.export(self.b), before)
        c = self.rpc.call("engine.createDevice", address=CAROL, nowMs=0, seed=SEED_C)["device"]
        self.assertEqual(self.recv(c, ALICE, {"kind": "message", "bytes": m["bytes"]}), {"ok": False, "refusal": "NO_SESSION"})

    def test_changed_identity_is_refused_until_trusted(self):
        self.rpc.call("device.startSession", device=self.a, peer=BOB, bundle={"base": self.bundle(self.b)["base"]}, nowMs=0)
        mallory = self.rpc.call("engine.createDevice", address=BOB, nowMs=0, seed=SEED_C)
        fake = self.rpc.call("device.bundle", device=mallory["device"], refresh=False, nowMs=0)
        before = self.export(self.a)
        got = self.rpc.call("device.startSession", device=self.a, peer=BOB, bundle={"base": fake["base"]}, nowMs=1)
        self.assertEqual(got, {"ok": False, "refusal": "UNTRUSTED_IDENTITY", "identityKey": mallory["identityKey"]})
        self.assertEqual(self.export(self.a), before)
        # A setup from the new identity is refused too, until the user acknowledges the change.
        self.rpc.call("device.startSession", device=mallory["device"], peer=ALICE, bundle={"base": self.bundle(self.a)["base"]}, nowMs=0)
        forged = self.send(mallory["device"], ALICE, b"it is me")
        self.assertEqual(self.recv(self.a, BOB, forged), {"ok": False, "refusal": "UNTRUSTED_IDENTITY"})
        self.rpc.call("device.trustIdentity", device=self.a, peer=BOB, identityKey=mallory["identityKey"])
        self.assertEqual(self.rpc.call("device.peerIdentity", device=self.a, peer=BOB), {"identityKey": mallory["identityKey"]})
        self.assertTrue(self.recv(self.a, BOB, forged)["ok"])

    def test_export_import_and_the_key_trial(self):
        self.rpc.call("device.startSession", device=self.a, peer=BOB, bundle={"base": self.bundle(self.b)["base"]}, nowMs=0)
        m1 = self.send(self.a, BOB, b"first")
        self.assertTrue(self.recv(self.b, ALICE, m1)["ok"])
        state = self.export(self.b)
        self.assertEqual(self.export(self.b), state)
        clone = self.rpc.call("engine.importDevice", state=state, seed=SEED_C)
        self.assertEqual(clone["address"], BOB)
        m2 = self.send(self.a, BOB, b"second")
        self.assertEqual(self.recv(clone["device"], ALICE, m2), {"ok": True, "plaintext": b64(b"second")})
        # The weakness: the seized state opens what it already received, and what it sent.
        self.assertEqual(self.rpc.call("engine.openWith", state=state, **{"from": ALICE}, ciphertext=m1, nowMs=3), {"plaintext": b64(b"first")})
        reply = self.send(self.b, ALICE, b"sent by bob")
        self.assertEqual(self.rpc.call("engine.openWith", state=state, **{"from": BOB}, ciphertext=reply, nowMs=3), {"plaintext": b64(b"sent by bob")})
        self.assertEqual(self.export(self.b), self.export(self.b))
        self.rpc.call("device.release", device=clone["device"])
        self.assertEqual(self.rpc.error("device.exportState", device=clone["device"]), engine.UNKNOWN_DEVICE)

    def test_bad_bundle_and_bad_params(self):
        self.assertEqual(self.rpc.call("device.startSession", device=self.a, peer=BOB, bundle={"base": b64(b"junk")}, nowMs=0), {"ok": False, "refusal": "INVALID_BUNDLE"})
        low_order = b64(engine.BUNDLE_PREFIX + bytes(32))
        self.assertEqual(self.rpc.call("device.startSession", device=self.a, peer=BOB, bundle={"base": low_order}, nowMs=0)["refusal"], "INVALID_BUNDLE")
        self.assertEqual(self.rpc.error("engine.createDevice", address=ALICE, nowMs=0, seed=b64(bytes(31))), engine.INVALID_PARAMS)
        self.assertEqual(self.rpc.error("device.encrypt", device=self.a, peer=BOB, plaintext="not base64!", nowMs=0), engine.INVALID_PARAMS)
        self.assertEqual(self.rpc.error("device.hasSession", device=self.a, peer={"user": "bob", "device": 0}), engine.INVALID_PARAMS)
        self.assertEqual(self.rpc.error("device.safetyNumber", device=self.a, peer=BOB, identityKey=b64(bytes(32))), engine.CAPABILITY_NOT_DECLARED)
        self.assertEqual(self.rpc.error("no.such.method"), engine.METHOD_NOT_FOUND)
        self.assertEqual(self.rpc.raw("{not json")["error"]["code"], engine.PARSE_ERROR)


class OverStdio(unittest.TestCase):
    def run_script(self):
        lines = [
            {"method": "initialize", "params": {"protocolVersions": [1], "client": {"name": "t", "version": "0"}}},
            {"method": "engine.createDevice", "params": {"address": ALICE, "nowMs": 0, "seed": SEED_A}},
            {"method": "device.exportState", "params": {"device": 1}},
            {"method": "shutdown"},
        ]
        text = "".join(json.dumps({"jsonrpc": "2.0", "id": i + 1, **m}) + "\n" for i, m in enumerate(lines))
        p = subprocess.run([sys.executable, os.path.join(HERE, "engine.py")], input=text.encode(), capture_output=True, timeout=60)
        return p

    def test_same_script_same_bytes_and_exit_zero(self):
        one, two = self.run_script(), self.run_script()
        self.assertEqual(one.returncode, 0)
        self.assertEqual(one.stdout, two.stdout)
        self.assertEqual(len(one.stdout.splitlines()), 4)


if __name__ == "__main__":
    unittest.main()
