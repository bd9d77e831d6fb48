#!/usr/bin/python3
"""Raw TCP servers that misbehave before or during the SSH handshake.

Usage: raw_tcp.py MODE ADDRESS PORT EVENTS LIFETIME_S
  endless-lines  lines before the banner, without end (RFC 4253 §4.2 allows some lines)
  huge           10 MB of pre-banner lines, then a banner, then silence
  drip           the banner, one byte per second
  stall-banner   a valid banner, then silence
  stall-kex      a valid banner and KEXINIT (RFC 4253 §7.1), then silence
Each connection is served for at most LIFETIME_S seconds; the server exits after that too.
"""
import os
import socket
import struct
import sys
import threading
import time

MODE, ADDRESS, PORT, EVENTS, LIFETIME = sys.argv[1:6]
END = time.monotonic() + float(LIFETIME)
BANNER = b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"


def name_list(names):
    data = ",".join(names).encode()
    return struct.pack(">I", len(data)) + data


def kexinit_packet():
    payload = bytes([20]) + os.urandom(16)
    payload += name_list(["curve25519-sha256", "diffie-hellman-group14-sha256"])
    payload += name_list(["ssh-ed25519"])
    payload += name_list(["aes128-ctr"]) * 2 + name_list(["hmac-sha2-256"]) * 2
    payload += name_list(["none"]) * 2 + name_list([]) * 2
    payload += b"\x00" + struct.pack(">I", 0)
    padding = 8 - (len(payload) + 5) % 8
    padding += 8 if padding < 4 else 0
    return struct.pack(">IB", len(payload) + padding + 1, padding) + payload + b"\x00" * padding


def silence(conn):
    while time.monotonic() < END:
        conn.settimeout(max(0.1, END - time.monotonic()))
        try:
            if not conn.recv(65536):
                return
        except socket.timeout:
            return


def serve(conn):
    try:
        if MODE == "endless-lines":
            n = 0
            while time.monotonic() < END:
                conn.sendall(b"Welcome to the jungle, line %d of many\r\n" % n)
                n += 1
                if n % 64 == 0:
                    time.sleep(0.001)
        elif MODE == "huge":
            line = b"x" * 200 + b"\r\n"
            sent = 0
            while sent < 10 * 1000 * 1000 and time.monotonic() < END:
                conn.sendall(line * 50)
                sent += len(line) * 50
            conn.sendall(BANNER)
            silence(conn)
        elif MODE == "drip":
            for byte in BANNER:
                if time.monotonic() >= END:
                    break
                conn.sendall(bytes([byte]))
                time.sleep(1)
            silence(conn)
        elif MODE == "stall-banner":
            conn.sendall(BANNER)
            silence(conn)
        elif MODE == "stall-kex":
            conn.sendall(BANNER + kexinit_packet())
            silence(conn)
    except OSError:
        pass  # the client gave up: what it should do
    finally:
        conn.close()


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((ADDRESS, int(PORT)))
    listener.listen(16)
    listener.settimeout(0.2)
    with open(EVENTS, "a") as f:
        f.write("listening\n")
    while time.monotonic() < END:
        try:
            conn, _ = listener.accept()
        except socket.timeout:
            continue
        with open(EVENTS, "a") as f:
            f.write("connection\n")
        threading.Thread(target=serve, args=(conn,), daemon=True).start()
    os._exit(0)


if __name__ == "__main__":
    main()
