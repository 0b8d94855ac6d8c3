// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/dpkg_status.hpp"

#include <algorithm>
#include <array>

#include "config/lines.hpp"

namespace vs::config {
namespace {

// What is kept of the stanza being read.
struct Stanza {
  std::string package;
  std::string status;
  std::string version;
  int version_line = 0;
};

// The statuses in which the package's files have been unpacked (dpkg-query(1)).
bool files_on_disk(std::string_view status) {
  const std::string_view state =
      trim(status.substr(std::min(status.rfind(' ') + 1, status.size())));
  static constexpr std::array<std::string_view, 5> kOnDisk = {
      "unpacked", "half-configured", "triggers-awaited", "triggers-pending", "installed"};
  return std::find(kOnDisk.begin(), kOnDisk.end(), state) != kOnDisk.end();
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::vector<InstalledPackage> installed_packages(
    std::string_view text, const std::string& file,
    const std::function<bool(std::string_view package)>& wanted) {
  std::vector<InstalledPackage> out;
  Stanza s;
  const auto end_stanza = [&] {
    if (!s.package.empty() && !s.version.empty() && files_on_disk(s.status) && wanted(s.package))
      out.push_back({s.package, s.version, {file, s.version_line}});
    s = Stanza{};
  };
  LineCursor lines(text);
  while (const auto line = lines.next()) {
    if (trim(line->text).empty()) {
      end_stanza();
      continue;
    }
    if (is_space(line->text.front())) continue;  // a continuation of a multi-line field
    const std::size_t colon = line->text.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string field = lower(trim(line->text.substr(0, colon)));
    const std::string_view value = trim(line->text.substr(colon + 1));
    if (field == "package") {
      s.package = std::string(value);
    } else if (field == "status") {
      s.status = std::string(value);
    } else if (field == "version") {
      s.version = std::string(value);
      s.version_line = line->number;
    }
  }
  end_stanza();
  return out;
}

std::optional<std::string> major_minor(std::string_view version) {
  if (const auto colon = version.find(':'); colon != std::string_view::npos)
    version.remove_prefix(colon + 1);
  std::string out;
  std::size_t i = 0;
  for (int part = 0; part < 2; ++part) {
    const std::size_t start = i;
    while (i < version.size() && is_digit(version[i]))
      ++i;
    if (i == start) return std::nullopt;
    out += std::string(version.substr(start, i - start));
    if (part == 0) {
      if (i >= version.size() || version[i] != '.') return std::nullopt;
      out += '.';
      ++i;
    }
  }
  return out;
}

}  // namespace vs::config
