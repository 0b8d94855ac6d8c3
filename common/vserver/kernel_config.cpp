// SPDX-License-Identifier: GPL-3.0-or-later
#include "vserver/kernel_config.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "config/lines.hpp"
#include "vserver/gunzip.hpp"

namespace vs::vserver {
namespace {

// config.gz itself is small (~60 KiB on distribution kernels).
constexpr std::size_t kMaxCompressed = 1u << 20;

// fs::Tree reads text only (a NUL byte is an error there), and config.gz is binary:
// resolve the path inside the tree, then open the result with the same care: no
// symlink at the end, nothing but a regular file is ever opened for reading (O_PATH
// first, so a device node is never opened), and the size is bounded. nullopt when absent.
std::optional<std::string> read_binary(const fs::Tree& tree, const std::string& path,
                                       std::size_t max_size) {
  const std::string shown = tree.display(path);
  const std::string resolved = tree.resolve(path);
  const std::string host = tree.root() == "/" ? resolved : tree.root() + resolved;
  const auto fail = [&](int err) {
    return fs::FileError(shown, std::system_category().message(err));
  };
  const int where = ::open(host.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (where < 0) {
    if (errno == ENOENT) return std::nullopt;
    throw fail(errno);
  }
  struct Closer {
    int fd;
    ~Closer() {
      if (fd >= 0) ::close(fd);
    }
  } path_fd{where};
  struct stat st {};
  if (fstat(where, &st) != 0) throw fail(errno);
  if (!S_ISREG(st.st_mode)) throw fs::FileError(shown, "not a regular file");
  const std::string reopen = "/proc/self/fd/" + std::to_string(where);
  const Closer fd{::open(reopen.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)};
  if (fd.fd < 0) throw fail(errno);
  std::string data;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw fail(errno);
    if (n == 0) break;
    if (data.size() + static_cast<std::size_t>(n) > max_size) {
      throw fs::FileError(shown, "file is over the " + std::to_string(max_size) + "-byte limit");
    }
    data.append(buf, static_cast<std::size_t>(n));
  }
  return data;
}

bool is_option_name(std::string_view name) {
  return name.size() > 7 && name.substr(0, 7) == "CONFIG_" &&
         name.find_first_not_of(
             "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") ==
             std::string_view::npos;
}

}  // namespace

std::string vserver_patch(std::string_view release) {
  const auto at = release.find("-vs");
  if (at == std::string_view::npos) return {};
  std::string_view rest = release.substr(at + 3);
  rest = rest.substr(0, rest.find_first_not_of("0123456789."));
  if (rest.empty() || rest.front() == '.') return {};
  return std::string(rest);
}

KernelConfig parse_kernel_config(std::string_view text, const std::string& file) {
  KernelConfig out;
  out.source = file;
  constexpr std::string_view kHeader = "# Linux/";
  constexpr std::string_view kNotSet = " is not set";
  for (const auto& line : config::split_lines(text)) {
    const std::string_view t = config::trim(line.text);
    if (t.empty()) continue;
    if (t.front() == '#') {
      // "# Linux/x86 4.9.159-vs2.3.9.8 Kernel Configuration"
      // "# Linux kernel version: 2.6.22.19-vs2.2.0.7" (kernels before 2.6.28)
      constexpr std::string_view kOldHeader = "# Linux kernel version: ";
      if (out.release.empty() && t.substr(0, kOldHeader.size()) == kOldHeader) {
        out.release = std::string(config::trim(t.substr(kOldHeader.size())));
      }
      if (out.release.empty() && t.substr(0, kHeader.size()) == kHeader) {
        const std::string_view rest = t.substr(kHeader.size());  // "x86 4.9.159-vs2.3.9.8 ..."
        if (const auto blank = rest.find(' '); blank != std::string_view::npos) {
          const std::string_view words = rest.substr(blank + 1);
          out.release = std::string(words.substr(0, words.find(' ')));
        }
      }
      // "# CONFIG_VSERVER_AUTO_LBACK is not set"
      if (t.size() > kNotSet.size() && t.substr(t.size() - kNotSet.size()) == kNotSet) {
        const std::string_view name = config::trim(t.substr(1, t.size() - 1 - kNotSet.size()));
        if (name == "CONFIG_VSERVER_AUTO_LBACK") {
          out.auto_lback = false;
          out.auto_lback_at = {file, line.number};
        }
        if (name == "CONFIG_VSERVER") out.vserver = false;
      }
      continue;
    }
    const auto eq = t.find('=');
    const std::string_view name = eq == std::string_view::npos ? t : t.substr(0, eq);
    if (eq == std::string_view::npos || !is_option_name(name)) {
      const std::string shown(t.substr(0, 60));
      throw ProcFormatError({file, line.number}, "'" + shown + "' is not a CONFIG_NAME=value line");
    }
    const std::string_view value = t.substr(eq + 1);
    const auto flag = [&]() -> bool {
      if (value == "y") return true;
      if (value == "n") return false;
      throw ProcFormatError(
          {file, line.number},
          std::string(name) + ": '" + std::string(value.substr(0, 60)) + "' is not y or n");
    };
    if (name == "CONFIG_VSERVER") out.vserver = flag();
    if (name == "CONFIG_VSERVER_AUTO_LBACK") {
      out.auto_lback = flag();
      out.auto_lback_at = {file, line.number};
    }
  }
  return out;
}

ConfigReading read_kernel_config(const fs::Tree& proc, const fs::Tree& root,
                                 const std::string& release) {
  ConfigReading out;
  const auto use = [&](std::string_view text, const std::string& shown) {
    try {
      out.config = parse_kernel_config(text, shown);
      return true;
    } catch (const ProcFormatError& e) {
      out.problems.push_back({e.where(), e.reason()});
      return false;
    }
  };

  const std::string gz = proc.display("/config.gz");
  out.tried.push_back(gz);
  try {
    if (const auto data = read_binary(proc, "/config.gz", kMaxCompressed)) {
      const Gunzipped text = gunzip(*data, kMaxKernelConfig);
      if (!text.ok) {
        out.problems.push_back({{gz, 0}, text.error});
      } else if (use(text.text, gz)) {
        return out;
      }
    }
  } catch (const fs::FileError& e) {
    out.problems.push_back({{e.path(), 0}, e.reason()});
  }

  // The release names a file; one that could climb out of /boot is not a release.
  if (release.empty() || release.find('/') != std::string::npos || release == "." ||
      release == "..")
    return out;
  const std::string boot = "/boot/config-" + release;
  out.tried.push_back(root.display(boot));
  try {
    if (const auto text = root.read_if_exists(boot, kMaxKernelConfig))
      use(text->content, text->path);
  } catch (const fs::FileError& e) {
    out.problems.push_back({{e.path(), 0}, e.reason()});
  }
  return out;
}

}  // namespace vs::vserver
