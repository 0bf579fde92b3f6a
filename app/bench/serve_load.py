#!/usr/bin/env python3
"""Load test of `empower serve` on loopback (issue 17): for each concurrency, that many clients type
through real source files as an editor plugin would — each request is the previous prefix plus a few
characters, on a keep-alive connection — for a bounded time; every 10th request is abandoned 5 ms
after it is sent (the connection closed), as an editor does when the user types on.

With --think-ms 0 each client sends its next request as soon as the last is answered, which
saturates the server; a typist's pause between keystrokes is --think-ms 150 or so.

Prints, per concurrency: requests answered, throughput, p50/p95/p99 latency, statuses, abandoned
requests and the cancellations the server counted, and the server's RSS before and after.

    python3 app/bench/serve_load.py build/dev/app/empower [--seconds 60] [--clients 1 4 16] [--serve-args "--threads 2"]
"""
import argparse
import http.client
import json
import os
import random
import re
import shlex
import socket
import subprocess
import sys
import threading
import time

SOURCES = ["/usr/lib/python3.11/textwrap.py", "/usr/lib/python3.11/json/decoder.py", "/usr/lib/python3.11/heapq.py",
           "/usr/lib/python3.11/bisect.py", "/usr/lib/python3.11/shlex.py"]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


def metric(port, name):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", "/metrics")
    text = c.getresponse().read().decode()
    m = re.search(rf"^{name} (\S+)$", text, re.M)
    return float(m.group(1)) if m else 0.0


def client(port, seed, deadline, out, think_s):
    rng = random.Random(seed)
    text = open(rng.choice(SOURCES), encoding="utf-8").read()
    at = rng.randrange(200, len(text) // 2)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    n = 0
    while time.monotonic() < deadline:
        at = min(len(text), at + rng.randint(1, 6))  # a few more characters typed
        body = json.dumps({"prompt": text[:at], "max_tokens": 32, "user": f"client-{seed}"})
        n += 1
        if n % 10 == 0:  # abandoned: sent, then the connection closed 5 ms later
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(f"POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      f"Content-Length: {len(body.encode())}\r\n\r\n".encode() + body.encode())
            time.sleep(0.005)
            s.close()
            out.append(("abandoned", 0.0))
            continue
        start = time.monotonic()
        try:
            conn.request("POST", "/v1/completions", body, {"Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
            out.append((r.status, time.monotonic() - start))
            time.sleep(think_s)  # the next keystrokes
        except (OSError, http.client.HTTPException):
            out.append(("error", time.monotonic() - start))
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("empower")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    ap.add_argument("--think-ms", type=float, default=0, help="pause after each answer (0: closed loop, saturating)")
    ap.add_argument("--serve-args", default="--threads 2", help="more arguments for empower serve, one string")
    a = ap.parse_args()
    server = subprocess.Popen([a.empower, "serve", "--port", "0", *shlex.split(a.serve_args)], stdout=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    port = int(re.search(r":(\d+) ", line).group(1))
    print(line.strip())
    try:
        rss_start = rss_kib(server.pid)
        for clients in a.clients:
            cancelled_before = metric(port, "empower_cancellations_total")
            rss_before = rss_kib(server.pid)
            results = []
            deadline = time.monotonic() + a.seconds
            threads = [threading.Thread(target=client, args=(port, 1000 * clients + i, deadline, results, a.think_ms / 1000)) for i in range(clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            time.sleep(0.5)
            lat = [s for status, s in results if status == 200]
            statuses = {}
            for status, _ in results:
                statuses[str(status)] = statuses.get(str(status), 0) + 1
            print(json.dumps({
                "clients": clients, "seconds": a.seconds, "think_ms": a.think_ms, "answered": len(lat),
                "throughput_per_s": round(len(lat) / a.seconds, 2),
                "p50_ms": round(1000 * percentile(lat, 50), 1), "p95_ms": round(1000 * percentile(lat, 95), 1),
                "p99_ms": round(1000 * percentile(lat, 99), 1), "statuses": statuses,
                "abandoned": statuses.get("abandoned", 0),
                "server_cancellations": metric(port, "empower_cancellations_total") - cancelled_before,
                "rss_mib_before": round(rss_before / 1024, 1), "rss_mib_after": round(rss_kib(server.pid) / 1024, 1)}))
            sys.stdout.flush()
        print(json.dumps({"rss_mib_start": round(rss_start / 1024, 1), "rss_mib_end": round(rss_kib(server.pid) / 1024, 1),
                          "server_alive": server.poll() is None}))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
