#!/usr/bin/python3
"""Flask's tagged datetime ({" d": TEXT}) as Python reads it: vectors for knox's own parser
(core/token/python_parsedate.h), from Debian's /usr/bin/python3 (Python 3.11, werkzeug 2.2,
Flask 2.2).

  gen_vectors_parsedate.py [OUTPUT]        write (default: stdout)
  gen_vectors_parsedate.py --check FILE    exit 1 if FILE differs from a fresh run
                                           (ctest parsedate_vectors_fresh)

The texts are generated here, deterministically (a fixed random seed): dates in every shape
email.utils documents or tolerates, their edge cases (fields out of datetime's range, two-digit
years, zones near +-24 h, ints beyond a C int, beyond int64 and beyond Python's 4300-digit int()
limit, Unicode digits, spaces and case mappings), random garbage with digits, and mutations of
valid dates. Python's verdicts are recorded, not computed here. One JSON object per line:

  {"text": TEXT,
   "parsedate_tz": null | [year, month, day, hour, minute, second, offset],
       email.utils._parsedate_tz's fields (the constant 0, 1, -1 left out); offset null for None;
       an int beyond int64 as the string "big",
   "werkzeug": "none" | "datetime" | "raises"}
       werkzeug.http.parse_date(TEXT): None, a datetime, or an exception it lets through;

and a few lines {"flask_token": TOKEN, "text": TEXT, "expect": "empty" | "error"}: a real Flask
app (secret key FLASK_SECRET) opening a session cookie whose payload is {" d": TEXT}: an empty
session, or an exception out of open_session.
"""
import datetime
import email.utils
import hashlib
import json
import random
import sys

import werkzeug.http

SEED = 20261203
FLASK_SECRET = "parsedate vectors secret"
SIGNED_AT = 1_780_000_000  # 2026-05-28
INT64 = 2**63

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]
ZONES = ["GMT", "UT", "UTC", "Z", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "AST",
         "ADT", "gmt", "est", "+0000", "-0000", "+0100", "-0500", "+2359", "-2359", "+2400",
         "-2400", "+9999", "+0060", "+1", "-1", "+0", "-0", "0", "+1_00", "BST", "CET", "", "Zulu"]
SPACES = [" ", "  ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "\u1680", "\x1c", "\u200b",
          "\u0085", "\u2028", "\ufeff"]
UNICODE_DIGITS = ["\u0660", "\u06f0", "\u0966", "\uff10", "\U0001d7ce", "\u0e50", "\U0001fbf0"]
ODD_DIGITS = ["\u00b2", "\u00b9", "\u2070", "\u2460", "\u2780", "\u1369", "\u00bd", "\u216b"]
ODD_LETTERS = ["\u017f", "\u0131", "\u212a", "\u0130", "\ufb06", "\ufb05", "\u00df", "\u00e9"]


def fields(text):
    """email.utils._parsedate_tz's verdict, JSON-ready."""
    t = email.utils._parsedate_tz(text)
    if t is None:
        return None
    out = []
    for v in t[:6] + [t[9]]:
        out.append(v if v is None or -INT64 <= v < INT64 else "big")
    return out


def werkzeug_verdict(text):
    try:
        return "none" if werkzeug.http.parse_date(text) is None else "datetime"
    except Exception:  # noqa: BLE001  (any exception escapes werkzeug into Flask)
        return "raises"


def unicode_digits(r, number):
    zero = ord(r.choice(UNICODE_DIGITS))
    return "".join(chr(zero + int(c)) if c.isdigit() else c for c in number)


def valid_date(r):
    """A date in one of the shapes email.utils reads."""
    day, month, year = r.randint(1, 28), r.randrange(12), r.choice([r.randint(1900, 2100),
                                                                   r.randint(0, 99)])
    time = f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}"
    if r.random() < 0.7:
        time += f":{r.randint(0, 59):02d}"
    if r.random() < 0.1:
        time = time.replace(":", ".")
    mon = r.choice([MONTHS[month], LONG_MONTHS[month], MONTHS[month].upper(),
                    MONTHS[month].lower()])
    zone = r.choice(ZONES)
    dayname = r.choice(["", DAYS[r.randrange(7)] + ", ", DAYS[r.randrange(7)] + " ",
                        DAYS[r.randrange(7)] + ",", DAYS[r.randrange(7)].upper() + ", "])
    shape = r.randrange(7)
    if shape == 0:
        s = f"{dayname}{day} {mon} {year} {time} {zone}"
    elif shape == 1:
        s = f"{dayname}{mon} {day} {year} {time} {zone}"
    elif shape == 2:  # asctime
        s = f"{DAYS[r.randrange(7)]} {mon} {day:2d} {time} {year}"
    elif shape == 3:  # RFC 850
        s = f"{DAYS[r.randrange(7)]}day, {day:02d}-{mon}-{year % 100:02d} {time} {zone}"
    elif shape == 4:  # zone glued to the time
        s = f"{day} {mon} {year} {time}{r.choice(['+0100', '-0800', '+1', '-', '+'])}"
    elif shape == 5:  # commas in odd places
        s = f"{dayname}{day}, {mon}, {year}, {time}, {zone}"
    else:
        s = f"{day} {mon} {year} {time}"
    return s.strip() if r.random() < 0.8 else s


