// SPDX-License-Identifier: GPL-3.0-or-later
#include "vserver/live_context.hpp"

#include <filesystem>
#include <string>

#include "fs/tree.hpp"

namespace vs::vserver {

std::optional<LiveContext> read_live_context(const Guest& guest) {
  std::error_code ignored;
  if (!guest.xid || !std::filesystem::exists("/proc/virtual", ignored)) return std::nullopt;
  try {
    const auto text =
        fs::Tree("/").read("/proc/virtual/" + std::to_string(*guest.xid) + "/status", 1 << 20);
    return parse_context_status(text.content);
  } catch (const fs::FileError&) {
    return std::nullopt;
  }
}

}  // namespace vs::vserver
