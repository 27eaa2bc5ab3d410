#!/usr/bin/env python3
"""Prepares a load run against a running server: a tenant with SMS sign-in on, a client_credentials
client, an SMS client, fresh refresh tokens, fresh (otp_id, code) pairs and new phone numbers,
written as one form body per line for bench/LoadRunner. Standard library only."""
import time
import concurrent.futures, json, os, re, sys, urllib.parse, urllib.request

BASE, OUT, OUTBOX, SECRET = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
REFRESH_COUNT, GRANT_COUNT = int(sys.argv[5]), int(sys.argv[6])
# Each refresh token and code can be used once: a further slice of each warms its endpoint up first.
WARM_COUNT = int(sys.argv[7]) if len(sys.argv) > 7 else 0
SMS_GRANT = "urn:identity-platform:grant-type:sms-otp"


def call(method, path, body=None, token=None, form=None):
    headers = {}
    data = None
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = "Bearer " + token
    req = urllib.request.Request(BASE + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def phone(i):
    # The same valid ranges as bench/phones.lua uses, far from its serials.
    area = ["415", "650", "408", "510", "628", "707", "925", "669"][(i // 10000) % 8]
    return f"+1{area}{200 + (i // 80000) % 700:03d}{i % 10000:04d}"


status, tok = call("POST", "/t/platform/connect/token", form={"grant_type": "client_credentials",
    "client_id": "platform-automation", "client_secret": SECRET, "scope": "idp_admin"})
admin = tok["access_token"]
call("POST", "/api/v1/tenants", {"slug": "bench", "display_name": "Bench"}, admin)
status, settings = call("GET", "/api/v1/tenants/bench/settings", token=admin)
settings["sign_in"]["sms"].update({"enabled": True, "sign_up": True, "require_second_factor": False,
                                   "code_lifetime_seconds": 600, "max_sends_per_phone_per_hour": 20})
assert call("PUT", "/api/v1/tenants/bench/settings", settings, admin)[0] == 200
svc = call("POST", "/api/v1/tenants/bench/clients", {"client_id": "svc", "type": "confidential",
    "grant_types": ["client_credentials"], "scopes": ["api"]}, admin)[1]["client_secret"]
mobile = call("POST", "/api/v1/tenants/bench/clients", {"client_id": "mobile", "type": "confidential",
    "grant_types": [SMS_GRANT, "refresh_token"], "scopes": ["openid", "phone", "offline_access"]}, admin)[1]["client_secret"]


def start(i):
    s, body = call("POST", "/t/bench/connect/sms/start", form={"client_id": "mobile", "client_secret": mobile, "phone_number": phone(i)})
    assert s == 200, (s, body, phone(i))
    return phone(i), body["otp_id"]


def codes():
    found = {}
    for line in open(OUTBOX):
        m = json.loads(line)
        found[m["to"]] = re.search(r"#(\d+)\s*$", m["text"]).group(1)
    return found


with concurrent.futures.ThreadPoolExecutor(8) as pool:
    started = list(pool.map(start, range(3_000_000, 3_000_000 + 2 * WARM_COUNT + REFRESH_COUNT + GRANT_COUNT)))
# Texts leave through the send queue after the answer: wait until every one is in the outbox.
for _ in range(600):
    known = codes()
    if all(p in known for p, _otp in started):
        break
    time.sleep(0.1)
pairs = [(otp, known[p]) for p, otp in started]


def sign_in(pair):
    s, body = call("POST", "/t/bench/connect/token", form={"grant_type": SMS_GRANT, "otp_id": pair[0], "code": pair[1],
        "client_id": "mobile", "client_secret": mobile, "scope": "openid phone offline_access"})
    assert s == 200, (s, body)
    return body["refresh_token"]


with concurrent.futures.ThreadPoolExecutor(8) as pool:
    refresh = list(pool.map(sign_in, pairs[:WARM_COUNT + REFRESH_COUNT]))
codes_left = pairs[WARM_COUNT + REFRESH_COUNT:]

enc = urllib.parse.urlencode


def write(name, items, line):
    with open(f"{OUT}/{name}", "w") as f:
        for item in items:
            f.write(enc(line(item)) + "\n")


def refresh_line(t):
    return {"grant_type": "refresh_token", "refresh_token": t, "client_id": "mobile", "client_secret": mobile}


def grant_line(pair):
    return {"grant_type": SMS_GRANT, "otp_id": pair[0], "code": pair[1], "client_id": "mobile",
            "client_secret": mobile, "scope": "openid phone offline_access"}


def start_line(i):
    return {"client_id": "mobile", "client_secret": mobile, "phone_number": phone(i)}


write("refresh-warm.txt", refresh[:WARM_COUNT], refresh_line)
write("refresh.txt", refresh[WARM_COUNT:], refresh_line)
write("grant-warm.txt", codes_left[:WARM_COUNT], grant_line)
write("grant.txt", codes_left[WARM_COUNT:], grant_line)
write("start-warm.txt", range(4_000_000, 4_000_000 + WARM_COUNT), start_line)
write("start.txt", range(5_000_000, 5_000_000 + GRANT_COUNT), start_line)
with open(f"{OUT}/cc.txt", "w") as f:
    f.write(enc({"grant_type": "client_credentials", "client_id": "svc", "client_secret": svc, "scope": "api"}) + "\n")
with open(f"{OUT}/env.sh", "w") as f:
    f.write(f"CC_BODY='{enc({'grant_type': 'client_credentials', 'client_id': 'svc', 'client_secret': svc, 'scope': 'api'})}'\n")
    f.write(f"START_BODY='{enc({'client_id': 'mobile', 'client_secret': mobile})}'\n")
print(f"prepared {len(refresh) - WARM_COUNT} refresh tokens and {len(codes_left) - WARM_COUNT} codes (and {WARM_COUNT} of each to warm up)")
