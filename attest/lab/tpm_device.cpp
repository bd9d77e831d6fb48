#include "attest/lab/tpm_device.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

#include "attest/lab/stock_quote.hpp"
#include "attest/tpm/eventlog/builder.hpp"
#include "attest/util/process.hpp"

namespace attest::lab {
namespace {

// The event list of the emulated firmware: what a UEFI platform measures.
tpm::EventLog boot_events(const TpmSpec& spec, bool with_extra_event) {
  tpm::EventLogBuilder b;
  b.crtm_version(spec.crtm_version);
  for (const auto& image : spec.firmware_images) b.firmware_blob(image);
  b.secure_boot(spec.secure_boot);
  b.separators();
  b.efi_action(4, "Calling EFI Application from Boot Option");
  for (const auto& image : spec.boot_applications) b.boot_application(image, "\\EFI\\BOOT\\BOOTX64.EFI");
  // The eventlog-mismatch fault: the log claims one more boot application
  // than was ever extended into PCR4.
  if (with_extra_event) b.boot_application("attest-lab unmeasured loader", "\\EFI\\BOOT\\GRUBX64.EFI");
  return b.build();
}

std::vector<std::string> extend_items(const tpm::EventLog& log) {
  std::vector<std::string> items;
  for (const auto& e : log.events) {
    if (e.type == tpm::kEvNoAction) continue;
    std::string item = std::to_string(e.pcr) + ":";
    bool first = true;
    for (const auto& [alg, digest] : e.digests) {
      item += (first ? "" : ",") + std::string(tpm::hash_alg_name(alg)) + "=" + to_hex(digest);
      first = false;
    }
    items.push_back(item);
  }
  return items;
}

// Agent arguments are hex, base64, PCR selections and algorithm names: no
// quoting is needed, and anything else is refused rather than interpreted.
bool safe_argument(std::string_view arg) {
  return !arg.empty() && std::all_of(arg.begin(), arg.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("+/=:,_.-").find(c) != std::string_view::npos;
  });
}

std::vector<std::string> split_words(std::string_view command) {
  std::vector<std::string> words;
  std::istringstream in{std::string(command)};
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

}  // namespace

Result<std::unique_ptr<DeviceTpm>> DeviceTpm::start(const DeviceSpec& device, const std::string& state_root,
                                                    const std::string& agent) {
  std::unique_ptr<DeviceTpm> tpm(new DeviceTpm());
  tpm->agent_ = agent;
  tpm->scratch_root_ = state_root + "/tpm";
  tpm->event_log_command_ = "cat " + device.tpm->event_log_path;
  if (auto st = tpm->start_swtpms(device, state_root); !st) {
    return make_error(st.error().kind, device.name + ": " + st.error().message);
  }
  return tpm;
}

Status DeviceTpm::start_swtpms(const DeviceSpec& device, const std::string& state_root) {
  const EkCerts certs = device.tpm->ecc_ek_only ? EkCerts::ecc_only : EkCerts::swtpm_default;
  auto swtpm = Swtpm::start(state_root + "/tpm/" + device.name, state_root + "/tpm-ca", certs);
  if (!swtpm) return swtpm.error();
  swtpm_ = std::move(*swtpm);
  if (device.tpm->fault == TpmFault::swapped_after_enrollment) {
    auto other = Swtpm::start(state_root + "/tpm/" + device.name + "-replacement", state_root + "/tpm-ca", certs);
    if (!other) return other.error();
    replacement_ = std::move(*other);
    if (auto st = boot(*replacement_, *device.tpm, false); !st) return st;
  }
  return boot(*swtpm_, *device.tpm, true);
}

std::string DeviceTpm::tcti() const {
  return (swap_stage_ == 2 && replacement_ ? replacement_ : swtpm_)->tcti();
}

// Enrollment is an activation followed by a quote. The swap fault answers
// later commands from the replacement board's TPM, provisioned like the
// original (its own AK made persistent at the same handle); the replay fault
// answers later quote requests with the enrollment quote, stale nonce and all.
void DeviceTpm::note_served(std::string_view command, QuoteKind kind, const ExecResult& answer) const {
  if (command.rfind("attest agent ak ", 0) == 0 && command.find(" --persist ") != std::string_view::npos) {
    persist_command_ = std::string(command);
  }
  if (command.rfind("attest agent activate", 0) == 0 && swap_stage_ == 0) {
    swap_stage_ = 1;
  } else if (kind != QuoteKind::none && swap_stage_ == 1) {
    swap_stage_ = 2;
    if (replacement_ && !persist_command_.empty()) (void)run_agent(persist_command_);
    if (replay_) {
      replayed_quote_ = answer.out;
      replayed_kind_ = kind;
    }
  }
}

Status DeviceTpm::boot(const Swtpm& tpm, const TpmSpec& spec, bool serve_log) {
  const tpm::EventLog measured = boot_events(spec, false);
  if (auto st = tpm.extend(extend_items(measured)); !st) return st;
  if (!serve_log) return ok_status();
  const bool mismatch = spec.fault == TpmFault::eventlog_mismatch;
  const Bytes wire = tpm::write_event_log(mismatch ? boot_events(spec, true) : measured);
  event_log_.assign(wire.begin(), wire.end());
  replay_ = spec.fault == TpmFault::replayed_quote;
  return ok_status();
}

ExecResult DeviceTpm::run_agent(std::string_view command) const {
  const auto words = split_words(command);
  if (words.size() < 3 || words[0] != "attest" || words[1] != "agent" ||
      !std::all_of(words.begin() + 2, words.end(), safe_argument)) {
    return {"", "attest: usage: attest agent ek|ak|quote|activate|pcrs [options]\n", 2};
  }
  std::vector<std::string> argv = {agent_};
  argv.insert(argv.end(), words.begin() + 1, words.end());
  ProcessOptions o;
  o.env["TPM2TOOLS_TCTI"] = tcti();
  o.timeout = Millis(20000);
  o.max_output = 256u << 10;
  auto r = run_process(argv, o);
  if (!r) return {"", "attest: " + r.error().message + "\n", 3};
  return {r->out, r->err, r->exit_code < 0 ? 3 : r->exit_code};
}

std::optional<ExecResult> DeviceTpm::exec(std::string_view command) const {
  if (command == event_log_command_) return ExecResult{event_log_, "", 0};
  const auto stock = parse_stock_quote_command(command);
  const QuoteKind kind = command.rfind("attest agent quote", 0) == 0 ? QuoteKind::agent
                         : stock                                     ? QuoteKind::stock
                                                                     : QuoteKind::none;
  if (kind == QuoteKind::none && command.rfind("attest agent ", 0) != 0) return std::nullopt;
  std::lock_guard lock(serve_mutex_);
  if (replayed_quote_ && kind == replayed_kind_) return ExecResult{*replayed_quote_, "", 0};
  ExecResult r = stock ? run_stock_quote(*stock, tcti(), scratch_root_) : run_agent(command);
  note_served(command, kind, r);
  return r;
}

}  // namespace attest::lab
