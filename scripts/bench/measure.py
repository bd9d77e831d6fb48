"""Process measurement for the site benchmark: wall time, CPU and peak RSS of a
child (wait4 gives the rusage of that child and of every descendant it waited
for), and the lab process (its readiness, CPU, VmHWM and stats file)."""
import json
import os
import signal
import subprocess
import threading
import time

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class Measured:
    def __init__(self, rc, wall, cpu, maxrss_kib, timed_out, max_threads):
        self.rc, self.wall, self.cpu, self.maxrss_kib = rc, wall, cpu, maxrss_kib
        self.timed_out, self.max_threads = timed_out, max_threads


class ThreadPeak:
    """The most threads a process had, sampled every 50 ms until stop()."""

    def __init__(self, pid):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self):
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, proc_status_kib(self.pid, "Threads") or 0)
            except OSError:
                return
            self._stop.wait(0.05)

    def stop(self):
        self._stop.set()
        self._thread.join()
        return self.peak or None


def run_measured(argv, timeout, stdout, stderr, env=None, stdin=subprocess.DEVNULL):
    """Runs argv in its own process group; on timeout the whole group is killed."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=stderr, stdin=stdin, env=env, start_new_session=True)
    result = []
    waiter = threading.Thread(target=lambda: result.append(os.wait4(proc.pid, 0)))
    waiter.start()
    threads = ThreadPeak(proc.pid)
    waiter.join(timeout)
    timed_out = waiter.is_alive()
    if timed_out:
        os.killpg(proc.pid, signal.SIGKILL)
        waiter.join()
    wall = time.monotonic() - start
    max_threads = threads.stop()
    _, status, usage = result[0]
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, keep Popen quiet
    return Measured(proc.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, timed_out, max_threads)


def proc_cpu_seconds(pid):
    """utime + stime of a live process, from /proc/<pid>/stat (fields 14 and 15)."""
    with open("/proc/{}/stat".format(pid)) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def proc_status_kib(pid, key):
    """A number from /proc/<pid>/status (kiB for the Vm* keys), None when absent."""
    with open("/proc/{}/status".format(pid)) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return None


def catches_signal(pid, signum):
    """True when the process blocks or handles `signum` (so sending it does not kill it)."""
    bit = 1 << (signum - 1)
    masks = {}
    with open("/proc/{}/status".format(pid)) as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("SigBlk", "SigCgt"):
                masks[key] = int(value.strip(), 16)
    return any(m & bit for m in masks.values())


class LabError(Exception):
    pass


class Lab:
    """attest-lab serving a generated spec, started and stopped by the benchmark."""

    def __init__(self, binary, spec, workdir, ready_timeout):
        self.ready_path = os.path.join(workdir, "ready.json")
        self.stats_path = os.path.join(workdir, "stats.json")
        self.log_path = os.path.join(workdir, "lab.log")
        for p in (self.ready_path, self.stats_path):
            if os.path.exists(p):
                os.unlink(p)
        self.log = open(self.log_path, "w")
        argv = [binary, "--spec", spec, "--ready", self.ready_path, "--stats", self.stats_path, "--quiet",
                "--exit-with-parent"]
        self.proc = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.ready = self._wait_ready(ready_timeout)

    def _wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise LabError("attest-lab exited with {} before it was ready: {}".format(
                    self.proc.returncode, self.log_tail()))
            if os.path.exists(self.ready_path):
                with open(self.ready_path) as f:
                    return {d["name"]: d for d in json.load(f)["devices"]}
            time.sleep(0.05)
        self.stop()
        raise LabError("attest-lab was not ready after {:.0f} s: {}".format(timeout, self.log_tail()))

    def log_tail(self, lines=5):
        self.log.flush()
        with open(self.log_path, errors="replace") as f:
            tail = f.read().strip().splitlines()[-lines:]
        return " | ".join(tail) if tail else "(no output)"

    def alive(self):
        return self.proc.poll() is None

    def cpu_seconds(self):
        return proc_cpu_seconds(self.proc.pid)

    def peak_rss_kib(self):
        return proc_status_kib(self.proc.pid, "VmHWM")

    def threads(self):
        return proc_status_kib(self.proc.pid, "Threads")

    def _read_stats(self):
        try:
            with open(self.stats_path) as f:
                return json.load(f)["devices"]
        except (OSError, ValueError, KeyError):
            return None

    def stats_now(self, settle=0.3, timeout=120.0):
        """The lab's counters as of now, or None when this lab only writes them at exit.

        A lab that handles SIGUSR1 is asked to write them and the file must change;
        an older lab rewrites the file after every connection (serialized, with an
        fsync each: it lags behind by seconds at 1,000 devices), so it is read once
        it stops changing."""
        before = os.stat(self.stats_path).st_mtime_ns if os.path.exists(self.stats_path) else 0
        if catches_signal(self.proc.pid, signal.SIGUSR1):
            self.proc.send_signal(signal.SIGUSR1)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if os.path.exists(self.stats_path) and os.stat(self.stats_path).st_mtime_ns != before:
                    time.sleep(0.05)
                    return self._read_stats()
                time.sleep(0.02)
            return None
        last = None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            stamp = os.stat(self.stats_path).st_mtime_ns if os.path.exists(self.stats_path) else 0
            if stamp == last:
                stats = self._read_stats()
                busy = stats and sum(d.get("connections", 0) for d in stats.values()) > 0
                return stats if busy else None
            last = stamp
            time.sleep(settle)
        return None

    def stop(self):
        """SIGTERM, wait; returns the stats written at exit (None when unreadable)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self._read_stats()
