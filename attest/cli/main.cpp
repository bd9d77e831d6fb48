#include "attest/cli/commands.hpp"

int main(int argc, char** argv) { return attest::cli::run(argc, argv); }
