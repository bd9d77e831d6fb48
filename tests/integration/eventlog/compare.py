#!/usr/bin/python3
"""Compares attest's view of an event log with stock tpm2-tools' (tpm2-tools 5.4).

  compare.py pcrs TPM2_OUTPUT ATTEST_REPLAY_JSON BANKS
      the "pcrs:" section tpm2_eventlog prints (or tpm2_pcrread's output) against
      `attest eventlog replay --json`, for each bank in BANKS (comma separated)
  compare.py events TPM2_EVENTLOG_OUTPUT ATTEST_SHOW_JSON
      every event's PCR, type and digests: tpm2_eventlog against `attest eventlog show --json`

tpm2_eventlog's output is read line by line, not as YAML: for SHA1-only logs it prints
the events as one mapping with repeated keys. Exit 0 when equal, 1 naming the first difference.
"""
import json
import re
import sys


def tpm2_pcrs(text):
    """bank -> {pcr: hex} from "  sha256:" / "    0  : 0x..." lines (after "pcrs:" if present)."""
    if "\npcrs:" in text:
        text = text.split("\npcrs:", 1)[1]
    banks, bank = {}, None
    for line in text.splitlines():
        m = re.match(r"^\s*(sha1|sha256|sha384|sha512|sm3_256):\s*$", line)
        if m:
            bank = banks.setdefault(m.group(1), {})
            continue
        m = re.match(r"^\s*(\d+)\s*:\s*0x([0-9A-Fa-f]+)\s*$", line)
        if m and bank is not None:
            bank[m.group(1)] = m.group(2).lower()
    return banks


def tpm2_events(text):
    """[(pcr, type, {alg: hex})] from tpm2_eventlog's event lines; the Spec ID event (EventNum 0) dropped."""
    body = text.split("\npcrs:", 1)[0]
    events, current, alg = [], None, None
    for line in body.splitlines():
        m = re.match(r"^\s*-?\s*PCRIndex:\s*(\d+)", line)
        if m:
            current = [int(m.group(1)), None, {}]
            events.append(current)
            continue
        m = re.match(r"^\s*EventType:\s*(\S+)", line)
        if m and current:
            current[1] = m.group(1)
        m = re.match(r"^\s*- AlgorithmId:\s*(\S+)", line)
        if m:
            alg = m.group(1)
        m = re.match(r'^\s*Digest:\s*"([0-9a-fA-F]+)"', line)
        if m and current and alg:
            current[2][alg] = m.group(1).lower()
    if events and events[0][1] == "EV_NO_ACTION" and "Spec ID Event03" in body[:4000]:
        events = events[1:]
    return events


def fail(what):
    print("compare.py: " + what)
    sys.exit(1)


def compare_pcrs(tpm2_file, attest_file, banks):
    theirs = tpm2_pcrs(open(tpm2_file).read())
    ours = json.load(open(attest_file))["pcrs"]
    for bank in banks.split(","):
        if bank not in theirs or bank not in ours:
            fail("bank %s: tpm2-tools has %s, attest has %s" % (bank, sorted(theirs), sorted(ours)))
        for pcr, value in ours[bank].items():
            if theirs[bank].get(pcr) != value:
                fail("%s PCR%s: attest %s, tpm2-tools %s" % (bank, pcr, value, theirs[bank].get(pcr)))
        for pcr in theirs[bank]:
            if pcr not in ours[bank] and set(theirs[bank][pcr]) != {"0"}:
                fail("%s PCR%s: tpm2-tools %s, attest has none" % (bank, pcr, theirs[bank][pcr]))
    print("pcrs equal: " + banks)


def compare_events(tpm2_file, attest_file):
    theirs = tpm2_events(open(tpm2_file).read())
    ours = json.load(open(attest_file))["events"]
    if len(theirs) != len(ours):
        fail("tpm2_eventlog lists %d events, attest %d" % (len(theirs), len(ours)))
    for i, (t, o) in enumerate(zip(theirs, ours)):
        if t[0] != o["pcr"] or t[1] != o["type"] or t[2] != o["digests"]:
            fail("event %d: tpm2_eventlog %r, attest %r" % (i + 1, t, (o["pcr"], o["type"], o["digests"])))
    print("events equal: %d" % len(ours))


if __name__ == "__main__":
    if sys.argv[1] == "pcrs":
        compare_pcrs(*sys.argv[2:5])
    elif sys.argv[1] == "events":
        compare_events(*sys.argv[2:4])
    else:
        fail("unknown mode " + sys.argv[1])
