#include "attest/engine/tpm_collect.hpp"

#include "attest/config/inventory_tpm.hpp"
#include "attest/profiles/profile.hpp"
#include "attest/tpm/quote/agent_quote.hpp"
#include "attest/tpm/quote/public_key.hpp"
#include "attest/tpm/quote/stock_quote.hpp"

namespace attest {
namespace {

std::string short_hex(const Bytes& b) { return to_hex(b).substr(0, 16); }

// The verdict first: report tables cut long details.
Error swapped(const Bytes& seen, const Bytes& enrolled, const char* what) {
  return make_error(ErrorKind::crypto, std::string("not the enrolled TPM (device swapped?): quote signed by AK ") +
                                           what + " " + short_hex(seen) + "..., the enrolled AK's is " +
                                           short_hex(enrolled) + "...");
}

Result<CollectedQuote> from_agent(std::string_view output) {
  auto q = tpm::parse_agent_quote_json(output);
  if (!q) return q.error();
  return CollectedQuote{std::move(q->message), std::move(q->signature), std::move(q->pcrs), std::move(q->ak_public)};
}

Result<CollectedQuote> from_stock(std::string_view output) {
  auto q = tpm::parse_stock_quote(output);
  if (!q) return q.error();
  return CollectedQuote{std::move(q->message), std::move(q->signature), std::move(q->pcrs), std::nullopt};
}

}  // namespace

std::vector<std::string> TpmCommands::list() const {
  std::vector<std::string> out;
  for (const auto* c : {&quote, &event_log})
    if (!c->empty()) out.push_back(*c);
  return out;
}

std::string quote_command(const TpmSettings& tpm, const Bytes& nonce) {
  if (nonce.empty()) return {};
  if (tpm.quote_with == QuoteForm::agent) {
    return "attest agent quote --nonce " + to_hex(nonce) + " --pcrs " + tpm.pcr_selection + " --alg " + tpm.ak_alg;
  }
  // The loader validated the selection; an unparsable one quotes nothing.
  auto selection = tpm::parse_pcr_selection(tpm.pcr_selection);
  return selection ? tpm::stock_quote_command(tpm.ak_handle, *selection, nonce) : std::string();
}

std::string event_log_command(const Device& device) {
  if (!device.tpm) return {};
  const Profile* profile = find_profile(device.profile);
  const std::string path = !device.tpm->event_log_path.empty() ? device.tpm->event_log_path
                           : profile != nullptr                ? profile->event_log_path
                                                               : "";
  // The path goes onto a device command line: anything unusual is refused.
  return is_event_log_path(path) ? "cat " + path : std::string();
}

TpmCommands tpm_commands(const Device& device, const Bytes& nonce) {
  return {device.tpm ? quote_command(*device.tpm, nonce) : std::string(), event_log_command(device)};
}

Result<CollectedQuote> parse_quote_output(QuoteForm form, std::string_view output) {
  return form == QuoteForm::agent ? from_agent(output) : from_stock(output);
}

Result<tpm::VerifiedQuote> verify_collected_quote(const CollectedQuote& q, const ExpectedAk& ak,
                                                  tpm::QuotePolicy policy) {
  if (q.ak_public && *q.ak_public != ak.ak_public) {
    auto pub = tpm::parse_tpm2b_public(*q.ak_public);
    return swapped(pub ? tpm::tpm_name(pub->tpmt_public) : *q.ak_public, ak.ak_name, "with Name");
  }
  const Bytes expected_signer =
      tpm::tpm_qualified_name(tpm::hierarchy_qualified_name(tpm::kRhEndorsement), ak.ak_name);
  auto parsed = tpm::parse_quote(q.message);
  if (!parsed) return parsed.error();
  if (parsed->qualified_signer != expected_signer) {
    return swapped(parsed->qualified_signer, expected_signer, "with qualified name");
  }
  auto key = tpm::public_key_from_tpm2b_public(ak.ak_public);
  if (!key) return key.error();
  policy.expected_signer_name = expected_signer;
  return tpm::verify_quote(q.message, q.signature, q.pcrs, key->get(), policy);
}

}  // namespace attest
