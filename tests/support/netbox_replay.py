#!/usr/bin/env python3
"""A stand-in NetBox for the import tests: replays recorded API responses.

Serves tests/fixtures/netbox/<shape>/<endpoint>[-offset-N].json under
http(s)://127.0.0.1:PORT/<shape>/api/dcim/<endpoint>/, with "{BASE}" in the
files (the `next` links) replaced by its own URL and prefix. Checks the
Authorization header against the token file (401 otherwise). Prefixes that
misbehave: /fail500/, /hang/ (answers after 5 s), /malformed/ (cut JSON),
/wrongshape/ (results is not an array), /evilnext/ (a `next` link to
another host), /redirect/ (302 to /v4/). Writes its port to --port-file and
one line per request (path, whether the token matched) to --log.

Usage: netbox_replay.py --fixtures DIR --token-file F --port-file P --log L [--tls CERT KEY]
"""
import argparse
import http.server
import json
import os
import ssl
import sys
import time
import urllib.parse


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--fixtures", required=True)
    p.add_argument("--token-file", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    return p.parse_args()


ARGS = parse_args()
with open(ARGS.token_file) as f:
    TOKEN = f.read().strip()
EXPECTED = ("Bearer " if TOKEN.startswith("nbt_") else "Token ") + TOKEN


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=()):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        authorized = self.headers.get("Authorization") == EXPECTED
        with open(ARGS.log, "a") as log:
            log.write(f"{self.path} auth={'ok' if authorized else 'bad'}\n")
        if not authorized:
            return self.reply(401, '{"detail": "Invalid token"}')
        prefix = parts[0] if parts else ""
        if prefix == "fail500":
            return self.reply(500, '{"detail": "Server Error"}')
        if prefix == "hang":
            time.sleep(5)
            return self.reply(200, '{"count": 0, "next": null, "previous": null, "results": []}')
        if prefix == "malformed":
            return self.reply(200, '{"count": 1, "next": null, "results": [{"name": "x"')
        if prefix == "wrongshape":
            return self.reply(200, '{"count": 1, "next": null, "results": {"name": "x"}}')
        if prefix == "redirect":
            return self.reply(302, "", [("Location", "/v4" + self.path[len("/redirect"):])])
        shape = "v4" if prefix == "evilnext" else prefix
        if len(parts) != 4 or parts[1:3] != ["api", "dcim"]:
            return self.reply(404, '{"detail": "Not found."}')
        offset = urllib.parse.parse_qs(url.query).get("offset", [None])[0]
        name = parts[3] + (f"-offset-{offset}" if offset else "") + ".json"
        path = os.path.join(ARGS.fixtures, shape, name)
        if not os.path.isfile(path):
            return self.reply(404, '{"detail": "Not found."}')
        with open(path) as f:
            body = f.read()
        scheme = "https" if ARGS.tls else "http"
        host = "localhost" if prefix == "evilnext" else "127.0.0.1"
        body = body.replace("{BASE}", f"{scheme}://{host}:{self.server.server_port}/{prefix}")
        json.loads(body)  # the fixtures themselves must be JSON
        self.reply(200, body)


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if ARGS.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*ARGS.tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    with open(ARGS.port_file + ".tmp", "w") as f:
        f.write(str(server.server_port))
    os.rename(ARGS.port_file + ".tmp", ARGS.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
