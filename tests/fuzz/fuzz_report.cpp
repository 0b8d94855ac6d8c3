// Output: whatever the findings say, line 1 stays one line, the cap holds.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "plugin/report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t cap = 64 + data[0] * 4u;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  vs::plugin::Result result;
  for (std::size_t i = 0; i < text.size(); i += 37) {
    auto& f = result.add(static_cast<vs::plugin::Status>(text[i] & 3), text.substr(i, 11),
                         text.substr(i, 53));
    if (text[i] & 4) f.brief = text.substr(i, 7);
  }
  result.perfdata.push_back({text.substr(0, 9), static_cast<double>(size), "", {}, {}, 0, {}});
  const std::string out = vs::plugin::render("VS_FUZZ", result, data[0] & 3, cap);
  if (out.size() > cap || out.empty() || out.back() != '\n') std::abort();
  if (out.find('|') != out.rfind('|')) std::abort();  // one pipe: the perfdata separator
  return 0;
}
