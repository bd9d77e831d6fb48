// The compliance-control mapping (firmware-db/controls/controls.json, schema
// attest.controls/v1): for each check, the controls an auditor tests with it.
// Loaded with the rest of the golden DB, so the signed manifest covers it.
#include <set>

#include "attest/config/golden_loader.hpp"
#include "attest/config/json_reader.hpp"
#include "attest/core/finding.hpp"

namespace attest {
namespace {

void read_controls(JsonReader& root, ControlMap& out) {
  std::set<std::string> seen;
  root.objects("controls", {"id", "framework", "ref", "title", "source"}, true, true, [&](JsonReader& r, std::size_t) {
    Control c;
    r.name("id", c.id);
    r.string("framework", c.framework);
    r.string("ref", c.ref);
    r.string("title", c.title);
    // A control nobody can look up in its standard cannot be audited.
    r.string("source", c.source);
    if (r.ok() && !seen.insert(c.id).second) r.fail("id", "control '" + c.id + "' is defined twice");
    out.controls.push_back(std::move(c));
  });
}

void read_check(JsonReader& checks, const char* check, const std::set<std::string>& defined, ControlMap& out) {
  std::vector<std::string> ids;
  checks.strings(check, ids, true);
  std::set<std::string> listed;
  for (std::size_t i = 0; i < ids.size() && checks.ok(); ++i) {
    const std::string at = pointer_append(checks.at(check), i);
    if (defined.count(ids[i]) == 0) checks.fail_at(at, "unknown control '" + ids[i] + "'");
    else if (!listed.insert(ids[i]).second) checks.fail_at(at, "control '" + ids[i] + "' listed twice");
  }
  out.by_check[check] = std::move(ids);
}

void read_checks(JsonReader& root, ControlMap& out) {
  std::set<std::string> defined;
  for (const auto& c : out.controls) defined.insert(c.id);
  // Every check a report can hold (check::kAll, spelt out because a field list
  // is a compile-time list): a new check must be mapped (maybe to nothing)
  // before it ships, so an auditor never meets a finding nobody classified;
  // a misspelt check is an unknown member.
  root.object("checks",
              {"reachability", "host-key", "ssh-posture", "service-posture", "identity", "default-credentials", "retired-credentials",
               "firmware-version", "tpm-enrollment", "tpm-quote", "measured-boot", "management-acl"},
              true, [&](JsonReader& checks) {
    for (const char* check : check::kAll)
      if (checks.ok()) read_check(checks, check, defined, out);
  });
}

}  // namespace

Status parse_controls_file(std::string_view json, const std::string& path, GoldenDb& db) {
  if (!db.controls.file.empty())
    return make_error(ErrorKind::input, path + ": a second controls file (the first is " + db.controls.file +
                                            "): keep the mapping in one file");
  auto controls = read_document(json, path, {"schema", "controls", "checks"}, ControlMap{},
                                [](JsonReader& root, ControlMap& out) {
                                  root.constant("schema", kControlsSchema);
                                  read_controls(root, out);
                                  if (root.ok()) read_checks(root, out);
                                });
  if (!controls) return controls.error();
  db.controls = std::move(controls).value();
  db.controls.file = path;
  return ok_status();
}

}  // namespace attest
