// `attest report ACTION ...`: tools over a written report.json.
//   html REPORT.json --out FILE    the self-contained report.html
//   junit REPORT.json --out FILE   junit.xml for CI systems
//   verify --report R --pubkey K   the report's signature (report_signature.cpp)
//   merge R1 R2 ... --out DIR      shard reports into one site report (report_merge.cpp)
#include <iostream>

#include "attest/cli/commands.hpp"
#include "attest/cli/options.hpp"
#include "attest/cli/report_merge.hpp"
#include "attest/cli/report_signature.hpp"
#include "attest/config/json_reader.hpp"
#include "attest/export/export.hpp"
#include "attest/util/files.hpp"

namespace attest::cli {
namespace {

using Renderer = std::string (*)(const nlohmann::ordered_json&);

// A report the exports can render: JSON, our schema, devices as an array.
// Anything past that is rendered defensively, field by field.
Result<OrderedJson> load_report(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.error();
  auto report = parse_json_text(*text, path);
  if (!report) return report.error();
  if (!report->is_object() || report->value("schema", nlohmann::ordered_json()) != "attest.report/v1")
    return make_error(ErrorKind::input, path + ": not an attest report (want \"schema\": \"attest.report/v1\")");
  if (!report->contains("devices") || !(*report)["devices"].is_array())
    return make_error(ErrorKind::input, path + ": /devices: missing or not an array");
  return report;
}

// `html` and `junit`: render REPORT.json, write FILE atomically (a reader
// never sees half an export; on bad input nothing is written).
ExitCode export_report(const Args& args, const char* action, Renderer render) {
  std::string input, out;
  po::options_description desc(std::string("attest report ") + action + " options");
  desc.add_options()
      ("report", po::value(&input)->required(), "report.json to render")
      ("out", po::value(&out)->required(), "file to write");
  po::positional_options_description pos;
  pos.add("report", 1);
  const std::string usage = std::string("attest report ") + action + " REPORT.json --out FILE";
  auto parsed = parse_options(args, usage.c_str(), desc, &pos);
  if (parsed.done) return *parsed.done;

  auto report = load_report(input);
  if (!report) return report_error(report.error());
  if (auto st = write_file_atomic(out, render(*report)); !st) return report_error(st.error());
  std::cout << "wrote " << out << "\n";
  return ExitCode::pass;
}

ExitCode export_html(const Args& args) { return export_report(args, "html", render_report_html); }
ExitCode export_junit(const Args& args) { return export_report(args, "junit", render_junit_xml); }

struct Action {
  const char* name;
  const char* summary;
  ExitCode (*run)(const Args& args);
};

constexpr Action kActions[] = {
    {"html", "html REPORT.json --out FILE    self-contained report.html (no scripts, no network)", export_html},
    {"junit", "junit REPORT.json --out FILE   junit.xml: one testcase per device and check", export_junit},
    {"verify", "verify --report R --pubkey K     check report.json.sig (Ed25519): 0 valid, 1 not", report_verify},
    {"merge", "merge R1 R2 ... --pubkey K --out DIR   shard reports (`rack --shard I/N`) -> one site report", report_merge},
};

void print_actions(std::ostream& to) {
  to << "usage: attest report ACTION ...\n";
  for (const auto& a : kActions) to << "  attest report " << a.summary << "\n";
}

}  // namespace

ExitCode cmd_report(const Args& args) {
  const std::string action = args.empty() ? "" : args.front();
  if (action == "--help" || action == "-h") {
    print_actions(std::cout);
    return ExitCode::pass;
  }
  for (const auto& a : kActions)
    if (action == a.name) return a.run(Args(args.begin() + 1, args.end()));
  print_actions(std::cerr);
  return report_error(make_error(ErrorKind::usage, action.empty() ? "attest report: missing action"
                                                                  : "unknown report action '" + action + "'"));
}

}  // namespace attest::cli
