// SPDX-License-Identifier: GPL-3.0-or-later
#include "plugin/perfdata.hpp"

#include <vector>

#include "plugin/number.hpp"

namespace vs::plugin {

std::string quote_label(const std::string& label) {
  std::string clean;
  bool needs_quotes = label.empty();
  for (const char c : label) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '|') {
      clean += '_';
      continue;
    }
    if (c == ' ' || c == '=' || c == '\'' || c == ';') needs_quotes = true;
    clean += c;
    if (c == '\'') clean += '\'';
  }
  return needs_quotes ? "'" + clean + "'" : clean;
}

std::string Perfdata::str() const {
  std::vector<std::string> fields{
      warn ? warn->str() : "",
      crit ? crit->str() : "",
      min ? format_number(*min) : "",
      max ? format_number(*max) : "",
  };
  while (!fields.empty() && fields.back().empty())
    fields.pop_back();
  std::string out = quote_label(label) + "=" + format_number(value) + uom;
  for (const auto& f : fields)
    out += ";" + f;
  return out;
}

Status Perfdata::status() const {
  if (crit && crit->alerts(value)) return Status::critical;
  if (warn && warn->alerts(value)) return Status::warning;
  return Status::ok;
}

Perfdata count(std::string label, std::size_t value, std::optional<std::size_t> max) {
  Perfdata p;
  p.label = std::move(label);
  p.value = static_cast<double>(value);
  p.min = 0;
  if (max) p.max = static_cast<double>(*max);
  return p;
}

}  // namespace vs::plugin
