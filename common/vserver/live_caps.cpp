// SPDX-License-Identifier: GPL-3.0-or-later
#include "vserver/live_caps.hpp"

namespace vs::vserver {

DefaultBcaps util_vserver_default_bcaps(std::optional<std::uint64_t> live) {
  if (live && (*live >> 32) == 0) {
    return {kDefaultBcapsBefore2011, "util-vserver's default before 2011-06 (00000000344c04ff)"};
  }
  return {kDefaultBcapsSince2011, "util-vserver's default since 2011-06 (ffffffffb44c04ff)"};
}

std::uint64_t expected_bcaps(std::uint64_t default_mask, const CapList* file) {
  std::uint64_t mask = default_mask;
  if (file == nullptr) return mask;
  for (const auto& t : file->tokens) {
    mask = t.remove ? mask & ~t.mask : mask | t.mask;
  }
  return mask;
}

BcapComparison compare_bcaps(std::uint64_t live, const CapList* file) {
  BcapComparison c;
  c.live = live;
  c.default_bcaps = util_vserver_default_bcaps(live);
  c.expected = expected_bcaps(c.default_bcaps.mask, file);
  c.granted_live = live & ~c.expected;
  c.restart_pending = c.expected & ~live;
  return c;
}

}  // namespace vs::vserver
