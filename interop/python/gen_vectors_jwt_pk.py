#!/usr/bin/python3
"""JWT with public keys (RS/PS/ES/EdDSA): vectors from PyJWT 2.6 + cryptography (Debian 12).

  gen_vectors_jwt_pk.py --generate OUT.jsonl KEYDIR   new keys (public halves only are written to
                                                      KEYDIR) and tokens signed by PyJWT
  gen_vectors_jwt_pk.py --check OUT.jsonl KEYDIR      PyJWT decodes every committed token with the
                                                      committed public keys and must reach the
                                                      committed outcome (signatures of ES and PS are
                                                      randomised, so freshness is checked by
                                                      outcome, not by bytes)

Each line: {"case", "token", "key" (a file in KEYDIR), "expect": {"ok": true, "value": {...}} or
{"ok": false, "error": "bad-signature"|"expired"}}. The verifier under test must allow exactly the
algorithms of the key's type (the key-confusion rule); with a JWK Set it uses the key named by the
token's kid, or tries every key when the token names none.
"""
import base64
import datetime
import hashlib
import hmac
import json
import os
import sys

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import NameOID

ALGS_FOR = {
    "rsa": ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"],
    "ec256": ["ES256"], "ec384": ["ES384"], "ec521": ["ES512"], "ed25519": ["EdDSA"],
}
FUTURE = 4102444800  # 2100-01-01
PAST = 978307200     # 2001-01-01


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def pem(public_key):
    return public_key.public_bytes(serialization.Encoding.PEM,
                                   serialization.PublicFormat.SubjectPublicKeyInfo)


def kind_of(key_file):
    return key_file.split(".")[0].rstrip("b").replace("rsa2", "rsa").replace("rsa_cert", "rsa")


def load_public(keydir, key_file):
    with open(os.path.join(keydir, key_file), "rb") as f:
        data = f.read()
    if key_file.endswith("_cert.pem"):
        return x509.load_pem_x509_certificate(data).public_key()
    if key_file.endswith(".json"):
        return jwt.PyJWKSet.from_json(data.decode())
    return serialization.load_pem_public_key(data)


def pyjwt_outcome(token, keydir, key_file):
    """What PyJWT says, with the algorithms of the key's type only."""
    key = load_public(keydir, key_file)
    try:
        if isinstance(key, jwt.PyJWKSet):
            header = jwt.get_unverified_header(token)
            usable = [k for k in key.keys if k._jwk_data.get("use") != "enc"]
            candidates = [k for k in usable if "kid" not in header or k.key_id == header["kid"]]
            for k in candidates:
                data = k._jwk_data
                by_type = ALGS_FOR["rsa"] if data["kty"] == "RSA" else \
                    ALGS_FOR[{"P-256": "ec256", "P-384": "ec384", "P-521": "ec521"}[data["crv"]]]
                try:
                    value = jwt.decode(token, k.key,
                                       algorithms=[data["alg"]] if "alg" in data else by_type)
                    return {"ok": True, "value": value}
                except jwt.ExpiredSignatureError:
                    return {"ok": False, "error": "expired"}
                except jwt.InvalidTokenError:
                    continue
            return {"ok": False, "error": "bad-signature"}
        algs = ALGS_FOR[kind_of(key_file)]
        value = jwt.decode(token, key, algorithms=algs)
        return {"ok": True, "value": value}
    except jwt.ExpiredSignatureError:
        return {"ok": False, "error": "expired"}
    except (jwt.InvalidSignatureError, jwt.InvalidAlgorithmError, jwt.DecodeError):
        return {"ok": False, "error": "bad-signature"}


