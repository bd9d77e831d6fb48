#include "attest/engine/enroll.hpp"

#include <algorithm>
#include <filesystem>

#include "attest/engine/tpm_collect.hpp"
#include "attest/ssh/batch.hpp"
#include "attest/tpm/enroll/agent_json.hpp"
#include "attest/tpm/quote/public_key.hpp"
#include "attest/tpm/quote/stock_quote.hpp"
#include "attest/util/encoding.hpp"
#include "attest/util/clock.hpp"

namespace attest {
namespace {

// Enrollment runs only the agent commands: a profile with none of its own.
Profile commands_only(const Device& device) {
  const Profile* p = find_profile(device.profile);
  return Profile{p ? p->name : "unknown", p ? p->vendor : "", p ? p->scheme : "", ChannelMode::exec, {}, {}, "", "",
                 nullptr, ""};
}

// Runs `commands` on the device; their outputs in order, or why not.
Result<std::vector<std::string>> run_commands(const Device& device, const LoginCredential& login,
                                              std::vector<std::string> commands, const Collector& collect) {
  const Profile profile = commands_only(device);
  const std::size_t sent = commands.size();
  CollectRequest req;
  req.device = device;
  req.profile = &profile;
  req.login = login;
  req.exec_commands = std::move(commands);
  const DeviceEvidence ev = collect(req);
  if (ev.connect_error) return *ev.connect_error;
  if (!ev.host_key_matches_pin) return make_error(ErrorKind::crypto, "host key does not match the pin");
  if (ev.login_error) return *ev.login_error;
  std::vector<std::string> outputs;
  for (const auto& c : ev.commands) {
    if (c.error) return make_error(c.error->kind, "`" + c.command + "`: " + c.error->message);
    outputs.push_back(c.output);
  }
  // The callers index the outputs by position: a short answer is no answer.
  if (outputs.size() != sent) {
    return make_error(ErrorKind::protocol, std::to_string(sent) + " commands sent, " +
                                               std::to_string(outputs.size()) + " answered");
  }
  return outputs;
}

// tpm2-tools devices get the AK persistent at their handle, for tpm2_quote -c.
std::string ak_command(const TpmSettings& tpm) {
  std::string command = "attest agent ak --alg " + tpm.ak_alg;
  if (tpm.quote_with == QuoteForm::tpm2_tools) command += " --persist " + tpm::handle_text(tpm.ak_handle);
  return command;
}

Result<tpm::AgentAk> read_ak(const TpmSettings& tpm, const std::string& output) {
  auto ak = tpm::parse_agent_ak_json(output);
  if (!ak) return ak.error();
  const std::string want = tpm.quote_with == QuoteForm::tpm2_tools ? tpm::handle_text(tpm.ak_handle) : "";
  if (ak->persistent_handle != want) {
    return make_error(ErrorKind::protocol, "the agent reports the AK persistent at '" + ak->persistent_handle +
                                               "', expected '" + want + "'");
  }
  return ak;
}

// `--ek` only for the ECC EK: agents from before ECC support know the RSA EK alone.
std::string activate_command(const TpmSettings& tpm, const std::string& ek_alg,
                             const tpm::CredentialChallenge& challenge) {
  return "attest agent activate --alg " + tpm.ak_alg + (ek_alg == "rsa" ? "" : " --ek " + ek_alg) +
         " --credential-blob " +
         base64(challenge.credential_blob.data(), challenge.credential_blob.size()) + " --encrypted-secret " +
         base64(challenge.encrypted_secret.data(), challenge.encrypted_secret.size());
}

// The enrollment quote, in the device's own form (so a tpm2-tools device
// proves its persistent handle holds this AK): its counters are the floor
// later quotes must never go below.
Status check_first_quote(const Device& device, const std::string& output, const Bytes& nonce,
                         tpm::EnrollmentEvidence& ev) {
  auto quote = parse_quote_output(device.tpm->quote_with, output);
  if (!quote) return quote.error();
  auto ak = tpm::parse_tpm2b_public(ev.ak_public);
  if (!ak) return ak.error();
  tpm::QuotePolicy policy;
  policy.nonce = nonce;
  auto verified = verify_collected_quote(*quote, ExpectedAk{ev.ak_public, tpm::tpm_name(ak->tpmt_public)}, policy);
  if (!verified) return make_error(verified.error().kind, "enrollment quote: " + verified.error().message);
  ev.reset_count = verified->reset_count;
  ev.restart_count = verified->restart_count;
  return ok_status();
}

Result<tpm::EnrollmentRecord> enroll_one(const Device& device, const LoginCredential& login,
                                         const EnrollOptions& o, const Collector& collect) {
  const TpmSettings& tpm = *device.tpm;
  auto keys = run_commands(device, login, {"attest agent ek", ak_command(tpm)}, collect);
  if (!keys) return keys.error();
  auto ek = tpm::parse_agent_ek_json((*keys)[0]);
  if (!ek) return ek.error();
  auto ak = read_ak(tpm, (*keys)[1]);
  if (!ak) return ak.error();

  tpm::EnrollmentEvidence ev;
  ev.device = device.name;
  ev.serial = device.serial;
  for (const auto& c : ek->certificates) ev.ek_certificates.push_back(c.der);
  auto chosen = tpm::choose_ek(*ek);
  if (!chosen) return make_error(chosen.error().kind, device.name + ": " + chosen.error().message);
  ev.ek_alg = chosen->alg;
  ev.ek_public = std::move(chosen->ek_public);
  if (auto st = tpm::check_certified_ek(ev, o.trust); !st) return st.error();
  ev.ak_public = ak->ak_public;
  ev.ak_name_reported = ak->ak_name;
  ev.challenge_secret = tpm::fresh_secret();
  auto challenge = tpm::make_enrollment_challenge(ev.ek_public, ev.ak_public, ev.challenge_secret);
  if (!challenge) return challenge.error();

  const Bytes nonce = tpm::fresh_secret();
  auto answers = run_commands(device, login, {activate_command(tpm, ev.ek_alg, *challenge), quote_command(tpm, nonce)},
                              collect);
  if (!answers) return answers.error();
  auto activation = tpm::parse_agent_activation_json((*answers)[0]);
  if (!activation) return activation.error();
  ev.returned_secret = activation->secret;
  if (auto st = check_first_quote(device, (*answers)[1], nonce, ev); !st) return st.error();
  ev.enrolled_at = utc_now_rfc3339();
  return tpm::verify_enrollment_evidence(ev, o.trust);
}

}  // namespace

std::vector<tpm::PemText> trusted_ek_roots(const sign::DbFiles& db_files, const std::string& db_dir) {
  constexpr std::string_view prefix = "tpm-roots/";
  std::vector<tpm::PemText> roots;
  for (const auto& [rel, bytes] : db_files) {
    const std::string_view path(rel);
    if (path.substr(0, prefix.size()) != prefix || path.find('/', prefix.size()) != std::string_view::npos) continue;
    if (std::filesystem::path(rel).extension() == ".pem") roots.push_back({db_dir + "/" + rel, bytes});
  }
  return roots;  // DbFiles is sorted: name order
}

std::vector<EnrollOutcome> enroll_devices(const std::vector<Device>& devices, const Secrets& secrets,
                                          const EnrollOptions& options) {
  std::vector<Device> tpm_devices;
  for (const auto& d : devices)
    if (d.tpm) tpm_devices.push_back(d);
  std::vector<EnrollOutcome> out(tpm_devices.size());
  const Collector collect = options.collector ? options.collector : Collector(collect_device);
  const auto enroll = [&](std::size_t i) {
    out[i].device = tpm_devices[i];
    const auto login = secrets.credentials.find(tpm_devices[i].credential);
    if (login == secrets.credentials.end()) {
      out[i].error = "credential '" + tpm_devices[i].credential + "' is not in the secrets file";
      return;
    }
    try {
      auto record = enroll_one(tpm_devices[i], login->second, options, collect);
      if (record) out[i].record = std::move(record).value();
      else out[i].error = record.error().message;
    } catch (const std::exception& e) {
      out[i].error = std::string("internal error: ") + e.what();
    }
  };
  // The same engine as a rack run: every device in flight on one event loop.
  ssh::BatchLimits limits;
  limits.max_sessions = options.max_sessions;
  limits.handshake_rate = options.handshake_rate;
  ssh::run_batch(tpm_devices.size(), limits, enroll);
  return out;
}

}  // namespace attest
