// SPDX-License-Identifier: GPL-3.0-or-later
// Output: whatever the findings say (and however they are grouped), line 1 stays one
// line, the cap holds.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "plugin/report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  // From the smallest cap a plugin accepts: below it, render() applies that one.
  const std::size_t cap = vs::plugin::kMinMaxOutput + data[0] * 4u;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  vs::plugin::Result result;
  for (std::size_t i = 0; i < text.size(); i += 37) {
    auto& f = result.add(static_cast<vs::plugin::Status>(text[i] & 3), text.substr(i, 11),
                         text.substr(i, 53));
    if (text[i] & 4) f.brief = text.substr(i, 7);
    // Groups keyed by one byte, so that several findings share one.
    if (text[i] & 8)
      f.group = {text.substr(i + 1, 1), text.substr(i, 3), text.substr(i, 5), text.substr(i, 9)};
  }
  result.perfdata.push_back({text.substr(0, 9), static_cast<double>(size), "", {}, {}, 0, {}});
  const std::string out = vs::plugin::render("VS_FUZZ", result, data[0] & 3, cap);
  if (out.size() > cap || out.empty() || out.back() != '\n') std::abort();
  if (out.find('|') != out.rfind('|')) std::abort();  // one pipe: the perfdata separator
  // Line 1 keeps its status word and its perfdata whole, and the output is UTF-8.
  const std::string first = out.substr(0, out.find('\n'));
  if (first.rfind("VS_FUZZ " + std::string(vs::plugin::name(result.status())) + " - ", 0) != 0)
    std::abort();
  const std::string perf = " | " + result.perfdata.front().str();
  if (first.size() < perf.size() ||
      first.compare(first.size() - perf.size(), perf.size(), perf) != 0)
    std::abort();
  if (vs::plugin::sanitize(out) != out) {
    // sanitize() leaves valid UTF-8 without controls alone, but for '|' and the
    // newlines between lines, which it replaces: compare line by line instead.
    std::size_t start = 0;
    while (start < out.size()) {
      const std::size_t end = out.find('\n', start);
      std::string line = out.substr(start, end - start);
      if (start == 0) line = line.substr(0, line.find(" | "));
      if (vs::plugin::sanitize(line) != line) std::abort();
      start = end + 1;
    }
  }
  return 0;
}
