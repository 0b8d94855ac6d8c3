// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/includes.hpp"

#include <algorithm>

namespace vs::config {

std::string IncludeGuard::enter(const std::string& path) {
  std::string resolved;
  try {
    resolved = tree_.resolve(path);
  } catch (const fs::FileError& e) {
    return e.reason();
  }
  if (std::find(stack_.begin(), stack_.end(), resolved) != stack_.end()) {
    std::string chain;
    for (const auto& s : stack_)
      chain += tree_.display(s) + " -> ";
    return "include loop: " + chain + tree_.display(resolved);
  }
  if (stack_.size() >= static_cast<std::size_t>(kMaxDepth)) {
    return "includes nested deeper than " + std::to_string(kMaxDepth);
  }
  if (read_.size() >= kMaxFiles)
    return "more than " + std::to_string(kMaxFiles) + " files included";
  stack_.push_back(resolved);
  read_.push_back(tree_.display(path));
  return {};
}

void IncludeGuard::leave() {
  if (!stack_.empty()) stack_.pop_back();
}

}  // namespace vs::config
