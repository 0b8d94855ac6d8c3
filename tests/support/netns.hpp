// SPDX-License-Identifier: GPL-3.0-or-later
// A network namespace of the test's own, with addresses on its loopback device.
// Only 127.0.0.0/8, ::1, 192.0.2.0/24 and 2001:db8::/32 are ever used.
#pragma once

#include <string>
#include <vector>

#include "process.hpp"

namespace vs::test {

class Netns {
 public:
  // Creates "vs-test-<pid>-<n>" with lo up and the given addresses ("192.0.2.40/32",
  // "2001:db8::40/128") on lo. Check ok() (false without root or ip netns).
  explicit Netns(const std::vector<std::string>& addresses = {});
  ~Netns();
  Netns(const Netns&) = delete;
  Netns& operator=(const Netns&) = delete;

  bool ok() const { return ok_; }
  const std::string& why_not() const { return why_not_; }
  const std::string& name() const { return name_; }
  std::string path() const { return "/run/netns/" + name_; }
  // argv prefixed with "ip netns exec NAME".
  std::vector<std::string> exec(const std::vector<std::string>& argv) const;
  Run run(const std::vector<std::string>& argv,
          std::chrono::milliseconds limit = std::chrono::seconds(30)) const;
  // Starts a background process inside; killed (process group) on destruction.
  int spawn(const std::vector<std::string>& argv);

 private:
  std::string name_;
  bool ok_ = false;
  std::string why_not_;
  std::vector<int> children_;
};

// Why integration tests cannot run here, or "" when they can (root + ip netns).
std::string netns_unavailable();

}  // namespace vs::test

// Skips the current test with the reason when network namespaces are unavailable.
#define VS_REQUIRE_NETNS()                                      \
  do {                                                          \
    const std::string vs_why = ::vs::test::netns_unavailable(); \
    if (!vs_why.empty()) GTEST_SKIP() << vs_why;                \
  } while (0)
