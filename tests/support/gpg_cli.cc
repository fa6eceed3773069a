#include "gpg_cli.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "process.h"

namespace embargo::testing {
namespace {

namespace fs = std::filesystem;

struct FileClose {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileClose>;

File temporary_file() {
  File file(std::tmpfile());
  if (!file) throw std::runtime_error("tmpfile failed");
  return file;
}

std::string read_all(std::FILE* file) {
  std::rewind(file);
  std::string text;
  char chunk[4096];
  std::size_t n = 0;
  while ((n = std::fread(chunk, 1, sizeof chunk, file)) > 0) text.append(chunk, n);
  return text;
}

// Runs a program to its end with its standard streams in anonymous files rather than pipes:
// nothing can deadlock on a full pipe, and a gpg-agent that gpg leaves running holds no pipe open.
GpgRun run(const std::vector<std::string>& argv, const std::string& input) {
  File in = temporary_file();
  File out = temporary_file();
  File err = temporary_file();
  if (std::fwrite(input.data(), 1, input.size(), in.get()) != input.size() ||
      std::fflush(in.get()) != 0) {
    throw std::runtime_error("cannot write the standard input of " + argv[0]);
  }
  std::rewind(in.get());
  pid_t pid = spawn(argv, {fileno(in.get()), fileno(out.get()), fileno(err.get())});
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) throw std::runtime_error("waitpid failed");
  GpgRun result;
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_all(out.get());
  result.err = read_all(err.get());
  return result;
}

// The first field after `keyword` on a "[GNUPG:] KEYWORD ..." status line, skipping `skip`
// fields: "KEY_CREATED P FPR" is ("KEY_CREATED", 1), "IMPORT_OK 1 FPR" is ("IMPORT_OK", 1).
std::string status_field(const std::string& status, const std::string& keyword, int skip) {
  std::string marker = "[GNUPG:] " + keyword + " ";
  auto at = status.find(marker);
  if (at == std::string::npos) return "";
  std::size_t begin = at + marker.size();
  for (int i = 0; i < skip; ++i) begin = status.find(' ', begin) + 1;
  return status.substr(begin, status.find_first_of(" \n", begin) - begin);
}

GpgRun checked(GpgRun result, const std::string& what) {
  if (result.status != 0) throw std::runtime_error("gpg " + what + " failed: " + result.err);
  return result;
}

}  // namespace

void kill_gpg_agents(const fs::path& home) {
  run({"/usr/bin/gpgconf", "--homedir", home.string(), "--kill", "all"}, "");
}

GpgHome::GpgHome() {
  std::string name = "/tmp/embargo-gpg-XXXXXX";
  if (mkdtemp(name.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  home_ = name;  // mkdtemp makes it with mode 0700
}

GpgHome::~GpgHome() {
  kill_gpg_agents(home_);
  std::error_code ec;
  fs::remove_all(home_, ec);
}

GpgRun GpgHome::gpg(const std::vector<std::string>& args, const std::string& input) {
  std::vector<std::string> argv = {"/usr/bin/gpg", "--homedir", home_.string(), "--batch"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, input);
}

std::string GpgHome::generate(const std::string& user_id) {
  GpgRun created = checked(gpg({"--status-fd", "1", "--passphrase", "", "--quick-gen-key", user_id,
                                "ed25519", "cert,sign", "never"}),
                           "--quick-gen-key");
  std::string fingerprint = status_field(created.out, "KEY_CREATED", 1);
  checked(gpg({"--passphrase", "", "--quick-add-key", fingerprint, "cv25519", "encr", "never"}),
          "--quick-add-key");
  return fingerprint;
}

std::string GpgHome::export_public(const std::string& fingerprint) {
  return checked(gpg({"--armor", "--export", fingerprint}), "--export").out;
}

std::string GpgHome::import(const std::string& armored) {
  GpgRun imported = checked(gpg({"--status-fd", "1", "--import"}, armored), "--import");
  return status_field(imported.out, "IMPORT_OK", 1);
}

std::string GpgHome::encrypt(const std::string& plaintext, const std::string& recipient_key,
                             const std::string& signer) {
  std::string recipient = import(recipient_key);
  std::vector<std::string> args = {"--trust-model", "always", "--armor",
                                   "--encrypt",     "-r",     recipient};
  if (!signer.empty()) args.insert(args.end(), {"--sign", "--local-user", signer});
  return checked(gpg(args, plaintext), "--encrypt").out;
}

std::string GpgHome::decrypt(const std::string& armored) {
  return checked(gpg({"--decrypt"}, armored), "--decrypt").out;
}

bool GpgHome::verify(const std::string& signed_text) {
  GpgRun verified = gpg({"--status-fd", "1", "--verify"}, signed_text);
  return verified.status == 0 && verified.out.find("[GNUPG:] GOODSIG ") != std::string::npos;
}

}  // namespace embargo::testing
