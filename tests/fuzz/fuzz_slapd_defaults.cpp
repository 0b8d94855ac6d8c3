// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdint>
#include <string_view>

#include "config/shell_vars.hpp"
#include "config/slapd.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const std::map<std::string, std::string, std::less<>> kEnvironment = {{"SLAPD", "x"}};
  const auto run = vs::config::run_shell_fragment(text, "slapd", kEnvironment);
  (void)vs::config::slapd_start(run, "slapd", true);
  (void)vs::config::slapd_start(run, "slapd", false);
  (void)vs::config::parse_shell_assignments(text, "slapd");
  for (const auto& url : vs::config::split_slapd_urls(text.substr(0, 4096)))
    (void)vs::config::parse_slapd_url(url);
  (void)vs::config::parse_slapd_options(text.substr(0, 4096));
  return 0;
}
