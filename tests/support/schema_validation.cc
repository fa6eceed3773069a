#include "schema_validation.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "process.h"

namespace embargo::testing {
namespace {

namespace fs = std::filesystem;

// A file /tmp/embargo-schema-XXXXXX<suffix>, removed with this object.
class TemporaryFile {
 public:
  explicit TemporaryFile(const std::string& suffix) {
    std::string name = "/tmp/embargo-schema-XXXXXX" + suffix;
    const int fd = mkstemps(name.data(), static_cast<int>(suffix.size()));
    if (fd < 0) throw std::runtime_error("mkstemps failed for " + name);
    close(fd);
    path_ = name;
  }
  ~TemporaryFile() {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// The first run in a checkout installs the npm packages; a CSAF check loads a large library.
constexpr std::chrono::minutes kTimeout{10};

}  // namespace

SchemaCheck validate_document(std::string_view kind, std::string_view json_text) {
  TemporaryFile document(".json");
  TemporaryFile output(".out");
  {
    std::ofstream out(document.path(), std::ios::binary);
    out.write(json_text.data(), static_cast<std::streamsize>(json_text.size()));
    if (!out.flush()) throw std::runtime_error("cannot write " + document.path());
  }
  // The validator's output goes to a file rather than through the pipe Process reads, so that
  // nothing is lost or blocked whatever it prints.
  const std::string script = std::string(EMBARGO_SOURCE_DIR) + "/tests/schemas/validate.sh";
  Process validator({"/bin/bash", "-c", R"(exec >"$1" 2>&1; exec /bin/bash "$2" "$3" "$4")",
                     "validate_document", output.path(), script, std::string(kind),
                     document.path()});
  const int status = validator.wait(kTimeout);

  SchemaCheck check;
  check.output = read_file(output.path());
  replace_all(check.output, document.path(), "document");
  check.valid = status == 0;
  if (status != 0 && status != 1) {
    check.output += status < 0 ? "validate.sh did not finish in time\n"
                               : "validate.sh exited " + std::to_string(status) + "\n";
    ADD_FAILURE() << "tests/schemas/validate.sh " << kind << " could not validate:\n"
                  << check.output;
  }
  return check;
}

}  // namespace embargo::testing
