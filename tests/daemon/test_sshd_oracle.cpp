// SPDX-License-Identifier: GPL-3.0-or-later
// The sshd_config reader against `sshd -T -f FILE`, for what the differential cases
// (cases/sshd, which start sshd and read its sockets and refusals) cannot see: the
// effective X11UseLocalhost, which decides whether X11 forwarding works in a guest.
// Each variant's x11uselocalhost must agree.
//
// sshd -T insists on /run/sshd; when it is missing the test runs sshd in a private
// mount namespace with a tmpfs on /run (unshare -m as root, unshare -rm otherwise),
// so the machine is left untouched. Skips with the reason when sshd is absent or
// cannot run.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "config/sshd.hpp"
#include "process.hpp"

namespace sshd = vs::config::sshd;
using Outcome = vs::test::Run;
using vs::test::TempDir;

namespace {

struct Variant {
  std::string name;
  std::string config;                                      // sshd_config; @DIR@ is the temp dir
  std::vector<std::pair<std::string, std::string>> files;  // other files, relative to the temp dir
};

struct Effective {
  bool refused = false;
  std::string x11_use_localhost;  // "yes" / "no"
  std::string error;              // what sshd said when it refused
};

std::string sshd_path() {
  for (const char* p : {"/usr/sbin/sshd", "/usr/local/sbin/sshd"}) {
    if (std::filesystem::exists(p)) return p;
  }
  return vs::test::have_program("sshd") ? "sshd" : "";
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

class SshdOracle : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sshd_ = sshd_path();
    if (sshd_.empty()) {
      why_not_ = "sshd not installed (Debian: apt-get install openssh-server)";
      return;
    }
    keys_ = std::make_unique<TempDir>();
    const Outcome keygen = vs::test::run(
        {"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", keys_->path() + "/host_key"});
    if (keygen.exit_code != 0) {
      why_not_ = "ssh-keygen failed: " + keygen.err;
      return;
    }
    // Find a way to run sshd -T at all, on an empty configuration.
    const std::string empty = keys_->write("empty", "");
    for (const auto& prefix : launchers()) {
      launcher_ = prefix;
      const Outcome r = run_sshd(empty, "");
      if (r.exit_code == 0 && r.out.find("listenaddress") != std::string::npos) {
        why_not_.clear();
        return;
      }
      why_not_ +=
          "[" + (prefix.empty() ? std::string("sshd -T") : prefix.front()) + "] " + r.err + " ";
    }
    why_not_ = "cannot run sshd -T here: " + why_not_;
  }
  static void TearDownTestSuite() { keys_.reset(); }

  void SetUp() override {
    if (!why_not_.empty()) GTEST_SKIP() << why_not_;
  }

  static std::vector<std::vector<std::string>> launchers() {
    const std::string in_private_run =
        "mount -t tmpfs none /run && mkdir /run/sshd && exec \"$0\" \"$@\"";
    std::vector<std::vector<std::string>> out;
    if (std::filesystem::is_directory("/run/sshd")) out.push_back({});
    if (vs::test::is_root()) out.push_back({"unshare", "-m", "sh", "-c", in_private_run});
    out.push_back({"unshare", "-rm", "sh", "-c", in_private_run});
    return out;
  }

  static Outcome run_sshd(const std::string& config, const std::string& extra) {
    std::vector<std::string> argv = launcher_;
    for (const auto& a : {sshd_, std::string("-T"), std::string("-f"), config, std::string("-h"),
                          keys_->path() + "/host_key"}) {
      argv.push_back(a);
    }
    if (!extra.empty()) {
      argv.push_back("-C");
      argv.push_back(extra);
    }
    return vs::test::run(argv, std::chrono::seconds(20));
  }

  static Effective from_sshd(const std::string& config) {
    const Outcome r = run_sshd(config, "");
    Effective e;
    e.refused = r.exit_code != 0;
    e.error = r.err;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("x11uselocalhost ", 0) == 0) e.x11_use_localhost = line.substr(16);
    }
    return e;
  }

  static Effective from_reader(const std::string& config) {
    const vs::fs::Tree root("/");
    const vs::net::Names names(root);
    const auto c = sshd::read_config(root, config, names);
    Effective e;
    e.x11_use_localhost = sshd::x11_use_localhost(c) ? "yes" : "no";
    return e;
  }

  void agree(const Variant& v) {
    SCOPED_TRACE(v.name);
    TempDir dir;
    for (const auto& [rel, text] : v.files)
      dir.write(rel, replace_all(text, "@DIR@", dir.path()));
    const std::string config = dir.write("sshd_config", replace_all(v.config, "@DIR@", dir.path()));
    const Effective real = from_sshd(config);
    const Effective ours = from_reader(config);
    ASSERT_FALSE(real.refused) << "sshd said: " << real.error;
    EXPECT_EQ(ours.x11_use_localhost, real.x11_use_localhost);
  }

  static inline std::string sshd_;
  static inline std::string why_not_;
  static inline std::vector<std::string> launcher_;
  static inline std::unique_ptr<TempDir> keys_;
};

// Where the listening sockets and the refusals went: cases/sshd (empty, port,
// listen-*, include-*, match-*, and the refusals), checked against a running sshd.
const std::vector<Variant> kVariants = {
    {"empty", "", {}},
    {"case, equals, first wins", "port=2200\nX11UseLocalHost=no\nX11UseLocalhost yes\n", {}},
    {"match in an include ends with it",
     "Include @DIR@/inc\nX11UseLocalhost yes\n",
     {{"inc", "Match User x\nX11UseLocalhost no\n"}}},
    {"x11 first value across include",
     "Include @DIR@/inc\nX11UseLocalhost yes\n",
     {{"inc", "X11UseLocalhost no\n"}}},
    {"match all overrides",
     "X11Forwarding yes\nX11UseLocalhost no\nMatch all\n X11UseLocalhost yes\n",
     {}},
    {"match user does not apply", "X11Forwarding yes\nMatch User foo\n X11UseLocalhost no\n", {}},
};

}  // namespace

TEST_F(SshdOracle, X11UseLocalhostAgrees) {
  for (const auto& v : kVariants)
    agree(v);
}

TEST_F(SshdOracle, DebianDefaultAgrees) {
  const std::string config = vs::test::fixture("sshd/debian12/etc/ssh/sshd_config");
  const Effective real = from_sshd(config);
  const Effective ours = from_reader(config);
  ASSERT_FALSE(real.refused) << real.error;
  EXPECT_EQ(real.x11_use_localhost, "yes");
  EXPECT_EQ(ours.x11_use_localhost, real.x11_use_localhost);
}
