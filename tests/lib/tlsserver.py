#!/usr/bin/env python3
"""tlsserver.py — a tiny HTTPS server on 127.0.0.1 for TLS failure tests:
answers every GET with a CouchDB-like welcome. Bounded lifetime.

    tlsserver.py PORT CERT KEY [LIFETIME_S]
"""
import http.server, ssl, sys, threading


class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'{"couchdb":"Welcome","version":"3.3.3"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


def main():
    port, cert, key = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    life = float(sys.argv[4]) if len(sys.argv) > 4 else 120.0
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), H)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    t = threading.Timer(life, srv.shutdown)
    t.daemon = True
    t.start()
    srv.serve_forever()


if __name__ == "__main__":
    main()
