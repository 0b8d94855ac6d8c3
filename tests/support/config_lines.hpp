// Comparing what a configuration reader returns, as text lines, in unit tests.
#pragma once

#include <string>
#include <vector>

#include "policy/service_check.hpp"

namespace vs::test {

// A tree shows its paths under its root directory; the tests compare them without it.
std::string strip_root(std::string text, const std::string& root);
std::vector<std::string> strip_root(const std::vector<std::string>& list, const std::string& root);

// "STATUS origin: text" for each note.
std::vector<std::string> note_lines(const std::vector<policy::ConfigNote>& notes,
                                    const std::string& root);

// "origin: directive" for each endpoint, then the notes as note_lines does.
std::vector<std::string> config_lines(const policy::ServiceConfig& config, const std::string& root);

}  // namespace vs::test
