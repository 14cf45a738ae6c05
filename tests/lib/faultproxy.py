#!/usr/bin/env python3
"""faultproxy.py — a fault-injecting HTTP proxy for boucle's sync tests.

Listens on 127.0.0.1 only and forwards to 127.0.0.1:TARGET, one request per
connection (it answers "Connection: close"), injecting faults as told by a
plan file that it re-reads for every request, so a test can change the plan
while the proxy runs:

    seed=7 max_faults=40 delay=0.2 delay_ms=300 drop_mid=0.2 drop_req=0.1
    reset=0.1 s500=0.1 s503=0.1 html=0.05 garbage=0.05

Probabilities are per request, tried in the order below; at most one fault
per request, and no more than max_faults faults in all (then it passes
everything through, so that a test always converges):
  reset     close the client connection at once with a TCP reset (no request
            forwarded)
  s503/s500 answer 503 / 500 without forwarding
  html      answer 200 with an HTML page without forwarding
  drop_req  forward the request (the hub does the work) but close the client
            connection without an answer: "dropped mid-batch"
  drop_mid  forward, then send only part of the answer and close (truncated)
  garbage   forward, then answer 200 with a body that is not JSON
  delay     wait delay_ms before answering (on top of the other faults)
It writes one line per fault to the log given with --log.

Two modes rewrite the _changes feed instead (not counted as faults):
  seqlong=N  every "seq" and "last_seq" of a _changes answer becomes an
            opaque string of N+ bytes (like a big CouchDB cluster's), mapped
            back to the hub's own when it comes back as ?since=; a since it
            never gave out (e.g. cut short) is answered 400, as CouchDB does
  since400=1 every _changes request whose since is not 0 is answered 400

Usage: faultproxy.py --port P --target T --plan FILE [--log FILE] [--lifetime S]
"""
import argparse, hashlib, json, random, socket, socketserver, struct, sys, threading, time
import urllib.parse

ARGS = None
LOCK = threading.Lock()
STATE = {"faults": 0, "rng": None, "seed": None, "requests": 0}
TOKENS = {}   # seqlong: long opaque token -> the hub's own sequence (JSON value)


def read_plan():
    plan = {}
    try:
        with open(ARGS.plan) as f:
            for tok in f.read().split():
                if "=" in tok:
                    k, v = tok.split("=", 1)
                    plan[k] = float(v)
    except OSError:
        pass
    return plan


def log(msg):
    if ARGS.log:
        with open(ARGS.log, "a") as f:
            f.write(msg + "\n")


