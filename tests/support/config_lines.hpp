// SPDX-License-Identifier: GPL-3.0-or-later
// Comparing what a configuration reader returns, as text lines, in unit tests.
#pragma once

#include <string>
#include <vector>

#include "config/service_config.hpp"

namespace vs::test {

// A tree shows its paths under its root directory; the tests compare them without it.
std::string strip_root(std::string text, const std::string& root);
std::vector<std::string> strip_root(const std::vector<std::string>& list, const std::string& root);

// "kind origin: text" for each note ("refusal /etc/ssh/sshd_config:3: ...").
std::vector<std::string> note_lines(const std::vector<config::Note>& notes,
                                    const std::string& root);

// "origin: directive" for each endpoint, then the notes as note_lines does.
std::vector<std::string> config_lines(const config::ServiceConfig& config, const std::string& root);

}  // namespace vs::test
