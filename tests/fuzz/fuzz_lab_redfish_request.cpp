// The lab's side of a Redfish request, over bytes a client controls: the
// HTTP/1.1 parser (attest/lab/http.hpp) and the BMC's answer
// (attest/lab/redfish_service.hpp) on an iDRAC tree with lockout. Whole and
// at every 61-byte prefix, the parser's verdict may only go from incomplete to
// final; a bad request names a status to answer; a served one carries a known
// status, and without accepted credentials only the public resources answer 200.
#include <chrono>
#include <set>

#include "attest/lab/http.hpp"
#include "attest/lab/redfish_service.hpp"
#include "fuzz_support.hpp"

using namespace attest;
using namespace attest::lab;

namespace {

DeviceSpec device() {
  DeviceSpec d;
  d.name = "bmc1";
  d.transport = Transport::redfish;
  d.facts = {"", "PowerEdge R660", "7XQ9K24", "7.00.00.00", "bmc1", {}};
  RedfishSpec r;
  r.mockup = "idrac";
  r.accounts = {{"root", "calvin", true, "Administrator"}};
  r.lockout = {3, 60, 30};
  d.redfish = r;
  return d;
}

const MockupTree& tree() {
  static const MockupTree t = [] {
    auto rendered = render_mockup(device());
    if (!rendered) fuzz::invariant_failed(rendered.error().message.c_str(), __FILE__, __LINE__);
    return *rendered;
  }();
  return t;
}

// DSP0266: the resources a BMC serves without credentials (trailing slashes aside).
bool public_path(const std::string& target) {
  std::string path = target.substr(0, target.find_first_of("?#"));
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path == "/redfish" || path == "/redfish/v1" || path == "/redfish/v1/odata" || path == "/redfish/v1/$metadata";
}

void check_prefixes(std::string_view text, const ParsedRequest& whole) {
  for (std::size_t n = 0; n < text.size(); n += 61) {
    const ParsedRequest part = parse_request(text.substr(0, n));
    FUZZ_CHECK(part.state == ParseState::incomplete || part.state == whole.state);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::text_of(data, size);
  const ParsedRequest p = parse_request(text);
  check_prefixes(text, p);
  if (p.state == ParseState::bad) {
    static const std::set<int> kBad = {400, 413, 431, 501, 505};
    FUZZ_CHECK(kBad.contains(p.status));
    return 0;
  }
  if (p.state == ParseState::incomplete) return 0;
  FUZZ_CHECK(p.consumed <= text.size() && p.request.body.size() <= kMaxRequestBody);
  int n = 0;
  RedfishService service(device(), tree(), [&n] { return "t" + std::to_string(++n); });
  const ServiceAnswer a = service.handle(p.request, std::chrono::steady_clock::time_point(std::chrono::seconds(100)));
  static const std::set<int> kServed = {200, 201, 204, 400, 401, 404, 405, 503};
  FUZZ_CHECK(kServed.contains(a.response.status));
  FUZZ_CHECK(response_head(a.response, true).find("\r\nContent-Length: ") != std::string::npos);
  if (a.response.status == 200 && !a.auth.accepted) FUZZ_CHECK(public_path(p.request.target));
  return 0;
}
