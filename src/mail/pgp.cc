#include "mail/pgp.h"

#include <gpgme.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <type_traits>

#include "core/error.h"

namespace embargo::mail {
namespace {

namespace fs = std::filesystem;

struct DataRelease {
  void operator()(gpgme_data_t data) const { gpgme_data_release(data); }
};
using Data = std::unique_ptr<std::remove_pointer_t<gpgme_data_t>, DataRelease>;

struct KeyRelease {
  void operator()(gpgme_key_t key) const { gpgme_key_unref(key); }
};
using Key = std::unique_ptr<std::remove_pointer_t<gpgme_key_t>, KeyRelease>;

// gpgme_strerror shares a buffer between threads for some codes; the _r form does not.
std::string reason(gpgme_error_t err) {
  char buffer[256];
  gpgme_strerror_r(err, buffer, sizeof buffer);
  return buffer;
}

// GPGME wants gpgme_check_version before the first context, once per process; a function-local
// static makes that thread-safe, and a failure is thrown again on the next attempt.
void initialise_gpgme() {
  static const bool initialised = [] {
    if (gpgme_check_version(GPGME_VERSION) == nullptr) {
      throw std::runtime_error(std::string("GPGME is older than ") + GPGME_VERSION);
    }
    gpgme_error_t err = gpgme_engine_check_version(GPGME_PROTOCOL_OpenPGP);
    if (err) throw std::runtime_error("GnuPG (gpg) is not usable: " + reason(err));
    return true;
  }();
  static_cast<void>(initialised);
}

// Refuses what is not a directory private to this user (mode 0700, ours, not a symlink), after
// making it when it is absent: the agent's sockets must not be reachable or replaceable by others.
void private_directory(const fs::path& dir) {
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    throw std::runtime_error("cannot create " + dir.string() + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != getuid() ||
      (st.st_mode & 077) != 0) {
    throw std::runtime_error(dir.string() +
                             " is not a directory of this user with mode 0700; remove it");
  }
}

// A stable name for the home (FNV-1a, 64 bits), so that every process finds the same sockets.
std::string hash_name(const std::string& text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ULL;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

std::string read_small_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Writes through a fresh file and a rename, so that a gpg of another thread reading the redirect
// at the same moment sees the old content or the new, never half of it.
void replace_file(const fs::path& path, const std::string& content) {
  std::string temporary = path.string() + ".XXXXXX";
  int fd = mkstemp(temporary.data());
  if (fd < 0) throw std::runtime_error("cannot write in " + path.parent_path().string());
  bool written = write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
  close(fd);
  if (!written || std::rename(temporary.c_str(), path.c_str()) != 0) {
    unlink(temporary.c_str());
    throw std::runtime_error("cannot write " + path.string());
  }
}

// gpg-agent listens on unix sockets in the home unless /run/user/UID exists, and a socket address
// holds 107 bytes: in a deeper home gpg fails with "No agent running". libassuan (gpg, gpgconf and
// the agent alike) follows a file "%Assuan%\nsocket=PATH" in place of a socket, so a long home
// gets redirects to a short private directory. Where GnuPG uses /run/user the redirects are unread.
void shorten_socket_paths(const fs::path& home) {
  static constexpr std::array<const char*, 5> kSockets = {
      "S.gpg-agent", "S.gpg-agent.extra", "S.gpg-agent.browser", "S.gpg-agent.ssh", "S.dirmngr"};
  if ((home / "S.gpg-agent.browser").native().size() < sizeof(sockaddr_un{}.sun_path)) return;
  fs::path user_dir = "/tmp/embargo-gnupg-" + std::to_string(getuid());
  private_directory(user_dir);
  fs::path socket_dir = user_dir / hash_name(home.string());
  private_directory(socket_dir);
  for (const char* name : kSockets) {
    std::string redirect = "%Assuan%\nsocket=" + (socket_dir / name).string() + "\n";
    if (read_small_file(home / name) != redirect) replace_file(home / name, redirect);
  }
}

// The home as gpg will use it: absolute (the server may change directory), existing, and private.
fs::path prepare_home(const fs::path& home) {
  std::error_code ec;
  fs::path absolute = fs::absolute(home, ec).lexically_normal();
  if (!absolute.empty() && absolute.native().back() == '/') absolute = absolute.parent_path();
  if (!ec) fs::create_directories(absolute, ec);
  if (!ec) fs::permissions(absolute, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (ec) {
    throw std::runtime_error("GnuPG home " + home.string() +
                             " cannot be made private: " + ec.message());
  }
  shorten_socket_paths(absolute);
  return absolute;
}

Data input(std::string_view bytes) {
  gpgme_data_t data = nullptr;
  gpgme_error_t err = gpgme_data_new_from_mem(&data, bytes.data(), bytes.size(), 0);
  if (err) throw std::runtime_error("GPGME data: " + reason(err));
  return Data(data);
}

Data output() {
  gpgme_data_t data = nullptr;
  gpgme_error_t err = gpgme_data_new(&data);
  if (err) throw std::runtime_error("GPGME data: " + reason(err));
  return Data(data);
}

std::string take(Data data) {
  std::size_t length = 0;
  char* bytes = gpgme_data_release_and_get_mem(data.release(), &length);
  std::string out = bytes != nullptr ? std::string(bytes, length) : std::string();
  gpgme_free(bytes);
  return out;
}

// Only a whole fingerprint names a key: anything shorter is a gpg search pattern, which a key
// with a look-alike user id could answer.
bool is_fingerprint(const std::string& text) {
  return text.size() == 40 &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isxdigit(c); });
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

KeyInfo key_info(gpgme_key_t key) {
  KeyInfo info;
  info.fingerprint = upper(key->fpr != nullptr ? key->fpr : "");
  if (key->uids != nullptr && key->uids->uid != nullptr) info.user_id = key->uids->uid;
  // GPGME's can_encrypt already leaves out revoked and expired subkeys; the key as a whole counts
  // too.
  info.can_encrypt =
      key->can_encrypt && !key->revoked && !key->expired && !key->disabled && !key->invalid;
  return info;
}

// Text from a key or from GPGME for a message: control characters become spaces.
std::string printable(std::string_view text) {
  std::string out(text);
  std::replace_if(
      out.begin(), out.end(), [](unsigned char c) { return c < 0x20; }, ' ');
  return out;
}

}  // namespace

struct Keyring::Context {
  gpgme_ctx_t ctx = nullptr;
  fs::path home;

