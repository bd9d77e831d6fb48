#include "attest/engine/enroll.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>

#include "attest/tpm/enroll/agent_json.hpp"
#include "attest/tpm/quote/agent_quote.hpp"
#include "attest/util/encoding.hpp"
#include "attest/util/clock.hpp"

namespace attest {
namespace {

// Enrollment runs only the agent commands: a profile with none of its own.
Profile commands_only(const Device& device) {
  const Profile* p = find_profile(device.profile);
  return Profile{p ? p->name : "unknown", p ? p->vendor : "", p ? p->scheme : "", ChannelMode::exec, {}, {}, "", "",
                 nullptr};
}

// Runs `commands` on the device; their outputs in order, or why not.
Result<std::vector<std::string>> run_commands(const Device& device, const LoginCredential& login,
                                              std::vector<std::string> commands, const Collector& collect) {
  const Profile profile = commands_only(device);
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
  return outputs;
}

Result<tpm::EnrollmentRecord> enroll_one(const Device& device, const LoginCredential& login,
                                         const EnrollOptions& o, const Collector& collect) {
  const std::string alg = device.tpm->ak_alg;
  auto keys = run_commands(device, login, {"attest agent ek", "attest agent ak --alg " + alg}, collect);
  if (!keys) return keys.error();
  auto ek = tpm::parse_agent_ek_json((*keys)[0]);
  if (!ek) return ek.error();
  auto ak = tpm::parse_agent_ak_json((*keys)[1]);
  if (!ak) return ak.error();

  tpm::EnrollmentEvidence ev;
  ev.device = device.name;
  ev.serial = device.serial;
  for (const auto& c : ek->certificates) ev.ek_certificates.push_back(c.der);
  ev.ek_public = ek->ek_public_rsa;
  ev.ak_public = ak->ak_public;
  ev.ak_name_reported = ak->ak_name;
  ev.challenge_secret = tpm::fresh_secret();
  auto challenge = tpm::make_enrollment_challenge(ev.ek_public, ev.ak_public, ev.challenge_secret);
  if (!challenge) return challenge.error();

  // The activation answers the challenge; a quote from the same AK gives the
  // counters later quotes must never go below.
  const Bytes nonce = tpm::fresh_secret();
  auto answers = run_commands(device, login,
                              {"attest agent activate --alg " + alg + " --credential-blob " +
                                   base64(challenge->credential_blob.data(), challenge->credential_blob.size()) +
                                   " --encrypted-secret " +
                                   base64(challenge->encrypted_secret.data(), challenge->encrypted_secret.size()),
                               "attest agent quote --nonce " + to_hex(nonce) + " --pcrs " + device.tpm->pcr_selection +
                                   " --alg " + alg},
                              collect);
  if (!answers) return answers.error();
  auto activation = tpm::parse_agent_activation_json((*answers)[0]);
  if (!activation) return activation.error();
  ev.returned_secret = activation->secret;
  auto quote = tpm::parse_agent_quote_json((*answers)[1]);
  if (!quote) return quote.error();
  if (quote->ak_public != ev.ak_public) return make_error(ErrorKind::crypto, "enrollment quote signed by another AK");
  tpm::QuotePolicy policy;
  policy.nonce = nonce;
  auto verified = tpm::verify_agent_quote(*quote, policy);
  if (!verified) return verified.error();
  ev.reset_count = verified->reset_count;
  ev.restart_count = verified->restart_count;
  ev.enrolled_at = utc_now_rfc3339();
  return tpm::verify_enrollment_evidence(ev, o.trust);
}

}  // namespace

std::vector<std::string> trusted_ek_roots(const std::string& db_dir, const std::vector<std::string>& extra) {
  std::vector<std::string> roots;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(db_dir + "/tpm-roots", ec)) {
    if (entry.path().extension() == ".pem") roots.push_back(entry.path().string());
  }
  std::sort(roots.begin(), roots.end());
  roots.insert(roots.end(), extra.begin(), extra.end());
  return roots;
}

std::vector<EnrollOutcome> enroll_devices(const std::vector<Device>& devices, const Secrets& secrets,
                                          const EnrollOptions& options) {
  std::vector<Device> tpm_devices;
  for (const auto& d : devices)
    if (d.tpm) tpm_devices.push_back(d);
  std::vector<EnrollOutcome> out(tpm_devices.size());
  const Collector collect = options.collector ? options.collector : Collector(collect_device);
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < tpm_devices.size(); i = next++) {
      out[i].device = tpm_devices[i];
      const auto login = secrets.credentials.find(tpm_devices[i].credential);
      if (login == secrets.credentials.end()) {
        out[i].error = "credential '" + tpm_devices[i].credential + "' is not in the secrets file";
        continue;
      }
      auto record = enroll_one(tpm_devices[i], login->second, options, collect);
      if (record) out[i].record = std::move(record).value();
      else out[i].error = record.error().message;
    }
  };
  std::vector<std::thread> pool;
  const auto jobs = static_cast<std::size_t>(std::max(1, options.jobs));
  for (std::size_t t = 0; t < std::min(jobs, tpm_devices.size()); ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  return out;
}

}  // namespace attest