def recv_request(sock):
    """Reads one HTTP request (headers + Content-Length body). Bounded."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
        if len(data) > 1 << 20:
            return None
    head, rest = data.split(b"\r\n\r\n", 1)
    length = 0
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length":
            length = int(v.strip())
    while len(rest) < length:
        chunk = sock.recv(min(1 << 20, length - len(rest)))
        if not chunk:
            return None
        rest += chunk
    lines = [l for l in head.split(b"\r\n")
             if not l.lower().startswith((b"connection:", b"keep-alive:", b"proxy-"))]
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + rest


def forward(req):
    up = socket.create_connection(("127.0.0.1", ARGS.target), timeout=120)
    try:
        up.sendall(req)
        out = b""
        while True:
            chunk = up.recv(1 << 20)
            if not chunk:
                break
            out += chunk
        return out
    finally:
        up.close()


def simple(status, reason, ctype, body):
    return (b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n"
            b"Connection: close\r\n\r\n" % (status, reason, ctype, len(body))) + body


def with_close(resp):
    head, sep, body = resp.partition(b"\r\n\r\n")
    lines = [l for l in head.split(b"\r\n") if not l.lower().startswith(b"connection:")]
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + sep + body


def bad_request(reason):
    body = json.dumps({"error": "bad_request", "reason": reason}).encode()
    return simple(400, b"Bad Request", b"application/json", body)


def changes_since(req):
    """(since, target) of a _changes request, or (None, None)."""
    line = req.split(b"\r\n", 1)[0].decode("latin-1")
    parts = line.split(" ")
    if len(parts) < 2 or "/_changes" not in parts[1]:
        return None, None
    q = urllib.parse.urlsplit(parts[1]).query
    since = urllib.parse.parse_qs(q, keep_blank_values=True).get("since", ["0"])[0]
    return since, parts[1]


def token_for(seq, n):
    raw = json.dumps(seq)
    with LOCK:
        for t, v in TOKENS.items():
            if json.dumps(v) == raw:
                return t
        t = "%d-" % (len(TOKENS) + 1)
        pad = b""
        while len(t) + len(pad) < n:
            pad += hashlib.sha256(raw.encode() + pad).hexdigest().encode()
        t = (t + "g1AAAA_" + pad.decode())[: n + 8]
        TOKENS[t] = seq
        return t


def dechunk(body):
    out, i = b"", 0
    while True:
        j = body.index(b"\r\n", i)
        size = int(body[i:j].split(b";")[0], 16)
        if size == 0:
            return out
        out += body[j + 2: j + 2 + size]
        i = j + 2 + size + 2


def rewrite_changes(resp, n):
    """The answer with its sequences replaced by long tokens."""
    head, _, body = resp.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    if b" 200 " not in lines[0] + b" ":
        return resp
    if any(l.lower().startswith(b"transfer-encoding:") and b"chunked" in l.lower() for l in lines):
        body = dechunk(body)
    try:
        page = json.loads(body)
    except (ValueError, RecursionError):
        return resp
    for row in page.get("results", []):
        if "seq" in row:
            row["seq"] = token_for(row["seq"], n)
    if "last_seq" in page:
        page["last_seq"] = token_for(page["last_seq"], n)
    body = json.dumps(page).encode()
    keep = [l for l in lines[1:] if not l.lower().startswith(
        (b"transfer-encoding:", b"content-length:", b"content-encoding:", b"connection:"))]
    return b"\r\n".join([lines[0]] + keep + [b"Content-Length: %d" % len(body), b"Connection: close"]) \
        + b"\r\n\r\n" + body


def without_header(req, name):
    head, sep, body = req.partition(b"\r\n\r\n")
    lines = [l for l in head.split(b"\r\n") if not l.lower().startswith(name)]
    return b"\r\n".join(lines) + sep + body


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        sock = self.request
        sock.settimeout(120)
        req = recv_request(sock)
        if req is None:
            return
        plan = read_plan()
        with LOCK:
            seed = int(plan.get("seed", 1))
            if STATE["seed"] != seed:
                STATE["seed"], STATE["rng"], STATE["faults"] = seed, random.Random(seed), 0
            rng = STATE["rng"]
            STATE["requests"] += 1
            fault = None
            if STATE["faults"] < plan.get("max_faults", 1e9):
                for name in ("reset", "s503", "s500", "html", "drop_req", "drop_mid", "garbage"):
                    if rng.random() < plan.get(name, 0):
                        fault = name
                        break
            delay = rng.random() < plan.get("delay", 0)
            if fault:
                STATE["faults"] += 1
        line = req.split(b"\r\n", 1)[0].decode("latin-1")
        since, target = changes_since(req)
        if since is not None and plan.get("since400", 0) and since != "0":
            sock.sendall(bad_request("Malformed sequence supplied in 'since' parameter."))
            return
        seqlong = int(plan.get("seqlong", 0))
        if since is not None and seqlong:
            if since != "0":
                with LOCK:
                    orig = TOKENS.get(since)
                if orig is None:
                    sock.sendall(bad_request("Malformed sequence supplied in 'since' parameter."))
                    return
                orig_s = orig if isinstance(orig, str) else json.dumps(orig)
                new_target = target.replace("since=" + urllib.parse.quote(since, safe=""),
                                            "since=" + urllib.parse.quote(orig_s, safe=""))
                if new_target == target:   # escaped differently by the client
                    sp = urllib.parse.urlsplit(target)
                    qs = [(k, orig_s if k == "since" else v)
                          for k, v in urllib.parse.parse_qsl(sp.query, keep_blank_values=True)]
                    new_target = sp.path + "?" + urllib.parse.urlencode(qs)
                req = req.replace(target.encode("latin-1"), new_target.encode("latin-1"), 1)
            req = without_header(req, b"accept-encoding:")
            try:
                resp = forward(req)
            except OSError:
                sock.sendall(simple(502, b"Bad Gateway", b"text/plain", b"upstream down"))
                return
            sock.sendall(rewrite_changes(resp, seqlong))
            return
        if fault or delay:
            log("%s%s %s" % (fault or "", " +delay" if delay else "", line))
        if delay:
            time.sleep(plan.get("delay_ms", 200) / 1000.0)
        if fault == "reset":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return
        if fault == "s503":
            sock.sendall(simple(503, b"Service Unavailable", b"application/json",
                                b'{"error":"service_unavailable","reason":"injected"}'))
            return
        if fault == "s500":
            sock.sendall(simple(500, b"Internal Server Error", b"application/json",
                                b'{"error":"internal_server_error","reason":"injected"}'))
            return
        if fault == "html":
            sock.sendall(simple(200, b"OK", b"text/html",
                                b"<html><body>Captive portal: log in</body></html>"))
            return
        try:
            resp = forward(req)
        except OSError:
            sock.sendall(simple(502, b"Bad Gateway", b"text/plain", b"upstream down"))
            return
        if fault == "drop_req":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return
        if fault == "drop_mid":
            sock.sendall(with_close(resp)[: max(1, len(resp) // 2)])
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return
        if fault == "garbage":
            sock.sendall(simple(200, b"OK", b"application/json", b'{"results":[{"id":tru'))
            return
        sock.sendall(with_close(resp))


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--target", type=int, required=True)
    ap.add_argument("--plan", required=True)
    ap.add_argument("--log")
    ap.add_argument("--lifetime", type=float, default=900.0)
    ARGS = ap.parse_args()
    srv = Server(("127.0.0.1", ARGS.port), Handler)
    # Bounded: never outlives a test run, even when the test is killed.
    t = threading.Timer(ARGS.lifetime, srv.shutdown)
    t.daemon = True
    t.start()
    print("ready", flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
