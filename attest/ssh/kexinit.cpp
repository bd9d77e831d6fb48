#include "attest/ssh/kexinit.hpp"

#include <array>

namespace attest::ssh {
namespace {

constexpr std::uint8_t kMsgKexInit = 20;  // RFC 4253 §12
constexpr std::size_t kCookieSize = 16;
constexpr std::size_t kMinPadding = 4;  // RFC 4253 §6: "at least four bytes"

std::uint32_t be32(std::string_view b) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<std::uint8_t>(b[i]);
  return v;
}

bool printable(char c) { return c >= 0x20 && c <= 0x7e; }

// A sequential reader over RFC 4251 §5 data types; each read fails once the
// bytes run out.
class WireReader {
 public:
  explicit WireReader(std::string_view data) : data_(data) {}
  bool take(std::size_t n, std::string_view& out) {
    if (data_.size() - pos_ < n) return false;
    out = data_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  bool uint32(std::uint32_t& out) {
    std::string_view b;
    if (!take(4, b)) return false;
    out = be32(b);
    return true;
  }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

// RFC 4251 §6: names are non-empty, at most 64 bytes of printable US-ASCII
// without comma or whitespace. "" when `name` is one, else what is wrong.
std::string name_problem(std::string_view name) {
  if (name.empty()) return "empty name";
  if (name.size() > kMaxNameLength) return "name longer than 64 bytes";
  for (char c : name) {
    if (c <= 0x20 || c > 0x7e) return "non-printable byte in a name";
  }
  return {};
}

// RFC 4251 §5 name-list: a string of comma-separated names; "" is the empty
// list. One trailing comma is forgiven: libssh 0.10.6 servers end their
// cipher lists with one (tests/fixtures/ssh/libssh-lab.bin) and every
// client copes.
Status split_names(std::string_view text, std::vector<std::string>& out) {
  if (text.size() > 1 && text.back() == ',') text.remove_suffix(1);
  if (text.empty()) return ok_status();
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    const std::string_view name = text.substr(start, comma == std::string_view::npos ? text.size() - start
                                                                                     : comma - start);
    const std::string why = name_problem(name);
    if (!why.empty()) return make_error(ErrorKind::protocol, why);
    out.emplace_back(name);
    if (comma == std::string_view::npos) return ok_status();
    start = comma + 1;
  }
}

Status read_name_list(WireReader& r, std::size_t index, std::vector<std::string>& out) {
  const std::string where = "KEXINIT name-list " + std::to_string(index + 1) + ": ";
  std::uint32_t len = 0;
  std::string_view text;
  if (!r.uint32(len) || !r.take(len, text)) return make_error(ErrorKind::protocol, where + "truncated");
  auto split = split_names(text, out);
  if (!split) return make_error(ErrorKind::protocol, where + split.error().message);
  return ok_status();
}

// The §7.1 order of the ten name-lists.
std::array<std::vector<std::string>*, 10> lists_of(KexInitLists& k) {
  return {&k.kex,     &k.host_key, &k.cipher_c2s,      &k.cipher_s2c,      &k.mac_c2s,
          &k.mac_s2c, &k.compression_c2s, &k.compression_s2c, &k.languages_c2s, &k.languages_s2c};
}

}  // namespace

Result<KexInitLists> parse_kexinit_payload(std::string_view payload) {
  WireReader r(payload);
  std::string_view head;
  if (!r.take(1 + kCookieSize, head)) return make_error(ErrorKind::protocol, "KEXINIT truncated before its cookie ends");
  if (static_cast<std::uint8_t>(head[0]) != kMsgKexInit) {
    return make_error(ErrorKind::protocol, "message type " + std::to_string(static_cast<std::uint8_t>(head[0])) +
                                               " is not SSH_MSG_KEXINIT (20)");
  }
  KexInitLists lists;
  const auto targets = lists_of(lists);
  for (std::size_t i = 0; i < targets.size(); ++i) {
    auto read = read_name_list(r, i, *targets[i]);
    if (!read) return read.error();
  }
  std::string_view follows;
  std::uint32_t reserved = 0;
  if (!r.take(1, follows) || !r.uint32(reserved)) {
    return make_error(ErrorKind::protocol, "KEXINIT truncated after its name-lists");
  }
  lists.first_kex_packet_follows = follows[0] != 0;  // RFC 4251 §5: any non-zero is TRUE
  return lists;
}

bool banner_reveals_version(std::string_view banner) {
  // "SSH-protoversion-softwareversion SP comments": look past the protoversion.
  const std::size_t dash = banner.find('-', 4);
  if (banner.rfind("SSH-", 0) != 0 || dash == std::string_view::npos) return false;
  for (char c : banner.substr(dash + 1)) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

void ServerHelloParser::fail(HelloState state, std::string why) {
  state_ = state;
  reason_ = std::move(why);
}

HelloState ServerHelloParser::feed(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size() && state_ == HelloState::need_more; ++i) {
    ++consumed_;
    if (in_packet_) feed_packet_byte(bytes[i]);
    else feed_line_byte(bytes[i]);
  }
  return state_;
}

// Lines before the banner are only counted: their first four bytes tell
// whether a line is the banner, so only the banner line is kept whole.
void ServerHelloParser::feed_line_byte(char c) {
  if (c == '\n') return end_line();
  ++line_bytes_;
  const bool banner = line_.size() >= 4 && line_.rfind("SSH-", 0) == 0;
  if (line_.size() < 4 || banner) line_.push_back(c);
  if (banner && line_bytes_ + 1 > kMaxBannerLine) {
    return fail(HelloState::malformed, "SSH banner longer than 255 bytes (RFC 4253 §4.2)");
  }
  if (!banner && pre_banner_bytes_ + line_bytes_ > kMaxPreBannerBytes) {
    fail(HelloState::malformed, "more than 65536 bytes before the SSH banner");
  }
}

void ServerHelloParser::end_line() {
  if (line_.rfind("SSH-", 0) != 0) {
    pre_banner_bytes_ += line_bytes_ + 1;
    line_.clear();
    line_bytes_ = 0;
    if (++hello_.pre_banner_lines > kMaxPreBannerLines) {
      fail(HelloState::malformed, "more than 1024 lines before the SSH banner");
    }
    return;
  }
  // RFC 4253 §4.2 ends the line with CR LF; OpenSSH also accepts LF alone.
  if (!line_.empty() && line_.back() == '\r') line_.pop_back();
  // protoversion-softwareversion must be printable US-ASCII; the comments
  // after the first space are free text (devices put anything there), made
  // valid UTF-8 and stripped of controls later, at the evidence boundary.
  const std::size_t comments = line_.find(' ');
  for (std::size_t i = 0; i < line_.size(); ++i) {
    const auto c = static_cast<unsigned char>(line_[i]);
    const bool bad = i < comments ? !printable(line_[i]) : c == 0;
    if (bad) return fail(HelloState::malformed, "non-printable byte in the SSH banner");
  }
  hello_.banner = line_;
  const std::size_t dash = line_.find('-', 4);
  const std::string proto = line_.substr(4, dash == std::string::npos ? std::string::npos : dash - 4);
  if (dash == std::string::npos || proto.empty()) return fail(HelloState::malformed, "SSH banner has no protocol version");
  if (proto == "2.0" || proto == "1.99") {  // §5.1: 1.99 also speaks 2.0
    in_packet_ = true;
    return;
  }
  if (proto.rfind("1.", 0) == 0) return fail(HelloState::ssh1_only, "server speaks only SSH protocol " + proto);
  fail(HelloState::malformed, "unsupported SSH protocol version '" + proto + "'");
}

// RFC 4253 §6: uint32 packet_length, byte padding_length, payload, padding;
// no MAC yet (none is in use before the first key exchange).
void ServerHelloParser::feed_packet_byte(char c) {
  packet_.push_back(c);
  if (packet_.size() == 4) {
    const std::uint32_t len = be32(packet_);
    if (len > kMaxPacketLength) {
      return fail(HelloState::malformed, "packet_length " + std::to_string(len) + " exceeds 35000 (RFC 4253 §6.1)");
    }
    if (len < 2 + kMinPadding) return fail(HelloState::malformed, "packet_length " + std::to_string(len) + " is too small");
  }
  if (packet_.size() > 4 && packet_.size() == 4 + std::size_t{be32(packet_)}) finish_packet();
}

void ServerHelloParser::finish_packet() {
  const std::size_t len = be32(packet_);
  const std::size_t padding = static_cast<std::uint8_t>(packet_[4]);
  if (padding < kMinPadding || padding + 1 >= len) {
    return fail(HelloState::malformed, "padding_length " + std::to_string(padding) + " does not fit the packet");
  }
  auto lists = parse_kexinit_payload(std::string_view(packet_).substr(5, len - 1 - padding));
  if (!lists) return fail(HelloState::malformed, "first packet: " + lists.error().message);
  hello_.kexinit = std::move(lists).value();
  packet_.clear();
  packet_.shrink_to_fit();
  state_ = HelloState::complete;
}

ServerHelloParser parse_server_hello(std::string_view bytes) {
  ServerHelloParser parser;
  parser.feed(bytes);
  return parser;
}

}  // namespace attest::ssh
