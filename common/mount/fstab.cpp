// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount/fstab.hpp"

#include "config/lines.hpp"

namespace vs::mount {
namespace {

// secure-mount's option table, in its order: an option is looked up by prefix
// (strncmp with the option's length), and the first entry it is a prefix of wins.
constexpr std::string_view kSecureMountOptions[] = {
    "defaults", "rbind",  "bind",     "move",       "async",   "sync",    "atime",  "noatime",
    "dev",      "nodev",  "exec",     "noexec",     "suid",    "nosuid",  "ro",     "rw",
    "remount",  "users",  "mandlock", "nodiratime", "dirsync", "_netdev", "auto",   "noauto",
    "user",     "nouser", "rec",      "unbindable", "private", "slave",   "shared", "nomtab",
};

std::string_view secure_mount_option(std::string_view token) {
  for (const auto name : kSecureMountOptions) {
    if (name.substr(0, token.size()) == token) return name;
  }
  return {};
}

bool has_noauto(std::string_view options) {
  std::size_t pos = 0;
  while (true) {
    const std::size_t comma = options.find(',', pos);
    const std::string_view token = options.substr(pos, comma - pos);
    if (secure_mount_option(token) == "noauto") return true;
    if (comma == std::string_view::npos) return false;
    pos = comma + 1;
  }
}

bool blank(char c) {
  return config::is_space(c);
}

}  // namespace

std::string FstabEntry::str() const {
  return source + " " + point + " " + type;
}

Fstab parse_fstab(std::string_view text, const std::string& file) {
  // secure-mount reads the whole file and appends '#' (see the header).
  std::string bytes(text);
  bytes += '#';
  std::vector<std::string_view> lines;
  for (std::size_t start = 0;;) {
    const std::size_t nl = bytes.find('\n', start);
    lines.push_back(std::string_view(bytes).substr(start, nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  // The file's own lines: the last "line" is only the appended '#' when the file
  // ends with a newline (or is empty).
  const std::size_t file_lines =
      text.empty() || text.back() == '\n' ? lines.size() - 1 : lines.size();
  Fstab out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    std::size_t pos = 0;
    while (pos < line.size() && blank(line[pos]))
      ++pos;
    if (pos == line.size() || line[pos] == '#') continue;
    const Location where{file, static_cast<int>(i) + 1};
    // Source, mount point and type must each be followed by a blank; the options
    // may end the line.
    std::string_view required[3];
    bool complete = true;
    for (auto& field : required) {
      const std::size_t start = pos;
      while (pos < line.size() && !blank(line[pos]))
        ++pos;
      if (pos == line.size()) {
        complete = false;
        break;
      }
      field = line.substr(start, pos - start);
      while (pos < line.size() && blank(line[pos]))
        ++pos;
    }
    if (!complete) {
      out.stop = FstabStop{where,
                           "syntax error: secure-mount needs a source, a mount point, a type and "
                           "options",
                           static_cast<int>(file_lines > i + 1 ? file_lines - i - 1 : 0)};
      return out;
    }
    const std::size_t options_start = pos;
    while (pos < line.size() && !blank(line[pos]))
      ++pos;
    FstabEntry e;
    e.where = where;
    e.source = std::string(required[0]);
    e.point = std::string(required[1]);
    e.type = std::string(required[2]);
    e.options = std::string(line.substr(options_start, pos - options_start));
    e.hash_appended = i + 1 == lines.size() && pos == line.size() && !e.options.empty();
    if (e.type == "swap") {
      e.skipped = "swap";
    } else if (has_noauto(e.options)) {
      e.skipped = "noauto";
    }
    out.entries.push_back(std::move(e));
  }
  return out;
}

}  // namespace vs::mount
