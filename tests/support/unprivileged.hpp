// SPDX-License-Identifier: GPL-3.0-or-later
// Cases that only mean something for an unprivileged user (a directory root could
// read anyway) still run when the suite runs as root, as CI does: the case runs
// again in this same test program as user nobody (setpriv), and passes when that run
// passes. A skipped case would hide as a pass.
#pragma once

#include "process.hpp"

namespace vs::test {

// Runs the current test case again, alone, as nobody:nogroup with no supplementary
// groups. Only meaningful as root.
Run rerun_current_test_as_nobody();

}  // namespace vs::test

// At the top of a case that must run unprivileged: as root, re-runs the case as
// nobody, asserts that it passed there, and ends the root run of the case.
#define VS_RUN_AS_NOBODY()                                                                 \
  do {                                                                                     \
    if (::vs::test::is_root()) {                                                           \
      const ::vs::test::Run vs_run = ::vs::test::rerun_current_test_as_nobody();           \
      ASSERT_EQ(vs_run.exit_code, 0) << vs_run.out << vs_run.err;                          \
      ASSERT_NE(vs_run.out.find("[  PASSED  ] 1 test."), std::string::npos) << vs_run.out; \
      return;                                                                              \
    }                                                                                      \
  } while (0)
