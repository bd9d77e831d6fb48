// `attest eventlog show|replay FILE [--json]`: look at a measured-boot event
// log (binary_bios_measurements, crypto-agile or SHA1-only) the way attest
// reads it, like tpm2_eventlog. `show` lists every event, `replay` prints the
// PCRs the log gives per bank, to compare with tpm2_pcrread on the machine.
// Exit 0 printed, 2 unreadable or unparseable log (the reason names the event
// and byte offset) or bad usage.
#include <iostream>

#include "attest/cli/commands.hpp"
#include "attest/cli/options.hpp"
#include "attest/tpm/eventlog/describe.hpp"
#include "attest/util/files.hpp"

namespace attest::cli {
namespace {

constexpr const char* kUsage = "attest eventlog show|replay FILE [--json]";

Result<tpm::EventLog> load_event_log(const std::string& path) {
  auto text = read_file(path, tpm::kMaxEventLogBytes);
  if (!text) return text.error();
  const auto* data = reinterpret_cast<const std::uint8_t*>(text->data());
  auto log = tpm::parse_event_log({data, text->size()});
  if (!log) return make_error(ErrorKind::parse, path + ": " + log.error().message);
  return log;
}

std::string dump(const nlohmann::ordered_json& doc) {
  return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace

ExitCode cmd_eventlog(const Args& args) {
  std::string action, file;
  bool json = false;
  po::options_description desc("attest eventlog options");
  desc.add_options()
      ("action", po::value(&action)->required(), "show | replay")
      ("file", po::value(&file)->required(), "the event log (e.g. /sys/kernel/security/tpm0/binary_bios_measurements)")
      ("json", po::bool_switch(&json), "print JSON (replay: {\"pcrs\": {\"sha256\": {\"0\": \"<hex>\"}}})");
  po::positional_options_description pos;
  pos.add("action", 1).add("file", 1);
  auto parsed = parse_options(args, kUsage, desc, &pos);
  if (parsed.done) return *parsed.done;
  if (action != "show" && action != "replay") {
    return report_error(make_error(ErrorKind::usage, "unknown eventlog action '" + action + "' (try: show, replay)"));
  }
  auto log = load_event_log(file);
  if (!log) return report_error(log.error());
  if (action == "show") {
    std::cout << (json ? dump(tpm::event_log_json(*log)) : tpm::event_log_text(*log));
  } else {
    const tpm::PcrValues pcrs = tpm::replay(*log);
    std::cout << (json ? dump(tpm::replay_json(pcrs)) : tpm::replay_text(pcrs));
    for (const auto& note : log->notes) std::cerr << "attest: note: " << note << "\n";
  }
  return ExitCode::pass;
}

}  // namespace attest::cli
