"""What the paramiko-scripted servers share (hostile_ssh.py, vendor_shell.py): the events
file, the hardened algorithm lists, one transport per connection and the accept loop
that ends the process after its lifetime, so a hung client cannot keep a server alive.
Debian python3-paramiko 2.12."""
import os
import select
import socket
import threading
import time

import paramiko


class Events:
    """Appends one line per event to a file ("auth METHOD USERNAME RESULT", never a
    password value); the test counts them."""

    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()

    def __call__(self, text):
        with self.lock, open(self.path, "a", encoding="utf-8") as f:
            f.write(text + "\n")


def harden(transport):
    # paramiko 2.12's defaults still offer group1-sha1, CBC ciphers and MD5
    # MACs, which the site posture policy forbids: the other scenarios are
    # about one behaviour each, so they offer only what a hardened device would.
    transport._preferred_kex = ("curve25519-sha256@libssh.org", "diffie-hellman-group16-sha512")
    transport._preferred_ciphers = ("aes256-ctr", "aes128-ctr")
    transport._preferred_macs = ("hmac-sha2-256", "hmac-sha2-512")
    transport._preferred_compression = ("none",)


def run_transport(conn, host_key, server, events, tune=harden):
    """Serves one connection until the client leaves; `tune(transport)` picks the
    algorithms (and banner) before the handshake."""
    transport = paramiko.Transport(conn)
    tune(transport)
    transport.add_server_key(host_key)
    try:
        transport.start_server(server=server)
        channels = []  # a paramiko Channel closes itself when garbage-collected
        while transport.is_active():
            channels.append(transport.accept(0.5))
    except Exception as e:  # a client that hangs up mid-way is normal here
        events("connection ended: " + type(e).__name__)
    finally:
        transport.close()


def listener(address, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((address, int(port)))
    s.listen(16)
    return s


def serve_until(listeners, lifetime_s):
    """`listeners` maps a listening socket to handle(conn), each connection served on
    its own thread. Exits the process after `lifetime_s` seconds."""
    end = time.monotonic() + float(lifetime_s)
    while time.monotonic() < end:
        ready, _, _ = select.select(list(listeners), [], [], 0.2)
        for s in ready:
            conn, _ = s.accept()
            threading.Thread(target=listeners[s], args=(conn,), daemon=True).start()
    os._exit(0)
