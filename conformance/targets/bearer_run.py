"""The ground truth of a bearer-token target (targets.json entries with a `bearer` member),
measured without knox: the run ground_truth_test.py makes for a cookie target, for an API whose
login answers a token in JSON and reads it back from `Authorization: Bearer`.

Every fact is measured with PyJWT-free standard-library code (HMAC, base64, JSON) and, for the
key-confusion forgery, `cryptography` to turn the published JWK into the PEM text a server keeps:
  bearer_issued_in        the JSON pointer the manifest names holds a token that opens the
                          protected path (and nothing opens it without one)
  kind, format, signed    a JWT (three base64url segments, a JSON header with alg) or opaque
  tamper_rejected         a changed signature character, alg none, the signature stripped
  jwt_*                   alg none / stripped accepted; HS256 signed with the JWKS key's PEM
                          accepted (RS/PS/ES tokens only); no exp claim; a token past its exp
                          accepted (forged with the cracked HMAC secret, or waited for)
  weak_secret             an HS* token's secret among knox's known secrets (None for RS*)
  expiry_enforced         as jwt_expired_accepted, from the same replay
  logout_invalidates      the token replayed after the logout request that carried it
  readable_fields, sensitive_fields   the claims' keys, and those the shared rule calls sensitive
  session_id_in_url       the token in a request URL or Location (never, here)
Facts that do not apply to a bearer token (cookie attributes, rotation, fixation, clearing a
cookie, entropy of a client-side token) are null and compared as such.
"""
import base64
import hashlib
import hmac
import json
import time

import targets

