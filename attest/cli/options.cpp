#include "attest/cli/options.hpp"

#include <iostream>

namespace attest::cli {

ParsedOptions parse_options(const Args& args, const char* usage, po::options_description& desc,
                            const po::positional_options_description* positional) {
  ParsedOptions out;
  desc.add_options()("help,h", "show this help");
  try {
    po::command_line_parser parser(args);
    parser.options(desc);
    if (positional) parser.positional(*positional);
    po::store(parser.run(), out.vm);
    if (out.vm.count("help")) {
      std::cout << "usage: " << usage << "\n\n" << desc << "\n";
      out.done = ExitCode::pass;
      return out;
    }
    po::notify(out.vm);
  } catch (const po::error& e) {
    std::cerr << "attest: " << e.what() << "\nusage: " << usage << "\n";
    out.done = ExitCode::bad_input;
  }
  return out;
}

}  // namespace attest::cli
