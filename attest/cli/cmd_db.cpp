// `attest db lint DIR`: validate the golden database before review/signing.
#include <iostream>

#include "attest/cli/commands.hpp"
#include "attest/cli/options.hpp"
#include "attest/config/golden_loader.hpp"

namespace attest::cli {

ExitCode cmd_db(const Args& args) {
  std::string action, dir;
  po::options_description desc("attest db options");
  desc.add_options()
      ("action", po::value(&action)->required(), "lint")
      ("dir", po::value(&dir)->required(), "golden database directory");
  po::positional_options_description pos;
  pos.add("action", 1).add("dir", 1);
  auto parsed = parse_options(args, "attest db lint DIR", desc, &pos);
  if (parsed.done) return *parsed.done;
  if (action != "lint") return report_error(make_error(ErrorKind::usage, "unknown db action '" + action + "' (try: lint)"));

  std::vector<std::string> notes;
  if (auto st = lint_golden_db(dir, &notes); !st) return report_error(st.error());
  for (const auto& n : notes) std::cout << "note: " << n << "\n";
  auto db = load_golden_db(dir);
  if (!db) return report_error(db.error());
  std::cout << dir << ": ok: " << db->firmware.size() << " model policies, " << db->credentials.size()
            << " credential profiles\n";
  return ExitCode::pass;
}

}  // namespace attest::cli
