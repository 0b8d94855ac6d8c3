// SPDX-License-Identifier: GPL-3.0-or-later
#include "unprivileged.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace vs::test {

Run rerun_current_test_as_nobody() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string name = std::string(info->test_suite_name()) + "." + info->name();
  // This test program, by its path (setpriv would read /proc/self as itself); nobody
  // must be able to run it, as it must be able to run the plugins.
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  return run({"setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", self,
              "--gtest_filter=" + name},
             std::chrono::seconds(60));
}

}  // namespace vs::test
