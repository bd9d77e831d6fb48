#!/usr/bin/python3
"""Event logs built straight from the TCG layouts, independently of attest's writer.

Usage: make_logs.py DIR

Writes into DIR, each with DIR/NAME.extend (one "PCR sha1=HEX[,sha256=HEX...]" line per
measured event, for tpm2_pcrextend):
  agile.bin        crypto-agile (PC Client PFP 1.05, 10.2.1/10.2.2/10.4.5.1): Spec ID
                   "Spec ID Event03" with sha1+sha256, StartupLocality, S-CRTM version,
                   firmware blob, SecureBoot/PK/KEK/db/dbx variables, separators, a boot
                   application with a file-path device path, an EV_EFI_ACTION
  agile384.bin     the same with sha1+sha256+sha384 banks
  sha1only.bin     SHA1-only (TCG PC Client Implementation Spec for Conventional BIOS 1.21,
                   11.1.1): TCG_PCClientPCREvent entries, no Spec ID header
  quirks.bin       agile.bin plus two bytes after the SecureBoot variable's data, an
                   informational EV_NO_ACTION on PCR 0xffffffff, 512 bytes of 0xff padding
  sha1pad.bin      sha1only.bin plus 256 zero bytes (an ACPI TCPA buffer's tail)
  unknown_alg.bin  agile.bin with a third bank, SM3_256 (0x0012), attest cannot compute
"""
import hashlib
import os
import struct
import sys

SHA1, SHA256, SHA384, SM3 = 0x0004, 0x000B, 0x000C, 0x0012
HASHES = {SHA1: hashlib.sha1, SHA256: hashlib.sha256, SHA384: hashlib.sha384}
SIZES = {SHA1: 20, SHA256: 32, SHA384: 48, SM3: 32}
NAMES = {SHA1: "sha1", SHA256: "sha256", SHA384: "sha384"}
EV_NO_ACTION, EV_SEPARATOR, EV_S_CRTM_VERSION = 0x3, 0x4, 0x8
EV_EFI_VARIABLE_DRIVER_CONFIG, EV_EFI_BOOT_SERVICES_APPLICATION = 0x80000001, 0x80000003
EV_EFI_ACTION, EV_EFI_PLATFORM_FIRMWARE_BLOB = 0x80000007, 0x80000008
GLOBAL = bytes.fromhex("61dfe48bca93d211aa0d00e098032b8c")      # 8be4df61-93ca-11d2-aa0d-00e098032b8c
SECURITY_DB = bytes.fromhex("cbb219d73a3d9645a3bcdad00e67656f")  # d719b2cb-3d3a-4596-a3bc-dad00e67656f


def ucs2(text, nul=False):
    return (text + ("\0" if nul else "")).encode("utf-16-le")


def variable(guid, name, data):
    """UEFI_VARIABLE_DATA (PFP 10.2.6)."""
    return guid + struct.pack("<QQ", len(name), len(data)) + ucs2(name) + data


def image_load(path):
    """UEFI_IMAGE_LOAD_EVENT (PFP 10.2.3) with a media file-path node and the end node."""
    name = ucs2(path, nul=True)
    device_path = bytes([4, 4]) + struct.pack("<H", 4 + len(name)) + name + bytes([0x7F, 0xFF, 4, 0])
    return struct.pack("<QQQQ", 0x7F000000, 0x20000, 0, len(device_path)) + device_path


def digest(alg, measured):
    if alg == SM3:
        return bytes([0x5A]) * 32  # not computed by attest; any value of the right size
    return HASHES[alg](measured).digest()


def boot_events():
    """(pcr, type, data, measured bytes) as a UEFI platform logs them (PFP 3.3.4)."""
    events = [
        (0, EV_S_CRTM_VERSION, ucs2("2.19.1", nul=True), None),
        (0, EV_EFI_PLATFORM_FIRMWARE_BLOB, struct.pack("<QQ", 0xFF000000, 0x1000000), b"reference BIOS 2.19.1 image"),
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(GLOBAL, "SecureBoot", b"\x01"), None),
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(GLOBAL, "PK", b"reference PK"), None),
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(GLOBAL, "KEK", b"reference KEK"), None),
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(SECURITY_DB, "db", b"reference db"), None),
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(SECURITY_DB, "dbx", b"reference dbx"), None),
    ]
    events += [(pcr, EV_SEPARATOR, b"\0\0\0\0", None) for pcr in range(8)]
    events.append((4, EV_EFI_ACTION, b"Calling EFI Application from Boot Option", None))
    events.append((4, EV_EFI_BOOT_SERVICES_APPLICATION, image_load("\\EFI\\BOOT\\BOOTX64.EFI"), b"reference shim 15.7"))
    return events


def agile_log(banks, events, tail=b""):
    spec = b"Spec ID Event03\0" + struct.pack("<IBBBBI", 0, 0, 2, 0, 2, len(banks))
    spec += b"".join(struct.pack("<HH", alg, SIZES[alg]) for alg in banks) + b"\0"
    out = struct.pack("<II", 0, EV_NO_ACTION) + bytes(20) + struct.pack("<I", len(spec)) + spec
    extends = []
    for pcr, etype, data, measured in events:
        values = {alg: (bytes(SIZES[alg]) if etype == EV_NO_ACTION else digest(alg, measured or data)) for alg in banks}
        out += struct.pack("<III", pcr, etype, len(banks))
        out += b"".join(struct.pack("<H", alg) + values[alg] for alg in banks)
        out += struct.pack("<I", len(data)) + data
        if etype != EV_NO_ACTION:
            extends.append("%d:%s" % (pcr, ",".join("%s=%s" % (NAMES[a], values[a].hex()) for a in banks if a in NAMES)))
    return out + tail, extends


def sha1_log(events, tail=b""):
    out, extends = b"", []
    for pcr, etype, data, measured in events:
        value = bytes(20) if etype == EV_NO_ACTION else hashlib.sha1(measured or data).digest()
        out += struct.pack("<II", pcr, etype) + value + struct.pack("<I", len(data)) + data
        if etype != EV_NO_ACTION:
            extends.append("%d:sha1=%s" % (pcr, value.hex()))
    return out + tail, extends


def quirky_events():
    events = boot_events()
    pcr, etype, data, _ = events[2]
    events[2] = (pcr, etype, data + b"\0\0", None)  # two bytes after the SecureBoot variable
    events.insert(1, (0xFFFFFFFF, EV_NO_ACTION, b"informational\0", None))
    return events


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    logs = {
        "agile": agile_log([SHA1, SHA256], boot_events()),
        "agile384": agile_log([SHA1, SHA256, SHA384], boot_events()),
        "sha1only": sha1_log(boot_events()),
        "quirks": agile_log([SHA1, SHA256], quirky_events(), b"\xff" * 512),
        "sha1pad": sha1_log(boot_events(), bytes(256)),
        "unknown_alg": agile_log([SHA1, SHA256, SM3], boot_events()),
    }
    for name, (data, extends) in logs.items():
        with open(os.path.join(out, name + ".bin"), "wb") as f:
            f.write(data)
        with open(os.path.join(out, name + ".extend"), "w") as f:
            f.write("\n".join(extends) + "\n")


if __name__ == "__main__":
    main()
