#include <doctest/doctest.h>

#include <signal.h>

#include "attest/util/process.hpp"

using namespace attest;

TEST_CASE("a child's stdout, stderr, exit code and environment come back") {
  ProcessOptions o;
  o.env["ATTEST_TEST_VALUE"] = "x y";
  auto r = run_process({"sh", "-c", "echo out; echo err >&2; echo \"$ATTEST_TEST_VALUE\"; exit 3"}, o);
  REQUIRE(r.ok());
  CHECK(r->out == "out\nx y\n");
  CHECK(r->err == "err\n");
  CHECK(r->exit_code == 3);
}

TEST_CASE("arguments are passed as they are, never through a shell") {
  auto r = run_process({"echo", "$(id)", "a;b"});
  REQUIRE(r.ok());
  CHECK(r->out == "$(id) a;b\n");
}

TEST_CASE("stdin is delivered and closed") {
  ProcessOptions o;
  o.stdin_data = "hello";
  auto r = run_process({"cat"}, o);
  REQUIRE(r.ok());
  CHECK(r->out == "hello");
}

TEST_CASE("a child that outlives its deadline is killed and reported as a timeout") {
  ProcessOptions o;
  o.timeout = Millis(300);
  auto r = run_process({"sleep", "5"}, o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::timeout);
}

TEST_CASE("output beyond the cap is refused") {
  ProcessOptions o;
  o.max_output = 1000;
  auto r = run_process({"sh", "-c", "yes | head -c 5000"}, o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("exceeds 1000") != std::string::npos);
}

TEST_CASE("a program that does not exist is an error, not a crash") {
  auto r = run_process({"/nonexistent/program"});
  CHECK_FALSE(r.ok());
}

TEST_CASE("a child does not inherit blocked signals") {
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &block, &old);
  auto r = run_process({"sh", "-c", "grep SigBlk /proc/self/status"});
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  REQUIRE(r.ok());
  CHECK(r->out.find("0000000000000000") != std::string::npos);
}
