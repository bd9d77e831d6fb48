#include "attest/tpm/quote/agent_quote.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "attest/util/encoding.hpp"
#include "attest/tpm/quote/public_key.hpp"

namespace attest::tpm {
namespace {

using nlohmann::json;

Error bad(const std::string& what) { return make_error(ErrorKind::input, "agent quote JSON: " + what); }

Result<std::string_view> string_field(const json& doc, const char* key) {
  const auto it = doc.find(key);
  if (it == doc.end() || !it->is_string()) return bad(std::string("\"") + key + "\" is missing or not a string");
  return std::string_view(it->get_ref<const std::string&>());
}

// A string field decoded by `decode` (base64_decode or hex_decode).
Result<Bytes> bytes_field(const json& doc, const char* key, Result<Bytes> (*decode)(std::string_view)) {
  auto s = string_field(doc, key);
  if (!s) return s.error();
  auto b = decode(*s);
  if (!b) return bad(std::string("\"") + key + "\": " + b.error().message);
  return b;
}

Result<unsigned> pcr_index(const std::string& key) {
  unsigned v = 0;
  const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), v);
  if (key.empty() || ec != std::errc() || end != key.data() + key.size() || v > kMaxPcr) {
    return bad("\"pcrs\": '" + key + "' is not a PCR index 0-" + std::to_string(kMaxPcr));
  }
  return v;
}

Result<PcrValues> pcrs_field(const json& doc) {
  const auto it = doc.find("pcrs");
  if (it == doc.end() || !it->is_object()) return bad("\"pcrs\" is missing or not an object");
  PcrValues out;
  for (const auto& [bank_name, bank] : it->items()) {
    const auto alg = hash_alg_from_name(bank_name);
    if (!alg) return bad("\"pcrs\": unknown bank '" + bank_name + "'");
    if (!bank.is_object()) return bad("\"pcrs\": bank '" + bank_name + "' is not an object");
    for (const auto& [key, value] : bank.items()) {
      auto index = pcr_index(key);
      if (!index) return index.error();
      auto digest = value.is_string() ? hex_decode(value.get_ref<const std::string&>()) : bad("not a string");
      if (!digest || digest->size() != hash_alg_size(*alg)) {
        return bad("\"pcrs\": " + bank_name + ":" + key + " is not a " + std::to_string(hash_alg_size(*alg)) + "-byte hex digest");
      }
      out[*alg][*index] = std::move(*digest);
    }
  }
  return out;
}

Status check_name(const AgentQuote& q) {
  auto pub = parse_tpm2b_public(q.ak_public);
  if (!pub) return bad("\"ak_public\": " + pub.error().message);
  if (tpm_name(pub->tpmt_public) != q.ak_name) return bad("\"ak_name\" is not the Name of \"ak_public\"");
  return ok_status();
}

Result<AgentQuote> from_json(const json& doc) {
  auto schema = string_field(doc, "schema");
  if (!schema) return schema.error();
  if (*schema != kAgentQuoteSchema) return bad("schema '" + std::string(*schema) + "' is not " + std::string(kAgentQuoteSchema));
  AgentQuote q;
  auto selection = string_field(doc, "pcr_selection");
  if (!selection) return selection.error();
  auto parsed_selection = parse_pcr_selection(*selection);
  if (!parsed_selection) return bad("\"pcr_selection\": " + parsed_selection.error().message);
  q.pcr_selection = to_bank_list(*parsed_selection);
  struct Field { const char* key; Bytes* out; Result<Bytes> (*decode)(std::string_view); };
  const Field fields[] = {{"nonce", &q.nonce, hex_decode},          {"ak_public", &q.ak_public, base64_decode},
                          {"ak_name", &q.ak_name, hex_decode},      {"message", &q.message, base64_decode},
                          {"signature", &q.signature, base64_decode}};
  for (const auto& f : fields) {
    auto b = bytes_field(doc, f.key, f.decode);
    if (!b) return b.error();
    *f.out = std::move(*b);
  }
  auto pcrs = pcrs_field(doc);
  if (!pcrs) return pcrs.error();
  q.pcrs = std::move(*pcrs);
  if (auto st = check_name(q); !st) return st.error();
  return q;
}

}  // namespace

Result<AgentQuote> parse_agent_quote_json(std::string_view text) {
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return bad("not a JSON object");
  return from_json(doc);
}

Result<VerifiedQuote> verify_agent_quote(const AgentQuote& quote, const QuotePolicy& policy) {
  auto key = public_key_from_tpm2b_public(quote.ak_public);
  if (!key) return key.error();
  return verify_quote(quote.message, quote.signature, quote.pcrs, key->get(), policy);
}

}  // namespace attest::tpm