def generate(out_path, keydir):
    os.makedirs(keydir, exist_ok=True)
    private = {
        "rsa": rsa.generate_private_key(65537, 2048),
        "rsa2": rsa.generate_private_key(65537, 2048),
        "ec256": ec.generate_private_key(ec.SECP256R1()),
        "ec256b": ec.generate_private_key(ec.SECP256R1()),
        "ec384": ec.generate_private_key(ec.SECP384R1()),
        "ec521": ec.generate_private_key(ec.SECP521R1()),
        "ed25519": ed25519.Ed25519PrivateKey.generate(),
    }
    for name, key in private.items():
        with open(os.path.join(keydir, name + ".pem"), "wb") as f:
            f.write(pem(key.public_key()))
    # A self-signed certificate carrying the first RSA key (a JWKS x5c / PEM certificate user).
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "knox test")])
    now = datetime.datetime(2026, 1, 1)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(private["rsa"].public_key()).serial_number(1)
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=3650))
            .sign(private["rsa"], hashes.SHA256()))
    with open(os.path.join(keydir, "rsa_cert.pem"), "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    # A JWK Set: the two RSA keys with kids, one EC key with alg, one encryption key (skipped).
    jwks = {"keys": []}
    for kid, name in (("r1", "rsa"), ("r2", "rsa2")):
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private[name].public_key()))
        jwk.update({"kid": kid, "use": "sig", "alg": "RS256"})
        jwks["keys"].append(jwk)
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(private["ec256"].public_key()))
    jwk.update({"kid": "e1", "alg": "ES256"})
    jwks["keys"].append(jwk)
    enc = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private["rsa2"].public_key()))
    enc.update({"kid": "enc1", "use": "enc"})
    jwks["keys"].append(enc)
    with open(os.path.join(keydir, "jwks.json"), "w") as f:
        json.dump(jwks, f, indent=1)
        f.write("\n")

    claims = {"sub": "alice", "role": "user", "iat": 1700000000, "exp": FUTURE}
    cases = []

    def add(case, token, key_file):
        cases.append({"case": case, "token": token, "key": key_file,
                      "expect": pyjwt_outcome(token, keydir, key_file)})

    signer = {"RS": "rsa", "PS": "rsa", "ES256": "ec256", "ES384": "ec384", "ES512": "ec521",
              "EdDSA": "ed25519"}
    for alg in ALGS_FOR["rsa"] + ["ES256", "ES384", "ES512", "EdDSA"]:
        name = signer.get(alg, signer.get(alg[:2]))
        token = jwt.encode(claims, private[name], algorithm=alg)
        add(f"valid-{alg}", token, name + ".pem")
        # The key-confusion forgery: HS with the public key file's exact bytes.
        with open(os.path.join(keydir, name + ".pem"), "rb") as f:
            key_bytes = f.read()
        hs = {"256": "HS256", "384": "HS384", "512": "HS512"}.get(alg[-3:], "HS256")
        digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}[hs]
        header = b64u(json.dumps({"alg": hs, "typ": "JWT"}, separators=(",", ":")).encode())
        body = token.split(".")[1]
        sig = hmac.new(key_bytes, f"{header}.{body}".encode(), digest).digest()
        add(f"hs-with-public-key-{alg}", f"{header}.{body}.{b64u(sig)}", name + ".pem")
    rs = jwt.encode(claims, private["rsa"], algorithm="RS256")
    h, p, s = rs.split(".")
    add("wrong-rsa-key", rs, "rsa2.pem")
    add("rsa-token-with-ec-key", rs, "ec256.pem")
    add("stripped-signature", f"{h}.{p}.", "rsa.pem")
    none_header = b64u(json.dumps({"alg": "none", "typ": "JWT"}, separators=(",", ":")).encode())
    add("alg-none", f"{none_header}.{p}.", "rsa.pem")
    tampered = b64u(json.dumps({**claims, "role": "admin"}, separators=(",", ":")).encode())
    add("tampered-payload", f"{h}.{tampered}.{s}", "rsa.pem")
    add("expired", jwt.encode({**claims, "exp": PAST}, private["rsa"], algorithm="RS256"),
        "rsa.pem")
    es = jwt.encode(claims, private["ec256"], algorithm="ES256")
    add("wrong-ec-key", es, "ec256b.pem")
    add("es256-with-p384-key", es, "ec384.pem")
    eh, ep, esig = es.split(".")
    raw = base64.urlsafe_b64decode(esig + "==")
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    add("es256-der-signature", f"{eh}.{ep}.{b64u(der)}", "ec256.pem")
    add("ed25519-wrong-key-type", jwt.encode(claims, private["ed25519"], algorithm="EdDSA"),
        "rsa.pem")
    add("rs256-via-certificate", rs, "rsa_cert.pem")
    for kid, name in (("r1", "rsa"), ("r2", "rsa2")):
        add(f"jwks-kid-{kid}", jwt.encode(claims, private[name], algorithm="RS256",
                                           headers={"kid": kid}), "jwks.json")
    add("jwks-unknown-kid", jwt.encode(claims, private["rsa"], algorithm="RS256",
                                       headers={"kid": "nope"}), "jwks.json")
    add("jwks-kid-names-other-key", jwt.encode(claims, private["rsa"], algorithm="RS256",
                                               headers={"kid": "r2"}), "jwks.json")
    add("jwks-no-kid-tries-every-key", jwt.encode(claims, private["rsa2"], algorithm="RS256"),
        "jwks.json")
    add("jwks-es256-kid", jwt.encode(claims, private["ec256"], algorithm="ES256",
                                     headers={"kid": "e1"}), "jwks.json")
    add("jwks-ps256-against-rs256-only-jwk", jwt.encode(claims, private["rsa"], algorithm="PS256",
                                                        headers={"kid": "r1"}), "jwks.json")
    with open(out_path, "w") as f:
        for c in cases:
            f.write(json.dumps(c, sort_keys=True) + "\n")
    print(f"wrote {len(cases)} vectors to {out_path}")


def check(path, keydir):
    failures = 0
    with open(path) as f:
        for line in f:
            c = json.loads(line)
            got = pyjwt_outcome(c["token"], keydir, c["key"])
            if got != c["expect"]:
                failures += 1
                print(f"FAIL {c['case']}: PyJWT says {got}, committed {c['expect']}")
    print("jwt_pk vectors:", "FAILED" if failures else "ok")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("--generate", "--check"):
        print(__doc__)
        sys.exit(2)
    if sys.argv[1] == "--generate":
        generate(sys.argv[2], sys.argv[3])
    else:
        sys.exit(check(sys.argv[2], sys.argv[3]))
