// Shared helpers for the event-log tests: the lab boot logs of the demo
// models, golden boot policies read straight from firmware-db/boot, and
// tpm2_eventlog (tpm2-tools) as an independent parser.
#pragma once

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "attest/tpm/eventlog/boot_policy.hpp"
#include "attest/tpm/eventlog/builder.hpp"
#include "attest/util/files.hpp"

namespace attest::testing {

inline std::string source_path(const std::string& relative) { return std::string(ATTEST_SOURCE_DIR) + "/" + relative; }

inline std::string lab_image(const std::string& what) { return "attest-lab " + what; }

// The lab boot sequence of firmware-db/README.md "Golden boot" for the R660.
inline tpm::EventLogBuilder r660_builder() {
  tpm::EventLogBuilder b;
  b.crtm_version("1.5.6")
      .firmware_blob(lab_image("firmware PowerEdge R660 BIOS 1.5.6"))
      .secure_boot(true)
      .separators()
      .efi_action(4, "Calling EFI Application from Boot Option")
      .boot_application(lab_image("boot application PowerEdge R660 shimx64.efi 15.7"), "\\EFI\\BOOT\\BOOTX64.EFI")
      .boot_application(lab_image("boot application PowerEdge R660 grubx64.efi 2.06"), "\\EFI\\debian\\grubx64.efi");
  return b;
}

inline std::span<const std::uint8_t> span_of(const Bytes& b) { return {b.data(), b.size()}; }

// BootPolicy from one attest.boot/v1 policy object, without the config
// library (which this suite does not link); the loader itself is tested in unit_config.
inline BootPolicy boot_policy_from_json(const nlohmann::json& p, const std::string& source) {
  BootPolicy out;
  p["model"].get_to(out.model);
  out.source = source;
  p["firmware_versions"].get_to(out.firmware_versions);
  p["pcr_selection"].get_to(out.pcr_selection);
  p["crtm_versions"].get_to(out.crtm_versions);
  p["platform_firmware_digests"].get_to(out.platform_firmware_digests);
  p["boot_application_digests"].get_to(out.boot_application_digests);
  if (p.contains("sha1_platform_firmware_digests")) p["sha1_platform_firmware_digests"].get_to(out.sha1_platform_firmware_digests);
  if (p.contains("sha1_boot_application_digests")) p["sha1_boot_application_digests"].get_to(out.sha1_boot_application_digests);
  out.sha1_only_log_refused = p.value("sha1_only_log", "accepted") == "refused";
  out.secure_boot_required = p["secure_boot"] == "required";
  if (p.contains("expected_pcrs")) {
    for (const auto& [bank, pcrs] : p["expected_pcrs"].items())
      for (const auto& [pcr, hex] : pcrs.items())
        out.expected_pcrs[bank][static_cast<unsigned>(std::stoul(pcr))] = hex.get<std::string>();
  }
  return out;
}

// The policy for `model` in a shipped firmware-db/boot file.
inline BootPolicy shipped_boot_policy(const std::string& file, const std::string& model) {
  auto text = read_file(source_path("firmware-db/boot/" + file));
  REQUIRE(text.ok());
  const auto doc = nlohmann::json::parse(*text);
  for (std::size_t i = 0; i < doc["policies"].size(); ++i) {
    if (doc["policies"][i]["model"] == model) {
      return boot_policy_from_json(doc["policies"][i], file + "#/policies/" + std::to_string(i));
    }
  }
  FAIL("no policy for " << model << " in " << file);
  return {};
}

// A file removed at the end of the test.
class TempFile {
 public:
  explicit TempFile(const Bytes& contents) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "attest-eventlog-XXXXXX").string();
    const int fd = ::mkstemp(tmpl.data());
    REQUIRE(fd >= 0);
    ::close(fd);
    path_ = tmpl;
    std::ofstream(path_, std::ios::binary)
        .write(reinterpret_cast<const char*>(contents.data()), static_cast<std::streamsize>(contents.size()));
  }
  ~TempFile() { std::filesystem::remove(path_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// stdout of a command, or nullopt when it fails.
inline std::optional<std::string> run_command(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string out;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, n);
  if (::pclose(pipe) != 0) return std::nullopt;
  return out;
}

// The "pcrs:" section of tpm2_eventlog's YAML: "  sha256:" then "    0  : 0x...".
inline tpm::PcrValues pcrs_from_tpm2_eventlog(const std::string& yaml) {
  tpm::PcrValues out;
  std::istringstream in(yaml.substr(yaml.find("\npcrs:")));
  std::string line;
  std::optional<std::uint16_t> bank;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (line.rfind("  ", 0) == 0 && line.rfind("    ", 0) != 0 && colon != std::string::npos) {
      bank = tpm::hash_alg_from_name(line.substr(2, colon - 2));
    } else if (line.rfind("    ", 0) == 0 && bank && colon != std::string::npos) {
      const auto hex = line.substr(line.find("0x") + 2);
      Bytes value;
      for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        value.push_back(static_cast<std::uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
      out[*bank][static_cast<unsigned>(std::stoul(line.substr(0, colon)))] = value;
    }
  }
  return out;
}

}  // namespace attest::testing
