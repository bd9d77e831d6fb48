// The first bytes an SSH server sends (pre-banner lines, identification
// string, KEXINIT packet), then the ssh-posture check over what parsed and
// host_key_strength over the same bytes. The parser must give the same answer
// however the bytes are chunked, and only well-formed names may come out.
#include "attest/config/golden_loader.hpp"
#include "attest/engine/posture_check.hpp"
#include "attest/ssh/host_key.hpp"
#include "attest/ssh/kexinit.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace attest;
using namespace attest::ssh;

GoldenDb load_posture(const std::string& path) {
  GoldenDb db;
  auto text = read_file(path);
  if (!text || !parse_posture_file(*text, path, db).ok()) fuzz::invariant_failed("shipped posture policy loads", __FILE__, __LINE__);
  return db;
}

const SshPosturePolicy* site_default() {
  static const GoldenDb db = load_posture(fuzz::source_path("firmware-db/posture/site.json"));
  return db.find_posture("");
}

bool valid_names(const std::vector<std::string>& names) {
  for (const auto& n : names) {
    if (n.empty() || n.size() > kMaxNameLength) return false;
    for (char c : n) {
      if (c <= 0x20 || c > 0x7e || c == ',') return false;
    }
  }
  return true;
}

bool valid_lists(const KexInitLists& k) {
  for (const auto* l : {&k.kex, &k.host_key, &k.cipher_c2s, &k.cipher_s2c, &k.mac_c2s, &k.mac_s2c,
                        &k.compression_c2s, &k.compression_s2c, &k.languages_c2s, &k.languages_s2c}) {
    if (!valid_names(*l)) return false;
  }
  return true;
}

// Feeds `text` in chunks of `step` bytes (1..16).
ServerHelloParser chunked(std::string_view text, std::size_t step) {
  ServerHelloParser p;
  for (std::size_t i = 0; i < text.size() && p.state() == HelloState::need_more; i += step) p.feed(text.substr(i, step));
  return p;
}

void check_posture(const ServerHelloParser& p) {
  DeviceEvidence ev;
  ev.ssh.banner = p.hello().banner;
  if (p.state() == HelloState::complete) ev.ssh.offered = p.hello().kexinit;
  const Finding f = check_ssh_posture(Device{}, ev, site_default());
  FUZZ_CHECK(f.check == check::kSshPosture);
  FUZZ_CHECK(ev.ssh.banner.empty() == (f.status == CheckStatus::skip));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::text_of(data, size);
  const ServerHelloParser whole = parse_server_hello(text);
  const ServerHelloParser parts = chunked(text, size == 0 ? 1 : 1 + data[0] % 16);
  FUZZ_CHECK(whole.state() == parts.state() && whole.reason() == parts.reason());
  FUZZ_CHECK(whole.consumed() == parts.consumed() && whole.consumed() <= size);
  FUZZ_CHECK(whole.hello().banner == parts.hello().banner);
  FUZZ_CHECK((whole.state() == HelloState::malformed || whole.state() == HelloState::ssh1_only) ==
             !whole.reason().empty());
  if (whole.state() == HelloState::complete) {
    FUZZ_CHECK(whole.hello().banner.rfind("SSH-", 0) == 0 && whole.hello().banner.size() < kMaxBannerLine);
    FUZZ_CHECK(valid_lists(whole.hello().kexinit));
    FUZZ_CHECK(whole.hello().kexinit.kex == parts.hello().kexinit.kex);
  }
  check_posture(whole);
  auto key = host_key_strength(text);
  FUZZ_CHECK(!key.ok() || (key->bits > 0 && !key->type.empty()));
  return 0;
}
