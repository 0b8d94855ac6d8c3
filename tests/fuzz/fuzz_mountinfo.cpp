// SPDX-License-Identifier: GPL-3.0-or-later
// mountinfo parser: never crashes, and what it returns is usable by the policy.
#include <cstdint>
#include <string_view>

#include "mount/mountinfo.hpp"
#include "policy/mount_policy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto info = vs::mount::parse_mountinfo(text, "/proc/1/mountinfo");
  for (const auto& m : info.mounts) {
    if (m.point.empty() || m.point.front() != '/') __builtin_trap();  // promised absolute
    (void)m.writable();
    (void)vs::policy::is_removable(m, {});
    (void)vs::policy::host_paths_of(m, info.mounts);
  }
  vs::mount::rebase(info.mounts, "/var/lib/vservers/web1");
  return 0;
}
