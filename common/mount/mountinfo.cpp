// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount/mountinfo.hpp"
#include "plugin/number.hpp"

#include <charconv>

namespace vs::mount {
namespace {

// Splits at every single space: the kernel writes exactly one between fields, so two
// in a row are an empty field (a mount whose source is "").
std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t space = line.find(' ', start);
    if (space == std::string_view::npos) {
      out.push_back(line.substr(start));
      return out;
    }
    out.push_back(line.substr(start, space - start));
    start = space + 1;
  }
}

bool first_option_is_ro(std::string_view options) {
  return options.substr(0, options.find(',')) == "ro";
}

// "shared:12" -> 12 when `field` is "<tag>:<number>".
std::optional<int> tagged(std::string_view field, std::string_view tag) {
  if (field.size() <= tag.size() + 1 || field.substr(0, tag.size()) != tag ||
      field[tag.size()] != ':') {
    return std::nullopt;
  }
  return plugin::parse_number<int>(field.substr(tag.size() + 1));
}

void read_optional_field(Mount& m, std::string_view field) {
  m.optional_fields.emplace_back(field);
  if (const auto n = tagged(field, "shared")) m.shared = n;
  if (const auto n = tagged(field, "master")) m.master = n;
  if (const auto n = tagged(field, "propagate_from")) m.propagate_from = n;
  if (field == "unbindable") m.unbindable = true;
}

// One line into `m`; the reason when it is not a mountinfo line.
std::optional<std::string> parse_line(std::string_view line, Mount& m) {
  const auto f = fields(line);
  std::size_t dash = 6;
  while (dash < f.size() && f[dash] != "-")
    ++dash;
  if (f.size() < 6) return "expected at least 10 fields, found " + std::to_string(f.size());
  if (dash >= f.size()) return "no ' - ' between the mount options and the filesystem type";
  // After the separator: type, source (possibly empty), then the superblock options,
  // taken whole: a filesystem's show_options may print what it likes.
  if (f.size() < dash + 4) return "expected a type, a source and options after ' - '";
  const auto id = plugin::parse_number<int>(f[0]);
  const auto parent = plugin::parse_number<int>(f[1]);
  if (!id) return "mount ID '" + std::string(f[0]) + "' is not a number";
  if (!parent) return "parent ID '" + std::string(f[1]) + "' is not a number";
  const auto colon = f[2].find(':');
  const auto major = plugin::parse_number<unsigned>(f[2].substr(0, colon));
  const auto minor = colon == std::string_view::npos
                         ? std::nullopt
                         : plugin::parse_number<unsigned>(f[2].substr(colon + 1));
  if (!major || !minor) return "device '" + std::string(f[2]) + "' is not major:minor";
  m.id = *id;
  m.parent = *parent;
  m.device = {*major, *minor};
  m.root = unescape_octal(f[3]);
  m.point = unescape_octal(f[4]);
  if (m.point.empty() || m.point.front() != '/') {
    return "mount point '" + m.point + "' is not an absolute path";
  }
  m.options = std::string(f[5]);
  if (m.options.empty()) return "no mount options";
  for (std::size_t i = 6; i < dash; ++i)
    read_optional_field(m, f[i]);
  m.fstype = unescape_octal(f[dash + 1]);
  if (m.fstype.empty()) return "no filesystem type after ' - '";
  m.source = unescape_octal(f[dash + 2]);
  // The rest of the line, spaces included.
  const std::size_t super_start = static_cast<std::size_t>(f[dash + 3].data() - line.data());
  m.super_options = std::string(line.substr(super_start));
  if (m.super_options.empty()) return "no superblock options";
  return std::nullopt;
}

bool is_octal(char c) {
  return c >= '0' && c <= '7';
}

}  // namespace

std::string Device::str() const {
  return std::to_string(major) + ":" + std::to_string(minor);
}

bool Mount::writable() const {
  return !first_option_is_ro(options) && !first_option_is_ro(super_options);
}

std::string unescape_octal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() && is_octal(text[i + 1]) && is_octal(text[i + 2]) &&
        is_octal(text[i + 3])) {
      const int value = (text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 + (text[i + 3] - '0');
      out.push_back(static_cast<char>(static_cast<unsigned char>(value & 0xff)));
      i += 3;
      continue;
    }
    out.push_back(text[i]);
  }
  return out;
}

Mountinfo parse_mountinfo(std::string_view text, const std::string& file) {
  Mountinfo out;
  int number = 0;
  std::size_t start = 0;
  // Lines end at '\n' only: the kernel escapes a newline inside a path, and any
  // other byte (a '\r' included) belongs to the field it is in.
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (line.empty()) continue;
    Mount m;
    m.where = {file, number};
    if (const auto why = parse_line(line, m)) {
      out.errors.push_back({{file, number}, "not a mountinfo line: " + *why});
      continue;
    }
    out.mounts.push_back(std::move(m));
  }
  return out;
}

void rebase(std::vector<Mount>& mounts, const std::string& process_root) {
  const std::string root = normalize(process_root);
  if (root == "/") return;
  for (auto& m : mounts)
    m.point = under(root, m.point);
}

std::string normalize(std::string_view path) {
  std::string out;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/')
      ++i;
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    const std::string_view part = path.substr(i, j - i);
    if (!part.empty() && part != ".") {
      out += '/';
      out += part;
    }
    i = j;
  }
  return out.empty() ? "/" : out;
}

bool at_or_below(std::string_view path, std::string_view dir) {
  if (dir == "/") return !path.empty() && path.front() == '/';
  if (path.size() < dir.size() || path.substr(0, dir.size()) != dir) return false;
  return path.size() == dir.size() || path[dir.size()] == '/';
}

std::string relative_to(std::string_view path, std::string_view dir) {
  if (dir == "/") return std::string(path);
  const std::string_view rest = path.substr(dir.size());
  return rest.empty() ? "/" : std::string(rest);
}

std::string under(std::string_view root, std::string_view path) {
  if (root == "/" || root.empty()) return std::string(path);
  if (path == "/" || path.empty()) return std::string(root);
  return std::string(root) + std::string(path);
}

}  // namespace vs::mount
