#!/usr/bin/env python3
"""A stand-in BMC for the Redfish tests: replays a recorded Redfish tree over HTTPS.

Serves --fixtures DIR the way DMTF's Redfish-Mockup-Server serves a mockup:
GET /redfish/v1/X/Y answers DIR/redfish/v1/X/Y/index.json. Authentication as
DSP0266 section 13 asks: the service root and POST .../SessionService/Sessions
are open, everything else needs HTTP Basic or an X-Auth-Token of a session it
opened (DELETE of the session's URI closes it). --accounts FILE holds
{"user": "password"} (test values only). AccountService is open without a
credential only with --open-account-service.

Lockout: the AccountLockoutThreshold and AccountLockoutCounterResetAfter of
the fixture's AccountService (or --threshold N, which is also what it serves)
are enforced: after N failed logins inside the counter window every login is
refused, and the log says "locked".

--fault KIND[@PATH] misbehaves on PATH (default: the service root):
html (an HTML login page), truncated (JSON cut in the middle), huge (50 MB),
redirect (302 to another host).

Writes its port to --port-file and one JSON line per request to --log:
method, path, whether an Authorization / X-Auth-Token header came, the Basic
user, the status, and "locked" once locked.

Usage: redfish_replay.py --fixtures DIR --cert C --key K --port-file P --log L
         [--accounts F] [--threshold N] [--open-account-service] [--fault KIND[@PATH]]
"""
import argparse
import base64
import http.server
import json
import os
import secrets
import ssl
import threading
import time


def parse_args():
    p = argparse.ArgumentParser()
    for required in ("--fixtures", "--cert", "--key", "--port-file", "--log"):
        p.add_argument(required, required=True)
    p.add_argument("--accounts")
    p.add_argument("--threshold", type=int)
    p.add_argument("--open-account-service", action="store_true")
    p.add_argument("--fault")
    return p.parse_args()


ARGS = parse_args()
ACCOUNTS = {}
if ARGS.accounts:
    with open(ARGS.accounts) as f:
        ACCOUNTS = json.load(f)
FAULT, FAULT_PATH = (ARGS.fault.split("@", 1) + ["/redfish/v1"])[:2] if ARGS.fault else (None, None)
LOCK = threading.Lock()
SESSIONS = {}  # token -> session path
FAILURES = []  # times of failed logins
LOCKED = [False]


def fixture_path(path):
    clean = path.split("?", 1)[0].rstrip("/")
    if ".." in clean:
        return None
    return os.path.join(ARGS.fixtures, clean.lstrip("/"), "index.json")


def load(path):
    f = fixture_path(path)
    if f is None or not os.path.isfile(f):
        return None
    with open(f) as fh:
        doc = json.load(fh)
    if path.rstrip("/") == "/redfish/v1/AccountService" and ARGS.threshold is not None:
        doc["AccountLockoutThreshold"] = ARGS.threshold
    return doc


def lockout():
    doc = load("/redfish/v1/AccountService") or {}
    threshold = ARGS.threshold if ARGS.threshold is not None else doc.get("AccountLockoutThreshold", 0)
    return threshold, doc.get("AccountLockoutCounterResetAfter", 0)


def login_ok(user, password):
    """Checks a login against the accounts and the lockout; counts failures."""
    threshold, window = lockout()
    with LOCK:
        now = time.time()
        FAILURES[:] = [t for t in FAILURES if now - t < window]
        if threshold and len(FAILURES) >= threshold:
            LOCKED[0] = True
            return False
        if ACCOUNTS.get(user) == password and user is not None:
            return True
        FAILURES.append(now)
        if threshold and len(FAILURES) >= threshold:
            LOCKED[0] = True
        return False


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def record(self, status, user):
        line = {"method": self.command, "path": self.path, "status": status,
                "authorization": "Authorization" in self.headers,
                "x_auth_token": "X-Auth-Token" in self.headers, "user": user, "locked": LOCKED[0]}
        with LOCK, open(ARGS.log, "a") as f:
            f.write(json.dumps(line) + "\n")

    def reply(self, status, body, user=None, ctype="application/json", headers=()):
        data = body if isinstance(body, bytes) else (json.dumps(body) if not isinstance(body, str) else body).encode()
        self.record(status, user)
        self.send_response(status)
        for k, v in [("Content-Type", ctype), ("Content-Length", str(len(data)))] + list(headers):
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def basic_user(self):
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Basic "):
            return None, None
        try:
            user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
        except Exception:
            return None, None
        return user, password

    def authorized(self):
        token = self.headers.get("X-Auth-Token")
        if token is not None:
            with LOCK:
                return token in SESSIONS, None
        user, password = self.basic_user()
        if user is None:
            return False, None
        return login_ok(user, password), user

    def fault(self):
        """Misbehaves on FAULT_PATH; True when it answered."""
        if FAULT is None or self.path.rstrip("/") != FAULT_PATH.rstrip("/"):
            return False
        if FAULT == "html":
            self.reply(200, "<html><body><form action=/login>iDRAC login</form></body></html>", ctype="text/html")
        elif FAULT == "truncated":
            self.reply(200, '{"@odata.id": "/redfish/v1", "RedfishVersion": "1.15.0", "Systems": {"@odat')
        elif FAULT == "huge":
            self.record(200, None)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(50 << 20))
            self.end_headers()
            chunk = b" " * (1 << 20)
            try:
                self.wfile.write(b'{"pad": "')
                for _ in range(50):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                pass
        elif FAULT == "redirect":
            self.reply(302, "", headers=[("Location", "https://198.51.100.7/redfish/v1")])
        return True

    def do_GET(self):
        if self.fault():
            return
        path = self.path.split("?", 1)[0].rstrip("/")
        open_paths = {"/redfish/v1", "/redfish"}
        if self.command == "GET" and path == "/redfish/v1/AccountService" and ARGS.open_account_service:
            open_paths.add(path)
        user = None
        if path not in open_paths:
            ok, user = self.authorized()
            if not ok:
                return self.reply(401, {"error": {"code": "Base.1.8.NoValidSession"}}, user)
        doc = load(path)
        if doc is None:
            return self.reply(404, {"error": {"code": "Base.1.8.ResourceMissingAtURI"}}, user)
        self.reply(200, doc, user)

    def do_POST(self):
        length = min(int(self.headers.get("Content-Length", "0")), 65536)
        body = self.rfile.read(length)
        if self.path.rstrip("/") != "/redfish/v1/SessionService/Sessions":
            return self.reply(405, {"error": {"code": "Base.1.8.OperationNotAllowed"}})
        try:
            creds = json.loads(body)
            user, password = creds.get("UserName"), creds.get("Password")
        except Exception:
            return self.reply(400, {"error": {"code": "Base.1.8.MalformedJSON"}})
        if not login_ok(user, password):
            return self.reply(401, {"error": {"code": "Base.1.8.InsufficientPrivilege"}}, user)
        token = secrets.token_hex(16)
        where = "/redfish/v1/SessionService/Sessions/" + secrets.token_hex(4)
        with LOCK:
            SESSIONS[token] = where
        self.reply(201, {"@odata.id": where, "UserName": user}, user,
                   headers=[("X-Auth-Token", token), ("Location", where)])

    def do_DELETE(self):
        token = self.headers.get("X-Auth-Token")
        with LOCK:
            found = token is not None and SESSIONS.get(token) == self.path.rstrip("/")
            if found:
                del SESSIONS[token]
        self.reply(204 if found else 401, b"")


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(ARGS.cert, ARGS.key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    with open(ARGS.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(ARGS.port_file + ".tmp", ARGS.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
