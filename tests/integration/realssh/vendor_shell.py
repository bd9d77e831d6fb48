#!/usr/bin/python3
"""Vendor command lines on paramiko (Debian python3-paramiko 2.12): console servers, PDUs
and switches as their SSH servers present them, for the profiles of issue 11.

Usage: vendor_shell.py SPEC   (JSON, mode 0600: it holds the test login)

  {"login": {"username": U, "password": P}, "lifetime_s": 25, "devices": [
    {"name": N, "profile": "apc-nmc", "fixture": "tests/fixtures/profiles/apc-nmc/x.txt",
     "variant": "clean", "address": "127.86.0.1", "port": 2222, "host_key": ED25519_FILE,
     "events": FILE, "accept": [[USER, PASSWORD], ...], "auth": "password", "start_s": 0, "menu": false}]}

The commands' outputs, the login banner and the prompt come from the profile's committed
fixture, a transcript of the CLI: its last line is the prompt, a line that starts with the
prompt is a command (the rest of the line), what follows it up to the next one is that
command's output, and what precedes the first command is the banner printed before the
first prompt. So server and parser tests read the same bytes.

Over a pty the server behaves as the CLI: banner, prompt, it echoes what is typed, ends
lines with CRLF, answers a command it does not know as the vendor's CLI does (VENDORS)
and leaves on exit/logout/quit. Exec requests are refused where the device offers only a
shell (the PDU and console-server CLIs); elsewhere they answer like a Linux exec, and a
fixture output "-bash: X: command not found" is that on stderr with status 127.

Where a login lands before the CLI (a Lobby): a banner line that is a Unix shell's prompt
and `cli` (an ACS root login) starts the session in that shell, where any other command
is bash's "command not found", until `cli` prints the rest; with "menu": true a Digi DAL
login first shows the access selection menu (DAL_MENU) and waits for `a`. Every line
typed there is logged as "lobby: LINE".

Every authentication request is logged to the device's events file as
"auth METHOD USERNAME RESULT" (never a password). Only the login and the `accept` pairs
log in, by `auth`: "password" (the default) or "keyboard-interactive" alone, one echo-off
"Password: " prompt, as appliance SSH stacks often offer it. `variant` picks the behaviour:
  clean   as above
  noise   ANSI colour and erase-line codes around every value, echo one byte at a time,
          and a " --More-- " pager every 6 lines that waits for a key (Cisco's form;
          space: next page, q: stop)
  silent  shell: the banner, then no prompt ever and no echo; exec: no output, no exit
`start_s` delays the banner and first prompt after the shell request (a CLI slow to start).
The server exits after lifetime_s seconds so a hung client cannot keep it alive.
"""
import json
import re
import sys
import threading
import time

import paramiko

sys.dont_write_bytecode = True  # importing paramiko_server must not write into the source tree
from paramiko_server import Events, listener, run_transport, serve_until

# How each CLI answers a command it does not know ({word}: its first word), after the
# profiles' refusal fixtures, and whether its SSH server takes exec requests (the PDU and
# console-server CLIs are shell-only).
VENDORS = {}
for row in r"""
apc-nmc          shell  E101: Command Not Found
raritan-px       shell  Unknown command '{word}'. Type 'help' for a list of commands.
servertech-pro2  shell  Invalid request\n
vertiv-geist     shell  Unknown command: {word}
avocent-acs      shell  Error: Invalid command: {word}
lantronix-slc    shell  Invalid command: {word}
digi-connect-it  shell  error: invalid command '{word}'
digi-connectport shell  unrecognized command: {word}
dell-os10        exec   % Error: Unrecognized command.
aruba-aoscx      exec   Invalid input: {word}
cisco-iosxr      exec   % Invalid input detected at '^' marker.
cumulus-nvue     exec   -bash: {word}: command not found""".strip().split("\n"):
    profile, channels, unknown = row.split(None, 2)
    VENDORS[profile] = {"unknown": unknown.replace("\\n", "\n"), "exec": channels == "exec"}
LEAVE = ("exit", "logout", "quit")
PAGE_LINES = 6
MORE = " --More-- "
UNIX_ESCAPE = re.compile(r"^(\[[^]]+\][#$] )(cli)$")
NOT_FOUND = re.compile(r"^-bash: \S+: command not found$")


class Lobby:
    """Where a login lands before the CLI: a Unix shell, a menu. `escapes` are the
    answers that enter the CLI (printing `after`), anything else gets `refused`."""

    def __init__(self, banner, prompt, escapes, refused, after):
        self.banner, self.prompt, self.escapes, self.refused, self.after = banner, prompt, escapes, refused, after


