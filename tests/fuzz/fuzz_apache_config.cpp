// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdint>
#include <string_view>

#include "config/apache.hpp"

// The pure pieces of the Apache reader: logical lines, each split as a directive, its
// variables expanded (bounded) and, for a Listen, its address read; envvars as shell.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  namespace apache = vs::config::apache;
  const apache::Variables vars{{"A", "${A}${A}"}, {"PORT", "80"}};
  apache::for_each_line(text, [&](int, std::string_view line) {
    const auto x = apache::expand_variables(line, vars);
    const auto d = apache::split_directive(x.text);
    if (d.name == "listen") (void)apache::parse_listen(d.args);
  });
  (void)apache::parse_envvars(text);
  return 0;
}
