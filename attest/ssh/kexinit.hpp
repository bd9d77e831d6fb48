// The first bytes an SSH server sends on a connection, parsed without I/O:
// optional lines, the identification string (RFC 4253 §4.2), then its first
// binary packet, still unencrypted (§6), which must be SSH_MSG_KEXINIT
// (§7.1). The collector tees what the socket delivers into a
// ServerHelloParser; tests and fuzzing feed captured bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "attest/core/evidence.hpp"

namespace attest::ssh {

inline constexpr std::size_t kMaxPacketLength = 35000;       // RFC 4253 §6.1
inline constexpr std::size_t kMaxBannerLine = 255;           // §4.2, CR LF included
inline constexpr std::size_t kMaxPreBannerBytes = 64u << 10;  // our cap on lines before it
inline constexpr std::size_t kMaxPreBannerLines = 1024;
inline constexpr std::size_t kMaxNameLength = 64;            // RFC 4251 §6

enum class HelloState {
  need_more,  // everything so far is well formed; feed more bytes
  complete,   // banner and KEXINIT read; hello() is filled
  ssh1_only,  // the identification string speaks only SSH-1.x (RFC 4253 §5.1)
  malformed,  // reason() says what; feeding more changes nothing
};

struct ServerHello {
  std::string banner;  // the identification string without CR LF, printable ASCII
  std::size_t pre_banner_lines = 0;
  KexInitLists kexinit;
};

// Incremental: feed() the bytes as they arrive, in any chunking; the state
// only moves forward. Memory stays below one packet plus one banner line.
class ServerHelloParser {
 public:
  // Consumes bytes up to the end of the KEXINIT packet (or the point of
  // failure) and returns the new state. Bytes after the packet are ignored.
  HelloState feed(std::string_view bytes);

  HelloState state() const { return state_; }
  const std::string& reason() const { return reason_; }  // malformed / ssh1_only: why
  const ServerHello& hello() const { return hello_; }     // banner as soon as it is read
  std::size_t consumed() const { return consumed_; }      // bytes read through the packet's end

 private:
  void feed_line_byte(char c);
  void end_line();
  void feed_packet_byte(char c);
  void finish_packet();
  void fail(HelloState state, std::string why);

  HelloState state_ = HelloState::need_more;
  bool in_packet_ = false;
  std::string line_;            // the current line (only its start, unless it is the banner)
  std::size_t line_bytes_ = 0;  // its length so far
  std::size_t pre_banner_bytes_ = 0;
  std::string packet_;          // uint32 packet_length onwards
  std::size_t consumed_ = 0;
  std::string reason_;
  ServerHello hello_;
};

// All of `bytes` through one parser: the convenience form for captures.
ServerHelloParser parse_server_hello(std::string_view bytes);

// Pure: the KEXINIT payload (message byte 20 first) into its name-lists;
// on error the reason ("name-list 3: empty name").
[[nodiscard]] Result<KexInitLists> parse_kexinit_payload(std::string_view payload);

// True when the identification string's softwareversion carries a digit
// ("OpenSSH_9.2p1", "dropbear_2022.83"): a scanner learns the exact build.
bool banner_reveals_version(std::string_view banner);

}  // namespace attest::ssh
