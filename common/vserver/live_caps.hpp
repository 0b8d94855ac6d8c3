// SPDX-License-Identifier: GPL-3.0-or-later
// A running guest's live capability bounding set against what its bcapabilities file
// grants on top of util-vserver's default.
//
// The two can differ: the file was edited after the guest started (the change waits
// for a restart), or an admin ran `vattribute --xid N --set --bcap ...` (no file
// changed, nothing survives a restart, and no file check can see it).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "vserver/capabilities.hpp"

namespace vs::vserver {

// util-vserver's default bounding set for a guest (vcontext --secure), by build date.
inline constexpr std::uint64_t kDefaultBcapsSince2011 = 0xffffffffb44c04ffULL;
inline constexpr std::uint64_t kDefaultBcapsBefore2011 = 0x00000000344c04ffULL;

struct DefaultBcaps {
  std::uint64_t mask = kDefaultBcapsSince2011;
  std::string_view name;  // "util-vserver's default since 2011-06 (ffffffffb44c04ff)"
};

// The default a live set is measured against. The two defaults differ above bit 31
// (every capability from 32 up, granted since 2011-06), so the live set's high word
// says which util-vserver started the guest; without one, the current default.
DefaultBcaps util_vserver_default_bcaps(std::optional<std::uint64_t> live);

// The set util-vserver builds at start: the default, then each applied token of the
// file in order (a "!" or "~" token removes). Without a file: the default.
std::uint64_t expected_bcaps(std::uint64_t default_mask, const CapList* file);

struct BcapComparison {
  std::uint64_t live = 0;
  std::uint64_t expected = 0;  // default + file
  DefaultBcaps default_bcaps;
  std::uint64_t granted_live = 0;     // live, not granted by default or file: "granted live"
  std::uint64_t restart_pending = 0;  // granted by the file, absent live: "restart pending"

  bool differs() const { return granted_live != 0 || restart_pending != 0; }
};

// Pure. `file` is the guest's parsed bcapabilities, nullptr when it has none.
BcapComparison compare_bcaps(std::uint64_t live, const CapList* file);

}  // namespace vs::vserver
