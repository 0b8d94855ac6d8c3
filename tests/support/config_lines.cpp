// SPDX-License-Identifier: GPL-3.0-or-later
#include "config_lines.hpp"

namespace vs::test {

std::string strip_root(std::string text, const std::string& root) {
  for (auto at = text.find(root); !root.empty() && at != std::string::npos; at = text.find(root)) {
    text.erase(at, root.size());
  }
  return text;
}

std::vector<std::string> strip_root(const std::vector<std::string>& list, const std::string& root) {
  std::vector<std::string> out;
  for (const auto& s : list)
    out.push_back(strip_root(s, root));
  return out;
}

std::vector<std::string> note_lines(const std::vector<config::Note>& notes,
                                    const std::string& root) {
  std::vector<std::string> out;
  for (const auto& n : notes)
    out.push_back(
        strip_root(std::string(name(n.kind)) + " " + n.where.str() + ": " + n.text, root));
  return out;
}

std::vector<std::string> config_lines(const config::ServiceConfig& config,
                                      const std::string& root) {
  std::vector<std::string> out;
  for (const auto& e : config.endpoints)
    out.push_back(strip_root(e.origin.str() + ": " + e.directive, root));
  for (auto& n : note_lines(config.notes, root))
    out.push_back(std::move(n));
  return out;
}

}  // namespace vs::test
