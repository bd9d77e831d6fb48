#include "attest/core/finding.hpp"

#include <algorithm>
#include <iterator>

namespace attest {

const char* to_string(CheckStatus s) {
  switch (s) {
    case CheckStatus::pass: return "pass";
    case CheckStatus::fail: return "fail";
    case CheckStatus::error: return "error";
    case CheckStatus::skip: return "skip";
    case CheckStatus::waived: return "waived";
  }
  return "error";
}

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::pass: return "pass";
    case Verdict::fail: return "fail";
    case Verdict::error: return "error";
  }
  return "error";
}

Verdict verdict_of(const std::vector<Finding>& findings) {
  bool any_pass = false, any_error = false;
  for (const auto& f : findings) {
    if (f.status == CheckStatus::fail) return Verdict::fail;
    any_error |= f.status == CheckStatus::error;
    any_pass |= f.status == CheckStatus::pass;
  }
  if (any_error || !any_pass) return Verdict::error;
  return Verdict::pass;
}

namespace {

bool listed(const char* const* begin, const char* const* end, std::string_view id) {
  return std::any_of(begin, end, [&](const char* c) { return id == c; });
}

}  // namespace

bool is_check_id(std::string_view id) { return listed(std::begin(check::kAll), std::end(check::kAll), id); }

bool never_waived(std::string_view id) {
  return listed(std::begin(check::kNeverWaived), std::end(check::kNeverWaived), id);
}

}  // namespace attest