def edge_date(r):
    """Fields at and past datetime's limits, ints of every size, Unicode."""
    big = r.choice(["2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807",
                    "9223372036854775808", "-9223372036854775809", "99999999999999999999",
                    "007", "0_7", "7_", "_7", "7__0", "+7", "-7", "+-7", "", "0", "-0"])
    day = r.choice([str(r.randint(-2, 32)), "29", "30", "31", big])
    month = r.choice(MONTHS + ["Foo", "Dec,", "dec", "JANUARY", "Ma\u212ay"])
    year = r.choice([str(r.randint(-150, 150)), "0", "1", "9999", "10000", "1900", "2000", "2024",
                     "2023", "2100", "2400", big, "68", "69", "-1", "100"])
    hour = r.choice([str(r.randint(-1, 25)), big, "23", "24"])
    minute = r.choice([str(r.randint(-1, 61)), big, "59", "60"])
    second = r.choice([str(r.randint(-1, 61)), big, "59", "60"])
    zone = r.choice(ZONES + ["+" + big, "-" + big, "+8639999", "+86399", "+2399", "-2399",
                             "+" + "9" * 13, "+" + "9" * 12, "-" + "9" * 16, "+" + "9" * 18,
                             "e\u017ft", "\ufb06", "a\ufb06", "p\u017fT", "G\u041cT", "-00_00"])
    time = f"{hour}:{minute}" if r.random() < 0.3 else f"{hour}:{minute}:{second}"
    s = f"{day} {month} {year} {time} {zone}"
    if r.random() < 0.3:
        s = unicode_digits(r, s)
    if r.random() < 0.15:
        s = s.replace(year, r.choice(ODD_DIGITS) + year, 1)
    if r.random() < 0.2:
        s = s.replace(" ", r.choice(SPACES))
    return s


def garbage(r):
    """Text with digits that is mostly not a date."""
    alphabet = "0123456789:,.-+_ abcdefghijklmnopqrstuvwxyzJFMASOND" + "".join(ODD_LETTERS)
    n = r.randint(1, 40)
    return "".join(r.choice(alphabet) for _ in range(n))


def mutate(r, s):
    chars = list(s)
    for _ in range(r.randint(1, 4)):
        op = r.randrange(3)
        i = r.randrange(len(chars) + 1)
        pool = "0123456789 :,.-+_" + r.choice(SPACES) + r.choice(ODD_DIGITS + ODD_LETTERS)
        if op == 0 and chars:
            del chars[min(i, len(chars) - 1)]
        elif op == 1:
            chars.insert(i, r.choice(pool))
        elif chars:
            chars[min(i, len(chars) - 1)] = r.choice(pool)
    return "".join(chars)


