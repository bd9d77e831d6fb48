#!/usr/bin/python3
"""A hostile SSH server built on paramiko (Debian python3-paramiko 2.12).

Usage: hostile_ssh.py MODE ADDRESS PORT HOSTKEY EVENTS LOGIN_USER LOGIN_PASSWORD LIFETIME_S

It answers the generic-linux profile's four commands (attest/profiles/generic_linux.cpp) and
logs every authentication request it sees to EVENTS as "auth METHOD USERNAME RESULT" (never a
password value). MODE picks the hostility:
  accept-any   every password for every user logs in
  partial      the login works; root/0penBmc (a generic-linux factory default) gets
               AUTH_PARTIALLY_SUCCESSFUL: first factor right, a second one asked
  weak         only diffie-hellman-group1-sha1, ssh-dss (1024 bit), 3des-cbc, hmac-md5
  utf8         invalid UTF-8 in the banner comment, the auth-method list, command output
               and stderr, and the exit-signal name of the serial command
  ansi         ANSI/OSC escapes and bidi overrides in the facts
  stall-auth   the login's password requests never get an answer
The server exits after LIFETIME_S seconds so a hung client cannot keep it alive.
"""
import os
import sys
import threading
import time

import paramiko
import logging; logging.basicConfig(level=logging.DEBUG) if os.environ.get("HOSTILE_DEBUG") else None
from paramiko.common import cMSG_CHANNEL_REQUEST
from paramiko.message import Message

sys.dont_write_bytecode = True  # importing paramiko_server must not write into the source tree
from paramiko_server import Events, harden, listener, run_transport, serve_until

MODE, ADDRESS, PORT, HOSTKEY, EVENTS, LOGIN_USER, LOGIN_PASSWORD, LIFETIME = sys.argv[1:9]
FACTORY_PASSWORD = "0penBmc"  # firmware-db/credentials/defaults.json, generic-linux
BAD = b"\xff\xfe\xc0\xaf\xed\xa0\x80"  # invalid lead bytes, an overlong '/', a UTF-16 surrogate
ANSI = "\x1b[2J\x1b[31m\x1b]0;owned\x07\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\\u202e\u2066"

event = Events(EVENTS)


class RawBanner(bytes):
    """paramiko writes `b(local_version + "\\r\\n")` and hashes local_version into the
    exchange hash: a bytes value keeps both identical, invalid bytes included."""

    def __add__(self, other):
        return RawBanner(bytes(self) + (other.encode() if isinstance(other, str) else other))


def outputs():
    vendor, model, serial, name = b"Dell Inc.", b"PowerEdge R660", ("SRV-" + MODE.upper()).encode(), b"Debian GNU/Linux"
    if MODE == "utf8":
        vendor, name = b"Dell Inc." + BAD, b"Debian" + BAD
    if MODE == "ansi":
        vendor = ANSI.encode() + b"Dell Inc."
        serial += ANSI.encode() + b"LIVE"
        name = b"Debian" + ANSI.encode()
    os_release = b'PRETTY_NAME="' + name + b'"\nNAME="' + name + b'"\nVERSION_ID="12"\nID=debian\n'
    return {
        "cat /etc/os-release": os_release,
        "cat /sys/class/dmi/id/sys_vendor": vendor + b"\n",
        "cat /sys/class/dmi/id/product_name": model + b"\n",
        "cat /sys/class/dmi/id/product_serial": serial + b"\n",
    }


class Server(paramiko.ServerInterface):
    def __init__(self):
        self.partial_users = set()

    def get_allowed_auths(self, username):
        if MODE == "utf8":
            return b"password,publickey," + BAD + b"-mic"
        if username in self.partial_users:
            return "publickey"
        return "password"

    def check_auth_none(self, username):
        event("auth none " + username + " refused")
        return paramiko.AUTH_FAILED

    def check_auth_password(self, username, password):
        if MODE == "stall-auth" and username == LOGIN_USER:
            event("auth password " + username + " stalled")
            time.sleep(float(LIFETIME))
            return paramiko.AUTH_FAILED
        if MODE == "accept-any" or (username == LOGIN_USER and password == LOGIN_PASSWORD):
            event("auth password " + username + " accepted")
            return paramiko.AUTH_SUCCESSFUL
        if MODE == "partial" and username == "root" and password == FACTORY_PASSWORD:
            self.partial_users.add(username)
            event("auth password " + username + " partial")
            return paramiko.AUTH_PARTIALLY_SUCCESSFUL
        event("auth password " + username + " refused")
        return paramiko.AUTH_FAILED

    def check_auth_publickey(self, username, key):
        event("auth publickey " + username + " refused")
        return paramiko.AUTH_FAILED

    def check_channel_request(self, kind, chanid):
        return paramiko.OPEN_SUCCEEDED if kind == "session" else paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def check_channel_exec_request(self, channel, command):
        threading.Thread(target=answer, args=(channel, command.decode("utf-8", "replace")), daemon=True).start()
        return True


def send_exit_signal(channel, name):
    """RFC 4254 §6.10 exit-signal; paramiko has no API for it."""
    m = Message()
    m.add_byte(cMSG_CHANNEL_REQUEST)
    m.add_int(channel.remote_chanid)
    m.add_string("exit-signal")
    m.add_boolean(False)
    m.add_string(name)
    m.add_boolean(False)
    m.add_string(b"core dumped " + BAD)
    m.add_string("")
    channel.transport._send_user_message(m)


def answer(channel, command):
    out = outputs().get(command)
    if out is None:
        channel.sendall_stderr(("sh: " + command + ": not found\n").encode())
        channel.send_exit_status(127)
    else:
        channel.sendall(out)
        if MODE == "utf8":
            channel.sendall_stderr(b"warning: " + BAD + b"\n")
        if MODE == "utf8" and command.endswith("product_serial"):
            send_exit_signal(channel, b"SEGV" + BAD)
        else:
            channel.send_exit_status(0)
    channel.shutdown_write()  # EOF first, then close: the client reads everything
    time.sleep(0.05)
    channel.close()


def weaken(transport):
    transport._preferred_kex = ("diffie-hellman-group1-sha1",)
    transport._preferred_ciphers = ("3des-cbc",)
    transport._preferred_macs = ("hmac-md5",)
    transport._preferred_keys = ("ssh-dss",)
    transport._preferred_compression = ("none",)


def tune(transport):
    if MODE == "utf8":
        transport.local_version = RawBanner(b"SSH-2.0-OpenSSH_9.2 evil" + BAD)
    if MODE == "weak":
        weaken(transport)
    else:
        harden(transport)


def main():
    # HOSTKEY comes from ssh-keygen: `-t dsa -b 1024 -m PEM` for weak, `-t ed25519` otherwise.
    host_key = paramiko.DSSKey(filename=HOSTKEY) if MODE == "weak" else paramiko.Ed25519Key(filename=HOSTKEY)
    listening = listener(ADDRESS, PORT)
    event("listening")
    serve_until({listening: lambda conn: run_transport(conn, host_key, Server(), event, tune)}, LIFETIME)


if __name__ == "__main__":
    main()
