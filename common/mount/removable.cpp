// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount/removable.hpp"

#include <charconv>

#include "config/lines.hpp"

namespace vs::mount {
namespace {

constexpr std::size_t kSmallFile = 4096;

std::optional<Device> read_device(const fs::Tree& sys, const std::string& dir) {
  const auto dev = sys.read_if_exists(dir + "/dev", kSmallFile);
  return dev ? parse_device(dev->content) : std::nullopt;
}

bool flag_set(const fs::Tree& sys, const std::string& file) {
  const auto text = sys.read_if_exists(file, kSmallFile);
  return text && config::trim(text->content) == "1";
}

}  // namespace

std::optional<Device> parse_device(std::string_view text) {
  text = config::trim(text);
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  Device d;
  const auto major = text.substr(0, colon);
  const auto minor = text.substr(colon + 1);
  const auto a = std::from_chars(major.data(), major.data() + major.size(), d.major);
  const auto b = std::from_chars(minor.data(), minor.data() + minor.size(), d.minor);
  if (major.empty() || minor.empty() || a.ec != std::errc{} || b.ec != std::errc{} ||
      a.ptr != major.data() + major.size() || b.ptr != minor.data() + minor.size()) {
    return std::nullopt;
  }
  return d;
}

std::set<Device> removable_devices(const fs::Tree& sys) {
  std::set<Device> out;
  std::optional<std::vector<fs::Entry>> disks;
  try {
    disks = sys.list_if_exists("/block");
  } catch (const fs::FileError&) {
    return out;
  }
  if (!disks) return out;
  for (const auto& disk : *disks) {
    const std::string dir = "/block/" + disk.name;
    try {
      if (!flag_set(sys, dir + "/removable")) continue;
      if (const auto d = read_device(sys, dir)) out.insert(*d);
      for (const auto& part : sys.list(dir)) {
        const std::string sub = dir + "/" + part.name;
        if (part.type != fs::Entry::Type::directory || !sys.stat(sub + "/partition").exists) {
          continue;
        }
        if (const auto d = read_device(sys, sub)) out.insert(*d);
      }
    } catch (const fs::FileError&) {
      // This disk's attributes cannot be read: not known to be removable.
    }
  }
  return out;
}

}  // namespace vs::mount
