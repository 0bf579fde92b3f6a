#!/usr/bin/env python3
"""Bad-input run against `empower serve` (issue 17): N malformed requests — truncated JSON, wrong
types, invalid UTF-8, huge bodies, garbage request lines, unknown routes — from 8 threads, plus
slowloris-style clients that send half a header and stall. Afterwards the server must be alive and
healthy, every answer a 4xx (never a 5xx), and the stalled connections dropped by its read timeout.

    python3 app/bench/serve_bad_input.py build/dev/app/empower [--requests 10000]
"""
import argparse
import collections
import json
import random
import re
import socket
import subprocess
import threading
import time

GOOD = json.dumps({"prompt": "def f(x):\n    return", "max_tokens": 8, "logprobs": 2})


def malformed(rng):
    kind = rng.randrange(9)
    if kind == 0:  # truncated JSON
        return "/v1/completions", GOOD[: rng.randrange(1, len(GOOD) - 1)].encode()
    if kind == 1:  # wrong types
        field = rng.choice(["prompt", "max_tokens", "stop", "logprobs", "temperature", "echo", "empower", "n", "seed"])
        value = rng.choice([[1, 2], {"a": 1}, "x", -5, 1e308, None, True, [None]])
        return "/v1/completions", json.dumps({"prompt": "x", field: value}).encode()
    if kind == 2:  # invalid UTF-8 inside a string
        return rng.choice(["/", "/v1/completions", "/infill"]), b'["\xff\xfe\xc3(' + bytes(rng.randrange(256) for _ in range(8)) + b'"]'
    if kind == 3:  # tab_frontend with the wrong shape
        return "/", rng.choice([b"{}", b"[]", b"[1]", b'["a","b"]', b"null", b'"x"', b"[[\"x\"]]"])
    if kind == 4:  # infill with wrong types
        return "/infill", json.dumps({"input_prefix": rng.choice([1, [], {}]), "n_predict": rng.choice(["x", 10**9, -7])}).encode()
    if kind == 5:  # random bytes
        return rng.choice(["/", "/v1/completions", "/infill"]), bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
    if kind == 6:  # unknown route
        return rng.choice(["/v2/x", "/v1/chat/completions", "/../etc/passwd", "/health/x"]), b"{}"
    if kind == 7:  # deeply nested
        depth = rng.randrange(100, 5000)
        return "/v1/completions", b"[" * depth + b"]" * depth
    return "/v1/completions", b'{"prompt": "' + b"a" * rng.randrange(1, 1000) + b'", "empower": {"eta": "high"}}'


def send(port, path, body, raw_request=None):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    try:
        if raw_request is None:
            raw_request = (f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                           f"Connection: close\r\n\r\n").encode() + body
        s.sendall(raw_request)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
        m = re.match(rb"HTTP/1\.[01] (\d{3})", data)
        return int(m.group(1)) if m else "no status"
    except OSError as e:
        return type(e).__name__
    finally:
        s.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("empower")
    ap.add_argument("--requests", type=int, default=10000)
    ap.add_argument("--slowloris", type=int, default=20)
    a = ap.parse_args()
    server = subprocess.Popen([a.empower, "serve", "--port", "0", "--read-timeout", "2", "--max-body", "1048576"],
                              stdout=subprocess.PIPE, text=True)
    port = int(re.search(r":(\d+) ", server.stdout.readline()).group(1))
    counts = collections.Counter()
    lock = threading.Lock()
    start = time.monotonic()

    def worker(seed, n):
        rng = random.Random(seed)
        for i in range(n):
            if i % 500 == 0:  # now and then a body over --max-body, and a garbage request line
                status = send(port, "/", b"[\"" + b"x" * (2 << 20) + b"\"]")
            elif i % 97 == 0:
                status = send(port, None, None, raw_request=bytes(rng.randrange(256) for _ in range(64)) + b"\r\n\r\n")
            else:
                status = send(port, *malformed(rng))
            with lock:
                counts[str(status)] += 1

    def slowloris(i):
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        s.sendall(b"POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Le")
        t0 = time.monotonic()
        try:
            s.recv(1)  # the server gives up on us after its read timeout: an error answer or EOF
        except OSError:
            pass
        with lock:
            counts["slowloris ended"] += 1
            counts["slowloris max s"] = max(counts["slowloris max s"], round(time.monotonic() - t0))
        s.close()

    threads = [threading.Thread(target=worker, args=(i, a.requests // 8)) for i in range(8)]
    threads += [threading.Thread(target=slowloris, args=(i,)) for i in range(a.slowloris)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    health = send(port, None, None, raw_request=b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    good = send(port, "/v1/completions", GOOD.encode())
    print(json.dumps({"requests": sum(v for k, v in counts.items() if not k.startswith("slowloris")),
                      "seconds": round(time.monotonic() - start, 1), "statuses": dict(counts), "health_after": health,
                      "good_request_after": good, "server_alive": server.poll() is None,
                      "five_hundreds": sum(v for k, v in counts.items() if k.isdigit() and k.startswith("5"))}))
    server.terminate()
    server.wait(timeout=30)


if __name__ == "__main__":
    main()
