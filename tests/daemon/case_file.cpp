// SPDX-License-Identifier: GPL-3.0-or-later
#include "case_file.hpp"
#include "text.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace vs::daemon_test {
namespace {

using vs::test::trim;

using vs::test::words;

// "-- etc/x --" or "-- etc/x -> target --": a new file; false for any other line.
bool file_marker(const std::string& line, CaseFile& file) {
  if (line.size() < 7 || line.rfind("-- ", 0) != 0 || line.substr(line.size() - 3) != " --")
    return false;
  const std::string inner = line.substr(3, line.size() - 6);
  const auto arrow = inner.find(" -> ");
  file = {};
  file.path = trim(arrow == std::string::npos ? inner : inner.substr(0, arrow));
  if (arrow != std::string::npos) file.target = trim(inner.substr(arrow + 4));
  return true;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error(p.string() + ": cannot read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  fs::remove(p);
  std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
}

}  // namespace

const std::vector<std::string>& default_addresses() {
  static const std::vector<std::string> kDefault{"192.0.2.1/32", "2001:db8::1/128"};
  return kDefault;
}

Case parse_case(const std::string& text, const std::string& daemon, const std::string& name,
                const std::string& origin) {
  Case c{.daemon = daemon, .name = name, .addresses = default_addresses()};
  std::istringstream in(text);
  bool in_header = true;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    const std::string where = origin + ":" + std::to_string(number);
    CaseFile file;
    if (file_marker(line, file)) {
      if (file.path.empty() || file.path.front() == '/' ||
          file.path.find("..") != std::string::npos)
        throw std::runtime_error(where + ": a file's path is relative and stays in the tree");
      in_header = false;
      c.files.push_back(file);
      continue;
    }
    if (!in_header) {
      if (!c.files.back().target.empty())
        throw std::runtime_error(where + ": a symbolic link has no text");
      c.files.back().content += line + "\n";
      continue;
    }
    const auto colon = line.find(':');
    const std::string key = colon == std::string::npos ? "" : line.substr(0, colon);
    const std::string value = colon == std::string::npos ? "" : trim(line.substr(colon + 1));
    if (key == "addresses") {
      c.addresses = words(value);
    } else if (key == "base") {
      const auto w = words(value);
      if (w.size() != 1 && (w.size() != 3 || w[1] != "in"))
        throw std::runtime_error(where + ": base: FIXTURE [in DIR]");
      c.base = w[0];
      if (w.size() == 3) c.base_into = w[2];
    } else if (key == "config") {
      c.config = value;
    } else if (!trim(line).empty()) {
      c.description += (c.description.empty() ? "" : " ") + trim(line);
    }
  }
  if (c.description.empty()) throw std::runtime_error(origin + ": says nothing of what it shows");
  if (c.files.empty() && c.base.empty()) throw std::runtime_error(origin + ": has no file");
  return c;
}

std::vector<Case> load_cases(const std::string& dir) {
  std::vector<Case> cases;
  for (const auto& d : fs::directory_iterator(dir)) {
    if (!d.is_directory()) continue;
    for (const auto& f : fs::directory_iterator(d.path())) {
      if (f.path().extension() != ".case") continue;
      cases.push_back(parse_case(read_file(f.path()), d.path().filename().string(),
                                 f.path().stem().string(), f.path().string()));
    }
  }
  std::sort(cases.begin(), cases.end(),
            [](const Case& a, const Case& b) { return a.id() < b.id(); });
  return cases;
}

void materialise(const Case& c, const std::string& root, const std::string& fixtures,
                 const std::string& defaults) {
  const fs::path tree(root);
  if (!c.base.empty()) {
    fs::create_directories(tree / c.base_into);
    fs::copy(fs::path(fixtures) / c.base, tree / c.base_into,
             fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  }
  for (const auto& f : c.files) {
    const fs::path p = tree / f.path;
    if (f.target.empty()) {
      write_file(p, f.content);
    } else {
      fs::create_directories(p.parent_path());
      fs::remove(p);
      fs::create_symlink(f.target, p);
    }
  }
  // The base fixtures keep empty directories with a .placeholder for git.
  std::vector<fs::path> placeholders;
  for (const auto& e : fs::recursive_directory_iterator(tree)) {
    if (e.path().filename() == ".placeholder") placeholders.push_back(e.path());
  }
  for (const auto& p : placeholders)
    fs::remove(p);
  for (const auto& d : fs::directory_iterator(fs::path(defaults) / "etc")) {
    const fs::path p = tree / "etc" / d.path().filename();
    if (!fs::exists(fs::symlink_status(p))) write_file(p, read_file(d.path()));
  }
  // The resolver's files the daemon sees: this machine's, under the case's etc/ (the
  // plugin reads the same ones from the tree).
  for (const char* name : {"services", "host.conf", "gai.conf"}) {
    const fs::path p = tree / "etc" / name;
    const fs::path mine = fs::path("/etc") / name;
    if (!fs::exists(fs::symlink_status(p)) && fs::exists(mine)) write_file(p, read_file(mine));
  }
}

}  // namespace vs::daemon_test
