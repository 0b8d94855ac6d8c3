// SPDX-License-Identifier: GPL-3.0-or-later
#include "vserver/capabilities.hpp"
#include "plugin/number.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace vs::vserver {
namespace {

struct Name {
  std::string_view name;
  std::uint64_t mask;
};

// Linux capability numbers, in util-vserver's table order.
constexpr std::array<std::string_view, kBcapCount> kBcaps = {
    "CHOWN",
    "DAC_OVERRIDE",
    "DAC_READ_SEARCH",
    "FOWNER",
    "FSETID",
    "KILL",
    "SETGID",
    "SETUID",
    "SETPCAP",
    "LINUX_IMMUTABLE",
    "NET_BIND_SERVICE",
    "NET_BROADCAST",
    "NET_ADMIN",
    "NET_RAW",
    "IPC_LOCK",
    "IPC_OWNER",
    "SYS_MODULE",
    "SYS_RAWIO",
    "SYS_CHROOT",
    "SYS_PTRACE",
    "SYS_PACCT",
    "SYS_ADMIN",
    "SYS_BOOT",
    "SYS_NICE",
    "SYS_RESOURCE",
    "SYS_TIME",
    "SYS_TTY_CONFIG",
    "MKNOD",
    "LEASE",
    "AUDIT_WRITE",
    "AUDIT_CONTROL",
    "SETFCAP",
    "MAC_OVERRIDE",
    "MAC_ADMIN",
};

// VServer context capabilities (VXC_* in the kernel patch, util-vserver's ccaps table).
constexpr std::array<Name, 18> kCcaps = {{
    {"set_utsname", 0x00000001},
    {"set_rlimit", 0x00000002},
    {"fs_security", 0x00000004},
    {"fs_trusted", 0x00000008},
    {"tiocsti", 0x00000010},
    {"raw_icmp", 0x00000100},
    {"syslog", 0x00001000},
    {"oom_adjust", 0x00002000},
    {"audit_control", 0x00004000},
    {"secure_mount", 0x00010000},
    {"secure_remount", 0x00020000},
    {"binary_mount", 0x00040000},
    {"dev_mount", 0x00080000},
    {"quota_ctl", 0x00100000},
    {"admin_mapper", 0x00200000},
    {"admin_cloop", 0x00400000},
    {"kthread", 0x01000000},
    {"namespace", 0x02000000},
}};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool iprefix(std::string_view prefix, std::string_view word) {
  return !prefix.empty() && prefix.size() <= word.size() &&
         iequals(prefix, word.substr(0, prefix.size()));
}

std::optional<std::uint64_t> parse_uint(std::string_view s) {
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s.remove_prefix(2);
    base = 16;
  }
  return plugin::parse_number<std::uint64_t>(s, base);
}

// One token, without its '!'/'~'. nullopt: util-vserver rejects it.
std::optional<std::uint64_t> token_mask(std::string_view t, CapKind kind) {
  if (t.empty()) return std::nullopt;
  if (t[0] == '^') {
    const auto bit = parse_uint(t.substr(1));
    if (!bit || *bit > 63) return std::nullopt;
    return std::uint64_t{1} << *bit;
  }
  if (std::isdigit(static_cast<unsigned char>(t[0]))) return parse_uint(t);
  if (iprefix(t, "all") || iprefix(t, "any")) return ~std::uint64_t{0};
  if (iprefix(t, "none")) return std::uint64_t{0};
  return capability_mask(t, kind);
}

// Splits the file into lines as bash's `read` (without -r) sees them: returns the
// logical lines with their first physical line number, and whether the last one
// ended with a newline.
struct Line {
  std::string text;
  int number;
  bool terminated;
};

std::vector<Line> read_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t pos = 0;
  int number = 1;
  while (pos < text.size()) {
    Line line{{}, number, false};
    bool continued = true;
    while (continued && pos < text.size()) {
      continued = false;
      const std::size_t nl = text.find('\n', pos);
      const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
      std::string_view raw = text.substr(pos, end - pos);
      line.terminated = nl != std::string_view::npos;
      pos = line.terminated ? nl + 1 : text.size();
      ++number;
      for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\') {
          line.text += raw[i];
        } else if (i + 1 < raw.size()) {
          line.text += raw[++i];
        } else if (line.terminated) {
          continued = true;  // backslash-newline joins the next line
        }
      }
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::uint64_t> capability_mask(std::string_view name, CapKind kind) {
  if (kind == CapKind::bcap) {
    if (iprefix("CAP_", name) && name.size() > 4) name.remove_prefix(4);
    for (std::size_t i = 0; i < kBcaps.size(); ++i) {
      if (iequals(name, kBcaps[i])) return std::uint64_t{1} << i;
    }
    return std::nullopt;
  }
  for (const auto& c : kCcaps) {
    if (iequals(name, c.name)) return c.mask;
  }
  return std::nullopt;
}

std::string capability_name(std::uint64_t bit, CapKind kind) {
  if (kind == CapKind::bcap) {
    for (std::size_t i = 0; i < kBcaps.size(); ++i) {
      if (bit == std::uint64_t{1} << i) return std::string(kBcaps[i]);
    }
  } else {
    for (const auto& c : kCcaps) {
      if (c.mask == bit) return std::string(c.name);
    }
  }
  for (int i = 0; i < 64; ++i) {
    if (bit == std::uint64_t{1} << i) return "^" + std::to_string(i);
  }
  return "0x" + std::to_string(bit);
}

std::string capability_names(std::uint64_t mask, CapKind kind) {
  std::string out;
  for (int i = 0; i < 64; ++i) {
    const std::uint64_t bit = std::uint64_t{1} << i;
    if ((mask & bit) == 0) continue;
    if (!out.empty()) out += ',';
    out += capability_name(bit, kind);
  }
  return out;
}

std::uint64_t CapList::granted() const {
  std::uint64_t mask = 0;
  for (const auto& t : tokens)
    mask = t.remove ? (mask & ~t.mask) : (mask | t.mask);
  return mask;
}

CapList parse_capabilities(std::string_view text, const std::string& file, CapKind kind) {
  CapList list;
  for (const Line& line : read_lines(text)) {
    const std::string_view content = trim_blanks(line.text);
    if (content.empty() || content.front() == '#') continue;
    const Location where{file, line.number};
    std::size_t start = 0;
    while (start <= content.size()) {
      std::size_t comma = content.find(',', start);
      if (comma == std::string_view::npos) comma = content.size();
      const std::string_view raw = content.substr(start, comma - start);
      start = comma + 1;
      CapToken token{std::string(raw), where, 0, false};
      std::string_view body = raw;
      if (!body.empty() && (body.front() == '!' || body.front() == '~')) {
        token.remove = true;
        body.remove_prefix(1);
      }
      const auto mask = token_mask(body, kind);
      if (!mask) {
        std::string why = raw.empty() ? "empty entry (stray comma)" : "unknown capability";
        if (raw.find_first_of(" \t") != std::string_view::npos)
          why = "unknown capability (no spaces allowed around commas)";
        if (!line.terminated) {
          // util-vserver never reads this line, so it cannot fail on it either.
          token.mask = 0;
          list.ignored.push_back(token);
        } else {
          list.problems.push_back({token.text, where, why});
        }
        continue;
      }
      token.mask = *mask;
      (line.terminated ? list.tokens : list.ignored).push_back(std::move(token));
    }
  }
  return list;
}

}  // namespace vs::vserver
