// SPDX-License-Identifier: GPL-3.0-or-later
// CapPolicy: judges the capabilities a guest (or a process) may hold.
//
// A capability in the "critical" list granted in bcapabilities is CRITICAL
// (NET_RAW by default: every program in the guest can forge packets), one in the
// "warning" list WARNING (the other bcaps util-vserver deems insecure). What
// util-vserver would reject (the guest fails to start) is CRITICAL; what it would
// silently ignore (a last line without newline) is WARNING.
//
// On a VServer kernel a running guest's live bounding set (BCaps: of
// /proc/virtual/<xid>/status) is judged too, against what util-vserver builds at start
// (its default mask, then the file): a listed capability live but granted by neither
// is "granted live" (vattribute at run time), CRITICAL or WARNING as its list says; a
// capability the file grants (or removes) that the live set lacks (or keeps) means a
// restart is pending, WARNING. Without the live set, a file changed after the guest
// started is WARNING (restart to apply); with it, that date only explains.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plugin/report.hpp"
#include "vserver/guest.hpp"
#include "vserver/live_caps.hpp"

namespace vs::policy {

struct CapGrant {  // --allow GUEST:CAP
  std::string guest;
  std::uint64_t bit;
};

struct CapPolicy {
  std::uint64_t critical = 0;  // bcap bits
  std::uint64_t warning = 0;
  std::vector<CapGrant> allowed;

  static std::uint64_t default_warning();  // util-vserver's insecure bcaps but NET_RAW

  // Parses "NET_RAW" / "CAP_NET_RAW" / "^13" into one bit; throws UsageError.
  static std::uint64_t parse_cap(const std::string& text);
  // Parses "web1:NET_RAW"; throws UsageError.
  static CapGrant parse_grant(const std::string& text);

  bool is_allowed(const std::string& guest, std::uint64_t bit) const;
};

struct CapCounts {
  int net_raw = 0;  // guests (or processes) holding NET_RAW without an --allow
  int denied = 0;   // grants of critical or warning capabilities without an --allow
  int broken = 0;   // guests that util-vserver will refuse to start
};

// The running context's bounding set, compared with the guest's file.
struct LiveBcaps {
  vserver::BcapComparison comparison;
  Location at;  // the BCaps line, "/proc/virtual/40/status:4"
};

// Adds the findings for one guest to `result`. `live` is known for a running guest on
// a VServer kernel.
void judge_guest(const CapPolicy& policy, const vserver::Guest& guest,
                 const std::optional<LiveBcaps>& live, plugin::Result& result, CapCounts& counts);

// Adds the findings for a process bounding set (CapBnd of /proc/PID/status).
void judge_process(const CapPolicy& policy, int pid, const std::string& command,
                   std::uint64_t bounding, plugin::Result& result, CapCounts& counts);

// The CapBnd line of /proc/PID/status; nullopt when absent or malformed.
std::optional<std::uint64_t> parse_capbnd(std::string_view proc_status);

}  // namespace vs::policy
