// `attest boot golden` as a pure function: the policy a reference log implies
// passes that log and every device that booted the same way, and names the
// event of a device that did not.
#include <doctest/doctest.h>

#include "attest/tpm/eventlog/boot_policy.hpp"
#include "attest/tpm/eventlog/golden_gen.hpp"
#include "eventlog_test_util.hpp"

using namespace attest;
using namespace attest::tpm;
using attest::testing::lab_image;
using attest::testing::r660_builder;

namespace {

GoldenBootRequest request() {
  return {"PowerEdge R660", "12", "", Bytes(32, 0xab), "", "attest boot golden test"};
}

BootPolicy generated_policy(const EventLog& reference) {
  auto doc = golden_boot_document(reference, request());
  REQUIRE_MESSAGE(doc.ok(), doc.error().message);
  REQUIRE((*doc)["policies"].size() == 1);
  return attest::testing::boot_policy_from_json(nlohmann::json::parse((*doc)["policies"][0].dump()), "generated.json#/policies/0");
}

// The quote of a TPM that saw exactly `log`, over `selection`.
PcrValues quote_of(const EventLog& log, const PcrSelection& selection) {
  PcrValues values = replay(log);
  for (const auto& [alg, pcrs] : selection)
    for (const unsigned pcr : pcrs) values[alg].try_emplace(pcr, Bytes(hash_alg_size(alg), 0));
  return values;
}

Finding check_device(const EventLog& device, const BootPolicy& policy) {
  const auto selection = *parse_pcr_selection(policy.pcr_selection);
  return check_measured_boot(device, quote_of(device, selection), selection, &policy);
}

}  // namespace

TEST_CASE("the generated policy holds what the reference log measured, with the log's digest as its source") {
  auto doc = golden_boot_document(r660_builder().build(), request());
  REQUIRE_MESSAGE(doc.ok(), doc.error().message);
  CHECK((*doc)["schema"] == "attest.boot/v1");
  const auto& p = (*doc)["policies"][0];
  CHECK(p["model"] == "PowerEdge R660");
  CHECK(p["firmware_versions"] == nlohmann::ordered_json::array({"12"}));
  CHECK(p["pcr_selection"] == "sha256:0-7");
  CHECK(p["crtm_versions"] == nlohmann::ordered_json::array({"1.5.6"}));
  // The same values the shipped dell.json lists for the lab R660.
  const BootPolicy shipped = attest::testing::shipped_boot_policy("dell.json", "PowerEdge R660");
  CHECK(p["platform_firmware_digests"].get<std::vector<std::string>>() == shipped.platform_firmware_digests);
  CHECK(p["boot_application_digests"].get<std::vector<std::string>>() == shipped.boot_application_digests);
  CHECK(p["secure_boot"] == "required");
  CHECK(p["reference"]["eventlog_sha256"] == to_hex(Bytes(32, 0xab)));
  CHECK(p["reference"]["eventlog_format"] == "crypto-agile");
  CHECK(p["reference"]["events"] == 18);
  CHECK_FALSE(p.contains("sha1_only_log"));
}

TEST_CASE("the generated policy passes the reference and fails a device whose boot differs, naming the event") {
  const BootPolicy policy = generated_policy(r660_builder().build());
  const Finding same = check_device(r660_builder().build(), policy);
  CHECK_MESSAGE(same.status == CheckStatus::pass, same.detail);

  EventLog other_loader = r660_builder().build();
  Event& last = other_loader.events.back();  // grubx64.efi
  REQUIRE(last.type == kEvEfiBootServicesApplication);
  last.digests = make_image_event(4, last.type, last.data, lab_image("grubx64.efi 2.12, not reviewed"),
                                  std::vector<std::uint16_t>{kAlgSha1, kAlgSha256})
                     .digests;
  const Finding flipped = check_device(other_loader, policy);
  CHECK(flipped.status == CheckStatus::fail);
  CHECK(flipped.detail.find("PCR4 event 18 EV_EFI_BOOT_SERVICES_APPLICATION: sha256 digest ") == 0);
  CHECK(flipped.rule == "generated.json#/policies/0/boot_application_digests");

  // Secure Boot off on the reference: the policy does not require it.
  tpm::EventLogBuilder off;
  off.crtm_version("1.5.6").secure_boot(false).separators();
  CHECK(generated_policy(off.build()).secure_boot_required == false);
}

TEST_CASE("a SHA1-only reference log gives sha1 digest lists over the sha1 bank") {
  const EventLog reference = EventLogBuilder::sha1_only()
                                 .crtm_version("2.1")
                                 .firmware_blob(lab_image("firmware old BIOS 2.1"))
                                 .secure_boot(true)
                                 .separators()
                                 .boot_application(lab_image("boot application old shim"), "\\EFI\\BOOT\\BOOTX64.EFI")
                                 .build();
  auto doc = golden_boot_document(reference, request());
  REQUIRE_MESSAGE(doc.ok(), doc.error().message);
  const auto& p = (*doc)["policies"][0];
  CHECK(p["pcr_selection"] == "sha1:0-7");
  CHECK(p["platform_firmware_digests"].empty());
  CHECK(p["sha1_platform_firmware_digests"] ==
        nlohmann::ordered_json::array({to_hex(hash_with(kAlgSha1, lab_image("firmware old BIOS 2.1")))}));
  CHECK(p["sha1_only_log"] == "accepted");
  CHECK(p["reference"]["eventlog_format"] == "sha1-only");
  const Finding f = check_device(reference, generated_policy(reference));
  CHECK_MESSAGE(f.status == CheckStatus::pass, f.detail);
  CHECK(f.detail.find("WARNING: SHA1-only event log") != std::string::npos);
}

TEST_CASE("a reference log with altered interpreted data, or a bad selection, is refused") {
  EventLog altered = r660_builder().build();
  for (auto& e : altered.events)
    if (e.type == kEvSCrtmVersion) e.data = encode_ucs2("1.9.9", true);  // digests still of 1.5.6
  auto doc = golden_boot_document(altered, request());
  REQUIRE_FALSE(doc.ok());
  CHECK(doc.error().message == "PCR0 event 1 EV_S_CRTM_VERSION: event data does not match its sha1 digest (the data "
                               "was altered after it was measured)");
  GoldenBootRequest bad = request();
  bad.pcr_selection = "sha256:0-";
  CHECK(golden_boot_document(r660_builder().build(), bad).error().message.find("is not a PCR selection") !=
        std::string::npos);
  EventLog no_sha256 = EventLogBuilder({kAlgSha1}).separators({0}).build();
  CHECK(golden_boot_document(no_sha256, request()).error().message ==
        "the event log has no sha256 bank: golden boot digests are sha256");
}
