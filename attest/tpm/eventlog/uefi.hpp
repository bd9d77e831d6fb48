// UEFI structures found in event data: EFI_GUID, UEFI_VARIABLE_DATA, CHAR16
// strings, image-load and firmware-blob records. Encoders serve the writer
// (emulator); decoders serve boot-fact extraction.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "attest/util/digest.hpp"

namespace attest::tpm {

// An EFI_GUID as laid out in memory: Data1 u32, Data2 u16, Data3 u16 little-
// endian, then Data4[8] as written.
using EfiGuid = std::array<std::uint8_t, 16>;

// 8be4df61-93ca-11d2-aa0d-00e098032b8c (UEFI spec: EFI_GLOBAL_VARIABLE): SecureBoot, PK, KEK.
inline constexpr EfiGuid kEfiGlobalVariable = {0x61, 0xdf, 0xe4, 0x8b, 0xca, 0x93, 0xd2, 0x11,
                                               0xaa, 0x0d, 0x00, 0xe0, 0x98, 0x03, 0x2b, 0x8c};
// d719b2cb-3d3a-4596-a3bc-dad00e67656f (EFI_IMAGE_SECURITY_DATABASE_GUID): db, dbx.
inline constexpr EfiGuid kEfiImageSecurityDatabase = {0xcb, 0xb2, 0x19, 0xd7, 0x3a, 0x3d, 0x96, 0x45,
                                                      0xa3, 0xbc, 0xda, 0xd0, 0x0e, 0x67, 0x65, 0x6f};

// UEFI_VARIABLE_DATA (PFP 10.2.6), the data of EV_EFI_VARIABLE_* events.
struct UefiVariable {
  EfiGuid guid{};
  std::string name;  // UnicodeName decoded to UTF-8
  Bytes data;
};

std::optional<UefiVariable> decode_uefi_variable(std::span<const std::uint8_t> bytes);
Bytes encode_uefi_variable(const EfiGuid& guid, std::string_view name, std::span<const std::uint8_t> data);

// UTF-16LE (UCS-2) of an ASCII/UTF-8 string (BMP only), with a terminating NUL if asked.
Bytes encode_ucs2(std::string_view text, bool nul_terminated);
// Text of a firmware string that may be UCS-2 (UTF-16LE) or ASCII, up to the
// first NUL; control characters become '?'.
std::string decode_firmware_string(std::span<const std::uint8_t> bytes);

// UEFI_PLATFORM_FIRMWARE_BLOB (PFP 10.2.5): BlobBase u64, BlobLength u64.
Bytes encode_firmware_blob(std::uint64_t base, std::uint64_t length);
// UEFI_IMAGE_LOAD_EVENT (PFP 10.2.3): ImageLocationInMemory u64,
// ImageLengthInMemory u64, ImageLinkTimeAddress u64, LengthOfDevicePath u64,
// DevicePath (here a media file-path node for `path`, then the end node).
Bytes encode_image_load(std::uint64_t location, std::uint64_t length, std::string_view path);

}  // namespace attest::tpm
