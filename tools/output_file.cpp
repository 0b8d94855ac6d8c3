// SPDX-License-Identifier: GPL-3.0-or-later
#include "output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace vs::tools {
namespace {

std::string directory_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// Closes the descriptor and removes the temporary file unless committed.
class TempFile {
 public:
  explicit TempFile(const std::string& target) : name_(target + ".XXXXXX") {
    std::vector<char> buf(name_.begin(), name_.end());
    buf.push_back('\0');
    fd_ = mkstemp(buf.data());
    if (fd_ < 0) fail(target, "cannot create a temporary file in " + directory_of(target));
    name_ = buf.data();
  }
  ~TempFile() {
    if (fd_ >= 0) close(fd_);
    if (!committed_) unlink(name_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  int fd() const { return fd_; }
  const std::string& name() const { return name_; }
  void closed() { fd_ = -1; }
  void committed() { committed_ = true; }

  [[noreturn]] static void fail(const std::string& target, const std::string& what) {
    throw OutputError(target + ": " + what + ": " + std::strerror(errno) +
                      "; the file was left as it was");
  }

 private:
  std::string name_;
  int fd_ = -1;
  bool committed_ = false;
};

mode_t mode_for(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) == 0) return st.st_mode & 07777;
  const mode_t mask = umask(0);
  umask(mask);
  return 0666 & ~mask;
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& text) {
  if (path.empty() || path.back() == '/') {
    errno = EISDIR;
    TempFile::fail(path, "not a file name");
  }
  TempFile tmp(path);
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = write(tmp.fd(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) TempFile::fail(path, "cannot write " + tmp.name());
    done += static_cast<std::size_t>(n);
  }
  if (fchmod(tmp.fd(), mode_for(path)) != 0) TempFile::fail(path, "cannot set the mode");
  if (fsync(tmp.fd()) != 0) TempFile::fail(path, "cannot sync " + tmp.name());
  const int fd = tmp.fd();
  tmp.closed();
  if (close(fd) != 0) TempFile::fail(path, "cannot close " + tmp.name());
  if (rename(tmp.name().c_str(), path.c_str()) != 0) TempFile::fail(path, "cannot rename onto it");
  tmp.committed();
  // The rename itself survives a crash once the directory is synced; the new file is
  // complete either way, so a failure here is not worth an error.
  const int dir = open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    fsync(dir);
    close(dir);
  }
}

}  // namespace vs::tools
