// `attest firmware parse --profile P FILE`: run a profile's parser over a
// captured output, e.g. to add a fixture or to check a new firmware's format.
#include <iostream>

#include <nlohmann/json.hpp>

#include "attest/cli/commands.hpp"
#include "attest/cli/options.hpp"
#include "attest/profiles/forms.hpp"
#include "attest/profiles/profile.hpp"
#include "attest/util/files.hpp"

namespace attest::cli {

ExitCode cmd_firmware(const Args& args) {
  std::string action, profile_name, file;
  po::options_description desc("attest firmware options");
  desc.add_options()
      ("action", po::value(&action)->required(), "parse")
      ("profile", po::value(&profile_name)->required(), "profile name, e.g. cisco-iosxe")
      ("file", po::value(&file)->required(), "captured output");
  po::positional_options_description pos;
  pos.add("action", 1).add("file", 1);
  auto parsed = parse_options(args, "attest firmware parse --profile P FILE", desc, &pos);
  if (parsed.done) return *parsed.done;
  if (action != "parse") return report_error(make_error(ErrorKind::usage, "unknown firmware action '" + action + "' (try: parse)"));

  const Profile* profile = find_profile(profile_name);
  if (!profile) return report_error(make_error(ErrorKind::usage, "unknown profile '" + profile_name + "'"));
  auto text = read_file(file, 4u << 20);
  if (!text) return report_error(text.error());
  auto outputs = split_capture(*profile, *text);
  if (!outputs) return report_error(make_error(ErrorKind::parse, file + ": " + outputs.error().message));
  auto chosen = choose_forms(*profile, *outputs);
  if (!chosen) return report_error(make_error(ErrorKind::parse, file + ": " + chosen.error().message));
  auto facts = profile->parse(chosen->outputs);
  if (!facts) return report_error(make_error(ErrorKind::parse, file + ": " + facts.error().message));
  const nlohmann::ordered_json j = {
      {"vendor", facts->vendor}, {"model", facts->model}, {"serial", facts->serial}, {"version", facts->version}};
  std::cout << j.dump(2) << "\n";
  return ExitCode::pass;
}

}  // namespace attest::cli
