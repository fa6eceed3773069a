#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace embargo::mail {

// Where a program's mail is fetched from: `embargo settings mail-fetch`.
struct ImapSettings {
  std::string url;  // imaps://host[:port]/MAILBOX, or imap:// with STARTTLS
  std::string user;
  std::string password;  // opened from its sealed form only to log in
  // imap:// may then stay in clear when the server offers no STARTTLS (tests on loopback).
  bool allow_plaintext = false;
};

// Why a mailbox could not be read or changed: the transport error or the server's answer.
class ImapError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A message fetched whole; `too_large` when it was cut off at the size limit (its bytes are then
// incomplete and must not be read as the message).
struct FetchedMessage {
  std::string raw;
  bool too_large = false;
};

// One logged-in connection to one mailbox through libcurl's IMAP, kept open across the commands
// of a pass. libcurl runs one command per transfer and cannot IDLE, so a pass is a few custom
// commands (UID SEARCH, UID STORE, UID MOVE) and a fetch by UID. Every method throws ImapError.
class ImapMailbox {
 public:
  explicit ImapMailbox(const ImapSettings& settings);
  ~ImapMailbox();
  ImapMailbox(const ImapMailbox&) = delete;
  ImapMailbox& operator=(const ImapMailbox&) = delete;

  // The UIDs of the mailbox's messages matching an IMAP search key ("UNSEEN", ...), ascending.
  std::vector<std::uint64_t> search(const std::string& criteria);
  // The message's bytes with `UID FETCH n BODY[]` (which sets \Seen), at most `max_bytes`.
  FetchedMessage fetch(std::uint64_t uid, std::size_t max_bytes);
  // `UID STORE n +FLAGS.SILENT (...)` or `-FLAGS.SILENT (...)`.
  void add_flags(std::uint64_t uid, const std::string& flags);
  void remove_flags(std::uint64_t uid, const std::string& flags);
  // Moves the message to `folder` (a full mailbox name), creating the folder when it is missing:
  // UID MOVE where the server offers MOVE (RFC 6851), else UID COPY, \Deleted and UID EXPUNGE
  // (UIDPLUS) or EXPUNGE.
  void move(std::uint64_t uid, const std::string& folder);
  // The server's hierarchy separator ("/" or "."), for naming a subfolder.
  std::string separator();

 private:
  // Runs one command on the mailbox (or, when `on_mailbox` is false, outside any mailbox) and
  // returns the untagged lines it answered with.
  std::vector<std::string> command(const std::string& text, bool on_mailbox = true);
  bool has_capability(const std::string& name);
  void create_folder(const std::string& folder);

  struct Handle;
  std::unique_ptr<Handle> handle_;
  std::string mailbox_url_;  // the settings' URL without a trailing '/'
  std::string server_url_;   // scheme, host and port, with a trailing '/'
  std::vector<std::string> capabilities_;
  std::vector<std::string> created_;
};

// The URL's own checks, before anything is stored or sent: imap:// or imaps://, a host, a
// mailbox, no credentials or parameters in it. Returns what is wrong, or "".
std::string imap_url_problem(const std::string& url);

// A folder name Embargo may send in a command: letters, digits, spaces and "-_./", at most 200
// characters (libcurl URL-decodes custom commands, and a CR or LF would start a command of its
// own). Returns what is wrong, or "".
std::string imap_folder_problem(const std::string& folder);

}  // namespace embargo::mail
