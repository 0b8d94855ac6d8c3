// SPDX-License-Identifier: GPL-3.0-or-later
// vs-nrpe-config --output: the file an agent or sudo reads is replaced whole or not
// at all, never left empty or half written by a failed run.
#pragma once

#include <stdexcept>
#include <string>

namespace vs::tools {

class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Writes `text` to a temporary file in `path`'s directory, fsyncs it, gives it the
// mode of the file it replaces (else 0666 less the umask), renames it to `path` and
// fsyncs the directory. On any error the temporary file is removed, `path` is left
// as it was, and OutputError says what failed, naming the file.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace vs::tools