# Digi Accelerated Linux (Connect IT, IX/TX routers) greets a user with Admin and
# shell rights with an access selection menu; `a` starts the Admin CLI. The menu
# and the Admin CLI greeting follow public Digi IX-series automation scripts
# (the `[admin]` form of the question); the CLI redraws its prompt after ESC [0K.
DAL_MENU = "Access selection menu:\n\n    a: Admin CLI\n    s: Shell\n    q: Quit\n\n"
DAL_MENU_PROMPT = "Select access or quit [admin] : "
DAL_ADMIN = "Connecting now...\n Press Tab to autocomplete commands\n Type 'exit' to disconnect from the Admin CLI\n"


class Transcript:
    """A fixture split into banner, prompt and outputs keyed by command."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        self.prompt = lines.pop()
        mark = self.prompt.rstrip()
        banner, self.outputs, current = [], {}, None
        for line in lines:
            if line.startswith(mark):
                current = line[len(mark):].strip()
                self.outputs[current] = []
            elif current is None:
                banner.append(line)
            else:
                self.outputs[current].append(line)
        # A login that lands in a Unix shell first (ACS root: "[root@acs8048 ~]# cli"):
        # the banner up to that line comes before the shell's prompt, the rest after `cli`.
        self.lobby = None
        for n, line in enumerate(banner):
            m = UNIX_ESCAPE.match(line)
            if m:
                before, banner = banner[:n], banner[n + 1:]
                self.lobby = Lobby("".join(x + "\n" for x in before), m.group(1), (m.group(2),),
                                   "-bash: {word}: command not found\n", "".join(x + "\n" for x in banner))
                break
        self.banner = "".join(line + "\n" for line in banner)
        self.outputs = {c: "".join(line + "\n" for line in out) for c, out in self.outputs.items()}


def crlf(text):
    return text.replace("\n", "\r\n").encode("utf-8")


def noisy(line):
    """ANSI around the value: a CSI colour after the label, reset and erase-line after."""
    key, colon, value = line.partition(":")
    return (key + colon + "\x1b[1;32m" + value + "\x1b[0m\x1b[K") if colon else line + "\x1b[K"


class Device:
    def __init__(self, spec, login):
        self.spec, self.login = spec, login
        self.vendor = VENDORS[spec["profile"]]
        self.transcript = Transcript(spec["fixture"])
        self.events = Events(spec["events"])
        self.accept = {tuple(pair) for pair in spec.get("accept", [])} | {(login["username"], login["password"])}
        self.variant = spec.get("variant", "clean")
        self.lobby, self.redraw = self.transcript.lobby, ""
        if spec.get("menu"):
            t = self.transcript
            self.lobby = Lobby(t.banner + DAL_MENU, DAL_MENU_PROMPT, ("a", "admin"), "", DAL_ADMIN)
            self.redraw = "\x1b[0K"
        self.auth = spec.get("auth", "password")  # or "keyboard-interactive" (a "Password: " prompt)

    def unknown(self, line):
        return self.vendor["unknown"].format(word=line.split()[0], line=line) + "\n"


class Server(paramiko.ServerInterface):
    def __init__(self, device):
        self.device = device

    def get_allowed_auths(self, username):
        return "publickey," + self.device.auth

    def check_auth_interactive(self, username, submethods):
        if self.device.auth != "keyboard-interactive":
            return paramiko.AUTH_FAILED
        self.username = username
        return paramiko.server.InteractiveQuery("", "", ("Password: ", False))

    def check_auth_interactive_response(self, responses):
        return self.login("keyboard-interactive", self.username, responses[0] if len(responses) == 1 else None)

    def check_auth_none(self, username):
        self.device.events("auth none " + username + " refused")
        return paramiko.AUTH_FAILED

    def check_auth_password(self, username, password):
        if self.device.auth != "password":
            return paramiko.AUTH_FAILED
        return self.login("password", username, password)

    def login(self, method, username, password):
        ok = (username, password) in self.device.accept
        self.device.events("auth " + method + " " + username + (" accepted" if ok else " refused"))
        return paramiko.AUTH_SUCCESSFUL if ok else paramiko.AUTH_FAILED

    def check_auth_publickey(self, username, key):
        self.device.events("auth publickey " + username + " refused")
        return paramiko.AUTH_FAILED

    def check_channel_request(self, kind, chanid):
        return paramiko.OPEN_SUCCEEDED if kind == "session" else paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def check_channel_pty_request(self, channel, term, width, height, pixelwidth, pixelheight, modes):
        return True

    def check_channel_shell_request(self, channel):
        self.device.events("shell")
        threading.Thread(target=Shell(self.device, channel).run, daemon=True).start()
        return True

    def check_channel_exec_request(self, channel, command):
        command = command.decode("utf-8", "replace")
        self.device.events("exec " + command + (" answered" if self.device.vendor["exec"] else " refused"))
        if not self.device.vendor["exec"]:
            return False
        threading.Thread(target=answer_exec, args=(self.device, channel, command), daemon=True).start()
        return True


def answer_exec(device, channel, command):
    if device.variant == "silent":
        return  # no output, no exit status: the client's deadline has to end it
    out = device.transcript.outputs.get(command)
    if out is None:
        channel.sendall_stderr(device.unknown(command).encode())
        channel.send_exit_status(127)
    elif NOT_FOUND.match(out.strip()):
        channel.sendall_stderr(out.encode())
        channel.send_exit_status(127)
    else:
        channel.sendall(out.encode())
        channel.send_exit_status(0)
    channel.shutdown_write()  # EOF first, then close: the client reads everything
    time.sleep(0.05)
    channel.close()


class Shell:
    """One interactive CLI session over a pty channel."""

    def __init__(self, device, channel):
        self.device, self.channel = device, channel
        self.noise = device.variant == "noise"
        self.line, self.last = "", ""
        self.lobby = device.lobby  # None once in the CLI

    def run(self):
        t = self.device.transcript
        try:
            time.sleep(float(self.device.spec.get("start_s", 0)))
            self.channel.sendall(crlf(self.lobby.banner if self.lobby else t.banner))
            if self.device.variant == "silent":
                while self.channel.recv(1024):
                    pass  # swallowed: no echo, no prompt
                return
            self.prompt()
            while True:
                data = self.channel.recv(1024)
                if not data or not self.typed(data.decode("utf-8", "replace")):
                    break
        except (OSError, EOFError):
            pass
        self.channel.close()

    def prompt(self):
        if self.lobby:
            self.channel.sendall(crlf(self.lobby.prompt))
            return
        redraw = "\r\x1b[K" if self.noise else self.device.redraw
        self.channel.sendall(crlf(redraw + self.device.transcript.prompt))

    def typed(self, text):
        """Echoes and edits as a terminal line discipline would; False once the user left.
        The echo goes out per chunk received (per byte with noise), always before the
        command's answer."""
        echo = b""
        for c in text:
            if c == "\n" and self.last == "\r":
                self.last = c
                continue  # CR LF is one Enter
            self.last = c
            if c in "\r\n":
                self.channel.sendall(echo + b"\r\n")
                echo, line, self.line = b"", self.line.strip(), ""
                if line in LEAVE:
                    return False
                self.command(line)
            elif c in "\x7f\b" and self.line:
                self.line = self.line[:-1]
                echo += b"\b \b"
            elif c >= " ":
                self.line += c
                echo += c.encode()
            if self.noise and echo:
                self.channel.sendall(echo)
                echo = b""
        if echo:
            self.channel.sendall(echo)
        return True

    def command(self, line):
        t = self.device.transcript
        if self.lobby:
            self.device.events("lobby: " + line)
            if line in self.lobby.escapes:
                self.write(self.lobby.after)
                self.lobby = None
            elif line and self.lobby.refused:
                self.write(self.lobby.refused.format(word=line.split()[0]))
        elif line:
            out = t.outputs.get(line)
            self.write(out if out is not None else self.device.unknown(line))
        self.prompt()

    def write(self, text):
        if not self.noise:
            self.channel.sendall(crlf(text))
            return
        lines = text.split("\n")
        for n, line in enumerate(lines[:-1], 1):
            self.channel.sendall(crlf(noisy(line) + "\n"))
            if n % PAGE_LINES == 0 and n < len(lines) - 1 and not self.more():
                return

    def more(self):
        """The pager: waits for a key; the marker is erased before the next line."""
        self.channel.sendall(MORE.encode())
        key = self.channel.recv(1)
        self.device.events("pager answered " + ("space" if key == b" " else repr(key)))
        self.channel.sendall(("\b" * len(MORE) + " " * len(MORE) + "\b" * len(MORE)).encode())
        return key not in (b"q", b"")


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    listeners = {}
    for d in spec["devices"]:
        device = Device(d, spec["login"])
        key = paramiko.Ed25519Key(filename=d["host_key"])
        listeners[listener(d["address"], d["port"])] = (
            lambda conn, device=device, key=key: run_transport(conn, key, Server(device), device.events))
        device.events("listening")
    serve_until(listeners, spec["lifetime_s"])


if __name__ == "__main__":
    main()
