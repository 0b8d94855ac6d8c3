// SPDX-License-Identifier: GPL-3.0-or-later
// Text helpers the tests share: a plugin's output, a case file, a daemon's log.
#pragma once

#include <string>
#include <vector>

namespace vs::test {

// The lines of `text`, without their '\n' (a last line without one counts).
std::vector<std::string> lines(const std::string& text);
// The blank-separated words of `text`.
std::vector<std::string> words(const std::string& text);
// `text` without leading and trailing blanks and tabs.
std::string trim(const std::string& text);

}  // namespace vs::test
