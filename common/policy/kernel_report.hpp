// SPDX-License-Identifier: GPL-3.0-or-later
// What every check says about the running kernel it read: the /proc files it could not
// read or understand, as UNKNOWN findings naming the file (and line), and for a
// guest's files the guest, so that the other guests are still judged; and at -vv what
// the kernel is and where that came from.
#pragma once

#include <string>
#include <vector>

#include "plugin/report.hpp"
#include "vserver/kernel.hpp"

namespace vs::policy {

// One UNKNOWN finding per problem: "<file:line>: guest mail: <what is wrong>" (without
// the guest part when `guest` is empty).
void report_problems(plugin::Result& result, const std::vector<vserver::ReadProblem>& problems,
                     const std::string& guest = {});

// At -vv, on a VServer kernel, one line: "kernel: vs2.3 (/proc/virtual/info:
// VCIVersion 0002:0308), configuration /proc/config.gz (CONFIG_VSERVER_AUTO_LBACK=y)".
void describe_kernel(plugin::Result& result, const vserver::Kernel& kernel);

// For the checks that decide loopback: the kernel's own problems (virtual/info, its
// configuration), then describe_kernel().
void report_kernel(plugin::Result& result, const vserver::Kernel& kernel);

}  // namespace vs::policy
