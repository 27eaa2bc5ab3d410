#!/usr/bin/env python3
"""Turns the files of one bench/run.sh run into docs/benchmarks.md (standard library only)."""
import datetime, re, subprocess, sys

work, signs, cores, rss = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])


def load(name):
    text = open(f"{work}/{name}.out").read()
    return {k: v for k, v in re.findall(r"(\w+)=(\S+)", text)}


def wrk(name):
    try:
        text = open(f"{work}/{name}.out").read()
    except FileNotFoundError:
        return None
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
    return (float(rps.group(1)), p50.group(1), p99.group(1)) if rps else None


def fleet_section():
    """Two nodes on PostgreSQL and Redis (bench/fleet.sh, FLEET=1): both nodes measured at once, 8 connections each."""
    import os
    names = ["cc", "refresh", "start", "grant"]
    if not all(os.path.exists(f"{work}/fleet-{n}-{i}.out") for n in names for i in (1, 2)):
        return []
    lines = ["", "## Two nodes, PostgreSQL and Redis (FLEET=1)", "",
             "Both nodes on this same machine, each loaded by its own LoadRunner with 8 connections at the same time",
             "(16 in all). Requests/s is the sum of both; p50 and p99 are the worse node's. The two nodes share the",
             "machine's cores with PostgreSQL, Redis and the load generators, so this shows that a fleet holds its",
             "figures with shared state (limits in Redis and PostgreSQL, one database), not the speed-up of more machines.", "",
             "| endpoint | requests/s (2 nodes) | single node (SQLite) | p50 | p99 | statuses |", "|---|---|---|---|---|---|"]
    total = {}
    for n in names:
        parts = [load(f"fleet-{n}-{i}") for i in (1, 2)]
        total[n] = sum(float(p["rps"]) for p in parts)
        worst = lambda key: max(parts, key=lambda p: float(p[key].rstrip("ms")))[key]
        statuses = " ".join(p["statuses"] for p in parts)
        lines.append(f"| {labels[n]} | {total[n]:.0f} | {rps[n]:.0f} | {worst('p50')} | {worst('p99')} | {statuses} |")
    full = 1 / (1 / total["start"] + 1 / total["grant"])
    lines += ["", f"A full SMS sign-in (start + grant) on the two nodes: {full:.0f} per second (single node: {sms:.0f})."]
    return lines


runs = {n: load(n) for n in ["cc", "refresh", "start", "grant"]}
rps = {n: float(r["rps"]) for n, r in runs.items()}
limit = signs * cores
sms = 1 / (1 / rps["start"] + 1 / rps["grant"])
ws, wp = wrk("wrk-server"), wrk("wrk-peer")
out = ["# Benchmarks", "",
       f"One run of `bench/run.sh` on {datetime.date.today()} at commit "
       f"{subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()}, "
       f"this machine ({cores} cores). The server runs on SQLite",
       "(Release build, logs at Warning) on 127.0.0.1; every figure below comes from the same run.", "",
       "## Server, bench/LoadRunner, 16 connections", "",
       "| endpoint | requests/s | p50 | p99 | statuses |", "|---|---|---|---|---|"]
labels = {"cc": "client_credentials (RS256 JWT)", "refresh": "refresh_token (rotated; each token once)",
          "start": "connect/sms/start (a new phone each time)", "grant": "sms-otp grant (each code once; signs the user up)"}
for n, r in runs.items():
    out.append(f"| {labels[n]} | {rps[n]:.0f} | {r['p50']} | {r['p99']} | {r['statuses']} |")
out += ["", "## Side by side with node oidc-provider, `wrk -t2 -c16` on both", "", "| server | client_credentials requests/s | p50 | p99 |", "|---|---|---|---|"]
if ws:
    out.append(f"| Identity Platform | {ws[0]:.0f} | {ws[1]} | {ws[2]} |")
if wp:
    out.append(f"| node oidc-provider 9 (../shared/bench) | {wp[0]:.0f} | {wp[1]} | {wp[2]} |")
out += ["", "## Against the targets", "", "| ratio | value | target | met |", "|---|---|---|---|"]


def row(name, value, target, ok):
    out.append(f"| {name} | {value:.2f} | {target} | {'yes' if ok else 'no'} |")


# Each flow against its own floor: the RSA signatures it must make (openssl's signs/s on every core).
# client_credentials signs once; a refresh and a full SMS sign-in (start + grant, scope openid) sign twice.
if limit:
    row(f"client_credentials / its floor ({signs:.0f} RSA-2048 signs/s × {cores}, 1 signature)", rps["cc"] / limit, "≥ 0.60", rps["cc"] / limit >= 0.6)
if ws and wp:
    row("client_credentials / oidc-provider (same wrk command)", ws[0] / wp[0], "≥ 1.5", ws[0] / wp[0] >= 1.5)
if limit:
    row("refresh / its floor (2 signatures)", rps["refresh"] / (limit / 2), "≥ 0.40", rps["refresh"] / (limit / 2) >= 0.4)
    row("full SMS sign-in, start + grant / its floor (2 signatures)", sms / (limit / 2), "≥ 0.30", sms / (limit / 2) >= 0.3)
c70 = load("cc70")
p50, p99 = float(c70["p50"].rstrip("ms")), float(c70["p99"].rstrip("ms"))
row("client_credentials at 70 % of saturation: p99 in ms (open loop, " + c70["rps"] + " requests/s)", p99, "< 100", p99 < 100)
row("client_credentials at 70 % of saturation: p99 / p50", p99 / p50, "≤ 3", p99 / p50 <= 3)
out += ["", f"Peak RSS of the server over the run: {rss:.0f} MB (target ≤ 300 MB)."]
out += fleet_section()
if limit:
    # Machine time per request: 1 / (requests per second on all cores). An RSA signature's share comes from openssl.
    cc_cost, rsa = 1 / rps["cc"], 1 / limit
    rest = max(cc_cost - rsa, 0)
    ms = lambda seconds: f"{seconds * 1000:.3f} ms"
    out += ["", "## How low a full SMS sign-in could go", "",
            f"- A client_credentials token costs {ms(cc_cost)} of machine time in this run: one RSA signature "
            f"({ms(rsa)}) and {ms(rest)} for the rest of the request.",
            "- A full SMS sign-in is two requests (start and grant). With the `openid` scope the bench asks for,",
            "  the grant signs two RSA tokens (access and identity token).",
            f"- Even with free database writes, phone parsing, code hashing and SMS, that is {(2 * rsa + 2 * rest) / cc_cost:.2f}x",
            f"  a client_credentials token ({(rsa + 2 * rest) / cc_cost:.2f}x without an identity token).",
            f"- This run's sign-in costs {rps['cc'] / sms:.2f}x. The difference is the work itself: the start's code row",
            "  and limit counters, the grant's counted try and its one save (user, authorization, refresh token, audit",
            "  events), and the client, phone and code checks."]
print("\n".join(out))
