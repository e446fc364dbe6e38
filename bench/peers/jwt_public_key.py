#!/usr/bin/python3
"""RS256 and ES256 JWTs with the Python libraries people use: bench/compare's peer for knox's
verify/jwt-rs256 and verify/jwt-es256 rows (bench/token_bench.cc).

  jwt_public_key.py --make-fixtures DIR   new RSA-2048 and P-256 keys; writes the public halves
                                          (jwt_rs256.pem, jwt_es256.pem) and one token each, signed
                                          by PyJWT over token_bench's payload (jwt_rs256.jwt,
                                          jwt_es256.jwt). The private keys are dropped: knox only
                                          verifies with public keys.
  jwt_public_key.py --seconds S DIR       for each library: sign (encode, with a fresh private key
                                          of the same type and size: the committed fixtures have
                                          no private half) and verify (decode + check, the
                                          committed token with the committed public key), calls/s
                                          over about S seconds of CPU time each. Prints a JSON
                                          list of rows
                                          {"operation": "sign/jwt-rs256", "peer": ..., "rate": N}
                                          ({"not_run": REASON} instead of "rate" for a library
                                          that is missing), as every bench/peers program does.

Libraries: PyJWT 2.6 with cryptography (Debian's python3-jwt) and python-jose (python3-jose, when
installed). A library that is missing gives "not_run" entries; run with Debian's /usr/bin/python3.
"""
import json
import os
import sys
import time

PAYLOAD = {"user_id": "123", "role": "admin"}
ALGS = {"rs256": "RS256", "es256": "ES256"}


def rate(fn, seconds):
    """Calls per CPU second of fn() over about `seconds` of this process's CPU time."""
    n, start = 0, time.process_time()
    while True:
        for _ in range(50):
            fn()
        n += 50
        elapsed = time.process_time() - start
        if elapsed >= seconds:
            return n / elapsed


def new_private_key(kind):
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    if kind == "rs256":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def pem_private(key):
    from cryptography.hazmat.primitives import serialization
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def pem_public(key):
    from cryptography.hazmat.primitives import serialization
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


def make_fixtures(directory):
    import jwt
    os.makedirs(directory, exist_ok=True)
    for kind, alg in ALGS.items():
        key = new_private_key(kind)
        with open(os.path.join(directory, f"jwt_{kind}.pem"), "wb") as f:
            f.write(pem_public(key))
        with open(os.path.join(directory, f"jwt_{kind}.jwt"), "w") as f:
            f.write(jwt.encode(PAYLOAD, key, algorithm=alg) + "\n")


def fixtures(directory, kind):
    with open(os.path.join(directory, f"jwt_{kind}.pem"), "rb") as f:
        public = f.read()
    with open(os.path.join(directory, f"jwt_{kind}.jwt")) as f:
        token = f.read().strip()
    return public, token


def pyjwt_rows(directory, seconds):
    try:
        import jwt
        import cryptography  # noqa: F401  (PyJWT's RS/ES algorithms need it)
    except ImportError as e:
        return [{"operation": f"{op}/jwt-{k}", "peer": "PyJWT",
                 "not_run": f"python3-jwt or python3-cryptography not installed ({e.name})"}
                for k in ALGS for op in ("sign", "verify")]
    name = f"PyJWT {jwt.__version__} (Python)"
    rows = []
    for kind, alg in ALGS.items():
        private = new_private_key(kind)
        public, token = fixtures(directory, kind)
        verify_key = jwt.algorithms.get_default_algorithms()[alg].prepare_key(public)
        if jwt.decode(token, verify_key, algorithms=[alg]) != PAYLOAD:
            raise SystemExit(f"PyJWT does not read the {alg} fixture as the payload")
        rows.append({"operation": f"sign/jwt-{kind}", "peer": name,
                     "rate": rate(lambda: jwt.encode(PAYLOAD, private, algorithm=alg), seconds)})
        rows.append({"operation": f"verify/jwt-{kind}", "peer": name,
                     "rate": rate(lambda: jwt.decode(token, verify_key, algorithms=[alg]),
                                  seconds)})
    return rows


def jose_rows(directory, seconds):
    try:
        from jose import jwt as jose_jwt
        import jose
    except ImportError:
        return [{"operation": f"{op}/jwt-{k}", "peer": "python-jose",
                 "not_run": "python3-jose not installed"}
                for k in ALGS for op in ("sign", "verify")]
    name = f"python-jose {getattr(jose, '__version__', '')} (Python)".replace("  ", " ")
    rows = []
    for kind, alg in ALGS.items():
        private = pem_private(new_private_key(kind)).decode()
        public, token = fixtures(directory, kind)
        public = public.decode()
        if jose_jwt.decode(token, public, algorithms=[alg]) != PAYLOAD:
            raise SystemExit(f"python-jose does not read the {alg} fixture as the payload")
        rows.append({"operation": f"sign/jwt-{kind}", "peer": name,
                     "rate": rate(lambda: jose_jwt.encode(PAYLOAD, private, algorithm=alg),
                                  seconds)})
        rows.append({"operation": f"verify/jwt-{kind}", "peer": name,
                     "rate": rate(lambda: jose_jwt.decode(token, public, algorithms=[alg]),
                                  seconds)})
    return rows


def main(argv):
    if len(argv) == 3 and argv[1] == "--make-fixtures":
        make_fixtures(argv[2])
        return 0
    if len(argv) == 4 and argv[1] == "--seconds":
        seconds, directory = float(argv[2]), argv[3]
        print(json.dumps(pyjwt_rows(directory, seconds) + jose_rows(directory, seconds)))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