  ~Context() { gpgme_release(ctx); }

  // The key with this fingerprint (a subkey's finds its primary key), or null when absent.
  Key lookup(const std::string& fingerprint, bool secret) {
    if (!is_fingerprint(fingerprint)) return nullptr;
    gpgme_key_t key = nullptr;
    gpgme_error_t err = gpgme_get_key(ctx, fingerprint.c_str(), &key, secret ? 1 : 0);
    if (gpgme_err_code(err) == GPG_ERR_EOF) return nullptr;
    if (err) throw std::runtime_error("GnuPG key listing in " + home.string() + ": " + reason(err));
    return Key(key);
  }

  // Whether the keys in `text` include a secret key, read without importing anything. Text
  // GnuPG cannot list is refused here rather than imported unchecked.
  bool holds_secret_key(std::string_view text) {
    Data keys = input(text);
    if (gpgme_error_t err = gpgme_op_keylist_from_data_start(ctx, keys.get(), 0)) {
      throw invalid("key", "the key could not be read: " + reason(err));
    }
    bool secret = false;
    gpgme_key_t key = nullptr;
    while (gpgme_op_keylist_next(ctx, &key) == GPG_ERR_NO_ERROR) {
      secret = secret || key->secret != 0;
      gpgme_key_unref(key);
    }
    gpgme_op_keylist_end(ctx);
    return secret;
  }

  Key require(const std::string& fingerprint, bool secret) {
    Key key = lookup(fingerprint, secret);
    if (!key) {
      throw not_found("key", std::string(secret ? "no secret key " : "no key ") +
                                 printable(fingerprint) + " in the keyring");
    }
    return key;
  }