HMAC_DIGESTS = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}
NULL_FACTS = ("login_rotates_id", "fixation", "logout_clears_cookie", "low_entropy", "lifetime_s",
              "secure", "http_only", "same_site", "prefix",
              "browser_refuses_session_cookie")


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def split_jwt(token):
    """(header dict, claims dict, signing input, signature text) or None."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
    except ValueError:
        return None
    if not isinstance(header, dict) or not isinstance(claims, dict) or "alg" not in header:
        return None
    return header, claims, f"{parts[0]}.{parts[1]}", parts[2]


def hs_sign(alg, key, header, claims):
    h = b64url(json.dumps(header, separators=(",", ":")).encode())
    c = b64url(json.dumps(claims, separators=(",", ":")).encode())
    mac = hmac.new(key, f"{h}.{c}".encode(), HMAC_DIGESTS[alg]).digest()
    return f"{h}.{c}.{b64url(mac)}"


def jwk_pems(jwks):
    """The PEM text (SubjectPublicKeyInfo) of every RSA key of a JWK Set."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    pems = []
    for k in jwks.get("keys", []):
        if k.get("kty") != "RSA":
            continue
        n = int.from_bytes(b64url_decode(k["n"]), "big")
        e = int.from_bytes(b64url_decode(k["e"]), "big")
        pems.append(rsa.RSAPublicNumbers(e, n).public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return pems


def pointer_get(doc, pointer):
    node = doc
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or token not in node:
            return None
        node = node[token]
    return node


class BearerRun:
    def __init__(self, target, client, secret_list, do_expiry, sensitive_keys):
        self.t = target
        self.spec = target.spec
        self.b = self.spec["bearer"]
        self.exp = target.expected
        self.client = client
        self.secrets = secret_list
        self.do_expiry = do_expiry
        self.sensitive_keys = sensitive_keys
        self.observed = {}
        self.problems = []
        self.notes = []
        self.label = f"{target.name} over {target.scheme}"

    def check(self, cond, what):
        if not cond:
            self.problems.append(what)
        return cond

    def login(self):
        creds = {"username": self.spec["user"], "password": self.spec["password"]}
        if self.b.get("json"):
            r = self.client.request("POST", self.b["login"], json_body=creds)
        else:
            r = self.client.request("POST", self.b["login"], form=creds)
        self.check(r.status == 200, f"login answered {r.status}")
        body = r.json() or {}
        token = pointer_get(body, self.b["source"])
        self.check(isinstance(token, str) and token, f"no token at {self.b['source']}: {r.body}")
        if r.header("location") and token and token in r.header("location"):
            self.observed["session_id_in_url"] = True
        return token if isinstance(token, str) else ""

    def opens(self, token):
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        r = self.client.request("GET", self.b["protected"], headers=headers)
        return r.status == 200

    def run(self):
        o = self.observed
        for key in NULL_FACTS:
            o[key] = None
        o["session_id_in_url"] = False
        token = self.login()
        if not token:
            return
        self.check(self.opens(token), "the token does not open the protected path")
        self.check(not self.opens(None), "the protected path opens without a token")
        o["bearer_issued_in"] = self.b["source"]
        parts = split_jwt(token)
        o["kind"] = "bearer-jwt" if parts else "bearer-opaque"
        if not parts:
            return
        header, claims, signing_input, signature = parts
        alg = header["alg"]
        o["format"] = "jwt"
        o["signed"] = alg != "none"
        o["readable_fields"] = sorted(claims)
        o["sensitive_fields"] = sorted(self.sensitive_keys(list(claims)))
        o["carried_over_fields"] = []  # no pre-login token to carry anything over
        flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
        none_header = b64url(json.dumps(dict(header, alg="none"), separators=(",", ":")).encode())
        alg_none = f"{none_header}.{signing_input.split('.')[1]}."
        stripped = signing_input + "."
        o["jwt_alg_none_accepted"] = self.opens(alg_none)
        o["jwt_signature_stripped_accepted"] = self.opens(stripped)
        o["tamper_rejected"] = not (self.opens(signing_input + "." + flipped) or
                                    o["jwt_alg_none_accepted"] or
                                    o["jwt_signature_stripped_accepted"])
        o["jwt_exp_missing"] = "exp" not in claims
        o["jwt_key_confusion_accepted"] = None
        o["weak_secret"] = None
        secret = None
        if alg in HMAC_DIGESTS:
            digest = HMAC_DIGESTS[alg]
            mac = b64url_decode(signature)
            for candidate in self.secrets:
                key = candidate if isinstance(candidate, bytes) else candidate.encode()
                if hmac.compare_digest(hmac.new(key, signing_input.encode(), digest).digest(),
                                       mac):
                    secret = key
                    break
            o["weak_secret"] = secret is not None
        else:
            r = self.client.request("GET", "/.well-known/jwks.json")
            pems = jwk_pems(r.json() or {}) if r.status == 200 else []
            self.check(pems, "no RSA key at /.well-known/jwks.json")
            accepted = False
            for pem in pems:
                for key in (pem, pem.rstrip(b"\n")):
                    forged = hs_sign("HS256", key, dict(header, alg="HS256"), claims)
                    accepted = accepted or self.opens(forged)
            o["jwt_key_confusion_accepted"] = accepted
        # logout with the token, then the token again
        fresh = self.login()
        r = self.client.request(self.b["logout"][0], self.b["logout"][1],
                                headers={"Authorization": f"Bearer {fresh}"})
        self.check(r.status == 200, f"logout answered {r.status}")
        o["logout_invalidates"] = not self.opens(fresh)
        self.measure_expiry(claims, header, secret)

    def measure_expiry(self, claims, header, secret):
        o = self.observed
        o["jwt_expired_accepted"] = None
        o["expiry_enforced"] = None
        if "exp" not in claims:
            return
        if secret is not None:  # the token's claims moved back until exp passed a minute ago
            shift = claims["exp"] - (int(time.time()) - 60)
            old = {k: (v - shift if k in ("exp", "iat", "nbf") and isinstance(v, int) else v)
                   for k, v in claims.items()}
            accepted = self.opens(hs_sign(header["alg"], secret, header, old))
        elif self.do_expiry and claims["exp"] - claims.get("iat", claims["exp"]) <= 15:
            token = self.login()
            _, fresh_claims, _, _ = split_jwt(token)
            time.sleep(max(0, fresh_claims["exp"] - time.time()) + 1.5)
            accepted = self.opens(token)
        else:
            return
        o["jwt_expired_accepted"] = accepted
        o["expiry_enforced"] = not accepted

    def compare(self, expected=None):
        """Mismatches between the observed facts and expected (default: the manifest's); the
        expiry facts count only when this run waited for expiry (or measured them anyway)."""
        def skip(key, want):
            if self.do_expiry or self.observed.get(key) is not None:
                return False
            return key == "jwt_expired_accepted" or (key == "expiry_enforced" and want is not None)
        return targets.fact_mismatches(self.observed, expected or self.exp, skip)
