#include "attest/lab/swtpm.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#include <openssl/core_names.h>
#include <openssl/pem.h>

#include "attest/util/digest.hpp"
#include "attest/util/files.hpp"
#include "attest/util/openssl_ptr.hpp"
#include "attest/util/process.hpp"

namespace attest::lab {
namespace fs = std::filesystem;
namespace {

bool port_free(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

// Two consecutive free ports (server, control). Candidates advance from a
// random start and are never handed out twice, so TPMs started by concurrent
// threads cannot race for the same pair before swtpm binds it.
Result<int> pick_port_pair() {
  static std::mutex mutex;
  static int next = 30000 + static_cast<int>(std::random_device{}() % 10000) * 2;
  std::lock_guard lock(mutex);
  for (int i = 0; i < 500; ++i) {
    const int p = next;
    next = next + 2 > 59998 ? 30000 : next + 2;
    if (port_free(p) && port_free(p + 1)) return p;
  }
  return make_error(ErrorKind::io, "no free port pair for swtpm on 127.0.0.1");
}

Status write_setup_configs(const std::string& state_dir, const std::string& ca_dir) {
  const std::string setup = "create_certs_tool = /usr/bin/swtpm_localca\n"
                            "create_certs_tool_config = " + state_dir + "/localca.conf\n"
                            "create_certs_tool_options = " + state_dir + "/localca.options\n"
                            "active_pcr_banks = sha256\n";
  const std::string localca = "statedir = " + ca_dir + "\nsigningkey = " + ca_dir + "/signkey.pem\nissuercert = " +
                              ca_dir + "/issuercert.pem\ncertserial = " + ca_dir + "/certserial\n";
  const std::string options = "--platform-manufacturer attest-lab\n--platform-version 2.1\n--platform-model lab\n";
  for (const auto& [name, text] : {std::pair{"swtpm_setup.conf", setup}, {"localca.conf", localca},
                                   {"localca.options", options}}) {
    if (auto st = write_file_atomic(state_dir + "/" + name, text); !st) return st;
  }
  return ok_status();
}

Status checked(const Result<ProcessOutput>& r, const std::string& what) {
  if (!r) return make_error(r.error().kind, what + ": " + r.error().message);
  if (r->exit_code != 0) {
    return make_error(ErrorKind::internal, what + " exited with " + std::to_string(r->exit_code) + ": " +
                                               r->err.substr(0, r->err.find('\n')));
  }
  return ok_status();
}

// swtpm_localca serializes certificate issuing with a lock file in ca_dir;
// only the first issue, which creates the CA itself, must run alone: the
// returned lock is held while the CA does not exist yet.
std::unique_lock<std::mutex> ca_creation_lock(const std::string& ca_dir) {
  static std::mutex ca_mutex;
  std::unique_lock lock(ca_mutex);
  if (fs::exists(Swtpm::root_cert(ca_dir))) lock.unlock();
  return lock;
}

// What says a TPM is fully manufactured: the ECC-only certificate is written
// last, after its NV index, so a half-provisioned state is made again.
std::string manufactured_marker(const std::string& state_dir, EkCerts certs) {
  return certs == EkCerts::ecc_only ? Swtpm::ecc_p256_cert(state_dir) : state_dir + "/tpm2-00.permall";
}

// swtpm_setup: with its EK certificates, or (ecc_only) with none, as the
// L-2 certificate is issued once the TPM runs (provision_ecc_ek).
Status manufacture(const std::string& state_dir, const std::string& ca_dir, EkCerts certs) {
  if (fs::exists(manufactured_marker(state_dir, certs))) return ok_status();
  std::error_code ec;
  fs::create_directories(state_dir, ec);
  fs::create_directories(ca_dir, ec);
  if (ec) return make_error(ErrorKind::io, state_dir + ": " + ec.message());
  if (auto st = write_setup_configs(state_dir, ca_dir); !st) return st;
  std::vector<std::string> argv = {"swtpm_setup", "--tpm2", "--tpmstate", state_dir, "--config",
                                   state_dir + "/swtpm_setup.conf", "--pcr-banks", "sha1,sha256", "--overwrite"};
  if (certs == EkCerts::swtpm_default) {
    argv.insert(argv.end(), {"--create-ek-cert", "--create-platform-cert", "--lock-nvram", "--write-ek-cert-files",
                             state_dir});
  }
  auto lock = ca_creation_lock(ca_dir);
  ProcessOptions o;
  o.timeout = Millis(30000);
  return checked(run_process(argv, o), "swtpm_setup");
}

// The EC point of a PEM public key as swtpm_localca's --ek takes it.
Result<std::string> ec_point_argument(const std::string& pem_path) {
  auto pem = read_file(pem_path, 16384);
  if (!pem) return pem.error();
  BioPtr bio(BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size())));
  EvpPkeyPtr key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  unsigned char point[65];
  std::size_t len = 0;
  if (!key || EVP_PKEY_get_octet_string_param(key.get(), OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point, &len) != 1 ||
      len != sizeof point || point[0] != 0x04) {
    return make_error(ErrorKind::internal, pem_path + ": not an uncompressed P-256 public key");
  }
  const Bytes x(point + 1, point + 33), y(point + 33, point + 65);
  return "x=" + to_hex(x) + ",y=" + to_hex(y) + ",id=secp256r1";
}

// TCG EK Credential Profile 2.3, "EK Certificate NV Index Attributes":
// platform-created, written with platform auth, readable by anyone.
constexpr const char* kEkCertNvAttributes = "ppwrite|ppread|ownerread|authread|no_da|platformcreate|writedefine";

// The L-2 EK as stock tpm2_createek -G ecc derives it from the template,
// flushed again; its point as swtpm_localca's --ek argument.
Result<std::string> derive_ecc_ek(const ProcessOptions& tpm, const std::string& state_dir) {
  const std::string pem = state_dir + "/ek-p256.pem", ctx = state_dir + "/ek-p256.ctx";
  auto created = checked(run_process({"tpm2_createek", "-G", "ecc", "-c", ctx, "-u", pem, "-f", "pem"}, tpm),
                         "tpm2_createek");
  std::error_code ec;
  fs::remove(ctx, ec);  // a saved context dies with the next power cycle; the PEM stays, for people
  if (!created) return created.error();
  if (auto st = checked(run_process({"tpm2_flushcontext", "-t"}, tpm), "tpm2_flushcontext"); !st) return st.error();
  return ec_point_argument(pem);
}

// The lab CA's certificate for the EK at `point`, as swtpm_setup would have
// swtpm_localca make it (same TPM manufacturer, model and version fields).
Result<std::string> issue_ek_certificate(const std::string& state_dir, const std::string& ca_dir,
                                         const std::string& point, const std::string& out_dir) {
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  auto lock = ca_creation_lock(ca_dir);
  ProcessOptions o;
  o.timeout = Millis(30000);
  auto issued = checked(run_process({"swtpm_localca", "--type", "ek", "--ek", point, "--dir", out_dir, "--tpm2",
                                     "--configfile", state_dir + "/localca.conf", "--optsfile",
                                     state_dir + "/localca.options", "--tpm-spec-family", "2.0",
                                     "--tpm-spec-revision", "164", "--tpm-spec-level", "0", "--tpm-manufacturer",
                                     "id:00001014", "--tpm-model", "swtpm", "--tpm-version", "id:20191023",
                                     "--decryption"}, o),
                        "swtpm_localca");
  if (!issued) return issued.error();
  return out_dir + "/ek.cert";
}

// Defines NV 0x01c0000a with platform auth, writes `cert` and write-locks it,
// as swtpm_setup --lock-nvram does for its own certificates.
Status write_ecc_ek_nv(const ProcessOptions& tpm, const std::string& cert) {
  std::error_code ec;
  const std::string size = std::to_string(fs::file_size(cert, ec));
  if (ec) return make_error(ErrorKind::internal, cert + ": " + ec.message());
  const std::vector<std::vector<std::string>> steps = {
      {"tpm2_nvdefine", "0x01c0000a", "-C", "p", "-s", size, "-a", kEkCertNvAttributes},
      {"tpm2_nvwrite", "0x01c0000a", "-C", "p", "-i", cert},
      {"tpm2_nvwritelock", "0x01c0000a", "-C", "p"}};
  for (const auto& argv : steps) {
    if (auto st = checked(run_process(argv, tpm), argv[0]); !st) return st;
  }
  return ok_status();
}

// EkCerts::ecc_only on a running, certificate-less TPM: the L-2 EK, its
// certificate in NV, and last the marker file (ecc_p256_cert).
Status provision_ecc_ek(const Swtpm& tpm, const std::string& state_dir, const std::string& ca_dir) {
  ProcessOptions o;
  o.env["TPM2TOOLS_TCTI"] = tpm.tcti();
  auto point = derive_ecc_ek(o, state_dir);
  if (!point) return point.error();
  const std::string issued_dir = state_dir + "/ek-p256-issued";
  auto cert = issue_ek_certificate(state_dir, ca_dir, *point, issued_dir);
  if (!cert) return cert.error();
  if (auto st = write_ecc_ek_nv(o, *cert); !st) return st;
  std::error_code ec;
  fs::rename(*cert, Swtpm::ecc_p256_cert(state_dir), ec);
  if (ec) return make_error(ErrorKind::io, Swtpm::ecc_p256_cert(state_dir) + ": " + ec.message());
  fs::remove_all(issued_dir, ec);
  return ok_status();
}

Result<pid_t> read_pid(const std::string& pid_file) {
  for (int i = 0; i < 100; ++i) {
    auto text = read_file(pid_file, 64);
    if (text && !text->empty()) return static_cast<pid_t>(std::stol(*text));
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return make_error(ErrorKind::internal, pid_file + ": swtpm wrote no pid");
}

}  // namespace

Result<std::unique_ptr<Swtpm>> Swtpm::start(const std::string& state_dir_in, const std::string& ca_dir_in,
                                            EkCerts certs) {
  // Absolute paths: the swtpm daemon changes its directory to /.
  const std::string state_dir = fs::absolute(state_dir_in).string();
  const std::string ca_dir = fs::absolute(ca_dir_in).string();
  const bool provision = !fs::exists(manufactured_marker(state_dir, certs)) && certs == EkCerts::ecc_only;
  if (auto st = manufacture(state_dir, ca_dir, certs); !st) return st.error();
  auto tpm = launch(state_dir);
  if (!tpm || !provision) return tpm;
  if (auto st = provision_ecc_ek(**tpm, state_dir, ca_dir); !st) return st.error();
  return tpm;
}

Result<std::unique_ptr<Swtpm>> Swtpm::launch(const std::string& state_dir) {
  // Another process may take a port between our check and swtpm's bind: try
  // a few pairs before giving up.
  Result<int> port = make_error(ErrorKind::io, "no port tried");
  const std::string pid_file = state_dir + "/swtpm.pid";
  Status started = ok_status();
  for (int attempt = 0; attempt < 5; ++attempt) {
    port = pick_port_pair();
    if (!port) return port.error();
    std::error_code ec;
    fs::remove(pid_file, ec);
    started = checked(run_process({"swtpm", "socket", "--tpm2", "--tpmstate", "dir=" + state_dir, "--server",
                                   "type=tcp,port=" + std::to_string(*port) + ",bindaddr=127.0.0.1", "--ctrl",
                                   "type=tcp,port=" + std::to_string(*port + 1) + ",bindaddr=127.0.0.1", "--flags",
                                   "not-need-init,startup-clear", "--daemon", "--pid", "file=" + pid_file}),
                      "swtpm socket");
    if (started || started.error().message.find("Address already in use") == std::string::npos) break;
  }
  if (!started) return started.error();
  auto pid = read_pid(pid_file);
  if (!pid) return pid.error();
  return std::unique_ptr<Swtpm>(new Swtpm(state_dir, *port, *pid));
}

namespace {

// Gone, or a zombie nobody reaps (the daemon is not our child, and a
// container's init may never reap it).
bool has_exited(pid_t pid) {
  if (::kill(pid, 0) != 0) return true;
  auto stat = read_file("/proc/" + std::to_string(pid) + "/stat", 4096);
  if (!stat) return true;
  const auto paren = stat->rfind(')');
  return paren != std::string::npos && paren + 2 < stat->size() && (*stat)[paren + 2] == 'Z';
}

}  // namespace

// An orderly power-off (TPM2_Shutdown first, so the next start finds a
// clean state and clockInfo.safe stays 1), then ask the daemon to stop,
// wait a little, and insist.
Swtpm::~Swtpm() {
  if (pid_ <= 0) return;
  ProcessOptions shutdown;
  shutdown.env["TPM2TOOLS_TCTI"] = tcti();
  shutdown.timeout = Millis(2000);
  (void)run_process({"tpm2_shutdown", "-c"}, shutdown);
  // CMD_SHUTDOWN on the control channel: swtpm saves its state and exits.
  ProcessOptions ctrl;
  ctrl.timeout = Millis(2000);
  (void)run_process({"swtpm_ioctl", "--tcp", "127.0.0.1:" + std::to_string(ctrl_port()), "-s"}, ctrl);
  if (!has_exited(pid_)) ::kill(pid_, SIGTERM);
  for (int i = 0; i < 100 && !has_exited(pid_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (!has_exited(pid_)) ::kill(pid_, SIGKILL);
}

std::string Swtpm::tcti() const { return "swtpm:host=127.0.0.1,port=" + std::to_string(port_); }

Status Swtpm::extend(const std::vector<std::string>& items) const {
  if (items.empty()) return ok_status();
  std::vector<std::string> argv = {"tpm2_pcrextend"};
  argv.insert(argv.end(), items.begin(), items.end());
  ProcessOptions o;
  o.env["TPM2TOOLS_TCTI"] = tcti();
  return checked(run_process(argv, o), "tpm2_pcrextend");
}

// An orderly restart (Shutdown, power cycle, Startup): resetCount increments
// and clockInfo.safe stays 1, as on a device that rebooted cleanly.
Status Swtpm::reboot() const {
  ProcessOptions shutdown;
  shutdown.env["TPM2TOOLS_TCTI"] = tcti();
  if (auto st = checked(run_process({"tpm2_shutdown", "-c"}, shutdown), "tpm2_shutdown"); !st) return st;
  if (auto st = checked(run_process({"swtpm_ioctl", "--tcp", "127.0.0.1:" + std::to_string(ctrl_port()), "-i"}),
                        "swtpm_ioctl -i");
      !st) {
    return st;
  }
  ProcessOptions o;
  o.env["TPM2TOOLS_TCTI"] = tcti();
  return checked(run_process({"tpm2_startup", "-c"}, o), "tpm2_startup");
}

}  // namespace attest::lab