  // What the first signature says. Only a cryptographically good signature is valid (the key's
  // owner trust does not matter: a reporter's key is never certified here); a missing key is
  // unknown, and a bad, expired or revoked one is bad.
  SignatureCheck check(gpgme_signature_t signature) {
    SignatureCheck check;
    // The verify result belongs to the context: copy it before the next operation (lookup).
    std::string fingerprint = upper(signature->fpr != nullptr ? signature->fpr : "");
    switch (gpgme_err_code(signature->status)) {
      case GPG_ERR_NO_ERROR:
        check.status = SignatureCheck::Status::valid;
        if (Key key = lookup(fingerprint, false)) fingerprint = upper(key->fpr);
        break;
      case GPG_ERR_NO_PUBKEY:
        check.status = SignatureCheck::Status::unknown_key;
        break;
      default:
        check.status = SignatureCheck::Status::bad;
        break;
    }
    check.fingerprint = fingerprint;
    return check;
  }
};

Keyring::Keyring(const fs::path& home) {
  auto context = std::make_unique<Context>();
  context->home = prepare_home(home);
  initialise_gpgme();
  gpgme_error_t err = gpgme_new(&context->ctx);
  if (!err) err = gpgme_set_protocol(context->ctx, GPGME_PROTOCOL_OpenPGP);
  if (!err) {
    err = gpgme_ctx_set_engine_info(context->ctx, GPGME_PROTOCOL_OpenPGP, nullptr,
                                    context->home.c_str());
  }
  if (!err) err = gpgme_set_pinentry_mode(context->ctx, GPGME_PINENTRY_MODE_LOOPBACK);
  if (err) throw std::runtime_error("GPGME context for " + home.string() + ": " + reason(err));
  gpgme_set_armor(context->ctx, 1);
  gpgme_set_offline(context->ctx, 1);
  context_ = context.release();
}

Keyring::~Keyring() { delete context_; }

std::string Keyring::generate(const std::string& user_id) {
  if (user_id.empty() || std::any_of(user_id.begin(), user_id.end(),
                                     [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
    throw invalid("user_id", "a key's user id must be one line of text, \"Name <address>\"");
  }
  gpgme_ctx_t ctx = context_->ctx;
  // FORCE: a new key for a program whose old key has the same user id (a rotation) is wanted.
  gpgme_error_t err =
      gpgme_op_createkey(ctx, user_id.c_str(), "ed25519", 0, 0, nullptr,
                         GPGME_CREATE_SIGN | GPGME_CREATE_CERT | GPGME_CREATE_NOPASSWD |
                             GPGME_CREATE_NOEXPIRE | GPGME_CREATE_FORCE);
  gpgme_genkey_result_t result = err ? nullptr : gpgme_op_genkey_result(ctx);
  if (err || result == nullptr || result->fpr == nullptr) {
    throw std::runtime_error("GnuPG could not create a key in " + context_->home.string() + ": " +
                             reason(err));
  }
  std::string fingerprint = upper(result->fpr);
  Key key = context_->require(fingerprint, true);
  err = gpgme_op_createsubkey(ctx, key.get(), "cv25519", 0, 0,
                              GPGME_CREATE_ENCR | GPGME_CREATE_NOPASSWD | GPGME_CREATE_NOEXPIRE);
  if (err) {
    throw std::runtime_error("GnuPG could not add an encryption subkey to " + fingerprint + ": " +
                             reason(err));
  }
  return fingerprint;
}

std::vector<KeyInfo> Keyring::import(std::string_view armored, Material allowed) {
  if (armored.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw invalid("key", "no key: the text is empty");
  }
  if (allowed == Material::public_only && context_->holds_secret_key(armored)) {
    throw invalid("key", "the text holds a secret key: only public keys are taken here");
  }
  Data keys = input(armored);
  gpgme_error_t err = gpgme_op_import(context_->ctx, keys.get());
  if (err) throw invalid("key", "the key could not be read: " + reason(err));
  gpgme_import_result_t result = gpgme_op_import_result(context_->ctx);
  if (result == nullptr || result->considered == 0) {
    throw invalid("key",
                  "no OpenPGP key in the text (an armored public key begins with "
                  "\"-----BEGIN PGP PUBLIC KEY BLOCK-----\")");
  }
  // The result is the context's: copy what it says before looking keys up.
  std::vector<std::string> fingerprints;
  std::string problem;
  for (gpgme_import_status_t status = result->imports; status != nullptr; status = status->next) {
    if (status->result != GPG_ERR_NO_ERROR || status->fpr == nullptr) {
      if (problem.empty()) problem = reason(status->result);
      continue;
    }
    std::string fingerprint = upper(status->fpr);
    if (std::find(fingerprints.begin(), fingerprints.end(), fingerprint) == fingerprints.end()) {
      fingerprints.push_back(fingerprint);
    }
  }
  std::vector<KeyInfo> imported;
  for (const std::string& fingerprint : fingerprints) {
    if (std::optional<KeyInfo> info = find(fingerprint)) imported.push_back(*info);
  }
  if (imported.empty()) {
    throw invalid("key", "the key was not imported: " +
                             (problem.empty() ? std::string("it has no valid user id or self-"
                                                            "signature")
                                              : problem));
  }
  return imported;
}

std::optional<KeyInfo> Keyring::find(const std::string& fingerprint) {
  Key key = context_->lookup(fingerprint, false);
  if (!key) return std::nullopt;
  return key_info(key.get());
}

std::string Keyring::export_public(const std::string& fingerprint) {
  Key key = context_->require(fingerprint, false);
  gpgme_key_t keys[] = {key.get(), nullptr};
  Data out = output();
  gpgme_error_t err = gpgme_op_export_keys(context_->ctx, keys, 0, out.get());
  if (err) throw std::runtime_error("GnuPG could not export " + fingerprint + ": " + reason(err));
  return take(std::move(out));
}

std::string Keyring::export_secret(const std::string& fingerprint) {
  Key key = context_->require(fingerprint, true);
  gpgme_key_t keys[] = {key.get(), nullptr};
  Data out = output();
  gpgme_error_t err =
      gpgme_op_export_keys(context_->ctx, keys, GPGME_EXPORT_MODE_SECRET, out.get());
  std::string armored = err ? "" : take(std::move(out));
  if (armored.empty()) {
    throw std::runtime_error("GnuPG could not export the secret key " + fingerprint + ": " +
                             reason(err));
  }
  return armored;
}

std::vector<std::string> Keyring::secret_fingerprints() {
  gpgme_ctx_t ctx = context_->ctx;
  if (gpgme_error_t err = gpgme_op_keylist_start(ctx, nullptr, 1)) {
    throw std::runtime_error("GnuPG key listing in " + context_->home.string() + ": " +
                             reason(err));
  }
  std::vector<std::string> fingerprints;
  gpgme_key_t key = nullptr;
  gpgme_error_t err = GPG_ERR_NO_ERROR;
  while ((err = gpgme_op_keylist_next(ctx, &key)) == GPG_ERR_NO_ERROR) {
    if (key->fpr != nullptr) fingerprints.push_back(upper(key->fpr));
    gpgme_key_unref(key);
  }
  gpgme_op_keylist_end(ctx);
  if (gpgme_err_code(err) != GPG_ERR_EOF) {
    throw std::runtime_error("GnuPG key listing in " + context_->home.string() + ": " +
                             reason(err));
  }
  return fingerprints;
}

Decrypted Keyring::decrypt(std::string_view ciphertext) {
  Data in = input(ciphertext);
  Data out = output();
  gpgme_error_t err = gpgme_op_decrypt_verify(context_->ctx, in.get(), out.get());
  if (err) throw invalid("message", "could not decrypt: " + reason(err));
  Decrypted decrypted;
  decrypted.plaintext = take(std::move(out));
  gpgme_verify_result_t verified = gpgme_op_verify_result(context_->ctx);
  if (verified != nullptr && verified->signatures != nullptr) {
    decrypted.signature = context_->check(verified->signatures);
  }
  return decrypted;
}

std::string Keyring::encrypt(std::string_view plaintext, const std::string& fingerprint) {
  Key key = context_->require(fingerprint, false);
  if (!key_info(key.get()).can_encrypt) {
    throw invalid("key", "key " + fingerprint +
                             " cannot encrypt: it has no valid encryption subkey (revoked, "
                             "expired or signing only)");
  }
  gpgme_key_t recipients[] = {key.get(), nullptr};
  Data in = input(plaintext);
  Data out = output();
  gpgme_error_t err =
      gpgme_op_encrypt(context_->ctx, recipients, GPGME_ENCRYPT_ALWAYS_TRUST, in.get(), out.get());
  if (err) throw invalid("key", "could not encrypt to " + fingerprint + ": " + reason(err));
  return take(std::move(out));
}

std::string Keyring::clearsign(std::string_view text, const std::string& fingerprint) {
  Key key = context_->require(fingerprint, true);
  gpgme_ctx_t ctx = context_->ctx;
  gpgme_signers_clear(ctx);
  gpgme_error_t err = gpgme_signers_add(ctx, key.get());
  Data in = input(text);
  Data out = output();
  if (!err) err = gpgme_op_sign(ctx, in.get(), out.get(), GPGME_SIG_MODE_CLEAR);
  gpgme_signers_clear(ctx);
  if (err) throw invalid("key", "could not sign with " + fingerprint + ": " + reason(err));
  return take(std::move(out));
}

}  // namespace embargo::mail