FIXED = [
    "", " ", "\u3000", "Mon", "Mon,", "3 Dec", "3 Dec 2026", "3 Dec 2026 10:00",
    "Thu, 03 Dec 2026 10:00:00 GMT", "Thu, 03 Dec 2026 10:00:00 -0000", "Thursday, 03-Dec-26 10:00:00 GMT",
    "Thu Dec  3 10:00:00 2026", "Dec 3 10:00:00 2026 GMT", "3 Dec 10:00:00 2026",
    "Thu,03 Dec 2026 10:00 GMT", "x,3 Dec 2026 10:00", "31 Feb 2026 10:00", "29 Feb 2024 10:00",
    "29 Feb 2023 10:00", "29 Feb 2000 10:00", "29 Feb 1900 10:00", "1 Jan 0 0:0", "1 Jan 99 0:0",
    "1 Jan 68 0:0", "1 Jan 69 0:0", "1 Jan 100 0:0", "1 Jan 9999 23:59:59 -2359",
    "1 Jan 10000 0:0", "1 Jan 2026 24:00", "1 Jan 2026 23:60", "1 Jan 2026 23:59:60",
    "1 Jan 2026 1.2.3", "1 Jan 2026 1.2", "1 Jan 2026 1.2.3.4", "1 Jan 2026 1:2:3:4",
    "1 Jan 2026 10:00 +2400", "1 Jan 2026 10:00 +2360", "1 Jan 2026 10:00 +239999",
    "1 Jan 2026 10:00 +2400000000000", "1 Jan 2026 10:00 +2399999999999",
    "1 Jan 2026 10:00 +9" + "0" * 30, "1 Jan 2026 10:00 e\u017ft", "1 Jan 2026 10:00 a\ufb06",
    "\u0663 Jan \u0662\u0660\u0662\u0666 \u0661\u0660:\u0660\u0660", "3 Jan \u00b22026 10:00",
    "3 Jan 2026, 10:00,", "3 Jan ,2026 10:00", "3, Jan, 2026,", "3 Jan 2026 10:00 2147483648",
    "2147483648 Jan 2026 10:00", "3 Jan 2147483648 10:00", "3 Jan 2026 2147483648:00",
    "3 Jan 2026 10:00 +" + "1" * 4300, "3 Jan 2026 10:00 +" + "1" * 4301, "3 Jan " + "1" * 4301 + " 1:1",
    "3 Jan " + "1_" * 2200 + "1 1:1", "3 Jan " + "1" * 4300 + "_1 1:1", "0" * 4301 + " Jan 2026 1:1",
    "0" * 4300 + "3 Jan 2026 1:1", "3 Jan 2026 1:1:" + "0" * 4300 + "1", "3 Jan 2026 1:1 -" + "0" * 4301,
    "1 Jan 2026 10:00 -0", "1 Jan 2026 10:00 -00", "1 Jan 2026 10:00 +0", "GMT 1 Jan 10:00 2026",
    "1 Jan GMT 10:00", "Jan 1 GMT 2026 10:00",
]


def texts():
    r = random.Random(SEED)
    out = list(FIXED)
    for _ in range(1500):
        out.append(valid_date(r))
    for _ in range(1500):
        out.append(edge_date(r))
    for _ in range(800):
        out.append(garbage(r))
    for _ in range(1200):
        out.append(mutate(r, r.choice(out[: len(FIXED) + 1500])))
    seen, unique = set(), []
    for t in out:
        if t not in seen:
            seen.add(t)
            unique.append(t)
    return unique


FLASK_TEXTS = ["", "no date here", "Thu, 03 Dec 2026 10:00:00 GMT", "31 Feb 2026 10:00",
               "3 Dec 2026 10:00 +2400000000000", "1 Jan 2026 10:00 +2399", "3 Jan 2147483648 10:00",
               "x 1", "1 Jan 2026 10:00 e\u017ft", "Thu Dec  3 10:00:00 2026"]


def flask_lines():
    """A real Flask app opening {" d": TEXT} session cookies."""
    import flask
    import itsdangerous
    from werkzeug.test import EnvironBuilder
    class FixedTimeSigner(itsdangerous.TimestampSigner):
        def get_timestamp(self):
            return SIGNED_AT

    app = flask.Flask("parsedate")
    app.secret_key = FLASK_SECRET
    # The cookies carry a fixed issue time, so the file regenerates byte for byte; the session
    # lifetime covers them for a century.
    app.permanent_session_lifetime = datetime.timedelta(days=36500)
    signer = itsdangerous.URLSafeTimedSerializer(
        FLASK_SECRET, salt="cookie-session", signer=FixedTimeSigner,
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1})
    lines = []
    for text in FLASK_TEXTS:
        token = signer.dumps({" d": text})
        request = app.request_class(EnvironBuilder(headers={"Cookie": f"session={token}"})
                                    .get_environ())
        with app.app_context():
            try:
                session = app.session_interface.open_session(app, request)
                expect = "empty" if dict(session) == {} else "other"
            except Exception:  # noqa: BLE001  (Flask answers 500)
                expect = "error"
        lines.append({"flask_token": token, "text": text, "expect": expect})
    return lines


def generate():
    lines = [json.dumps({"text": t, "parsedate_tz": fields(t), "werkzeug": werkzeug_verdict(t)},
                        ensure_ascii=False) for t in texts()]
    lines += [json.dumps(x, ensure_ascii=False) for x in flask_lines()]
    return "\n".join(lines) + "\n"


def main(argv):
    fresh = generate()
    if len(argv) == 3 and argv[1] == "--check":
        with open(argv[2], encoding="utf-8") as f:
            if f.read() != fresh:
                print(f"{argv[2]} differs from what Python makes today: regenerate it", file=sys.stderr)
                return 1
        print(f"{argv[2]}: fresh")
        return 0
    if len(argv) == 2:
        with open(argv[1], "w", encoding="utf-8") as f:
            f.write(fresh)
        return 0
    if len(argv) == 1:
        sys.stdout.write(fresh)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
