#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "process.h"

namespace embargo::testing {

struct ImapServerOptions {
  // false: the server does not announce MOVE (RFC 6851), as older servers do not, so a client
  // must move with UID COPY, \Deleted and UID EXPUNGE.
  bool move = true;
};

// A real IMAP server (Debian's dovecot-imapd) on 127.0.0.1 and a free port, in clear, with one
// user whose Maildir lives in a scratch directory removed with it. Its configuration is written
// there too, so it runs beside any system dovecot, as root (CI) or as a normal user.
class ImapServer {
 public:
  explicit ImapServer(const ImapServerOptions& options = {});
  ~ImapServer();
  ImapServer(const ImapServer&) = delete;
  ImapServer& operator=(const ImapServer&) = delete;

  unsigned short port() const { return port_; }
  const std::string& user() const { return user_; }
  const std::string& password() const { return password_; }
  // imap://127.0.0.1:PORT/MAILBOX
  std::string url(const std::string& mailbox = "INBOX") const;

  // Delivers a message into the mailbox as an MTA would (unseen), with `doveadm save`.
  void deliver(const std::string& raw, const std::string& mailbox = "INBOX") const;
  // The UIDs of the mailbox's messages matching an IMAP search key (e.g. "ALL", "UNSEEN").
  std::vector<std::uint64_t> search(const std::string& mailbox, const std::string& key) const;
  // The messages' Message-IDs in the mailbox, sorted (empty when the mailbox does not exist).
  std::vector<std::string> message_ids(const std::string& mailbox) const;
  // Copies every message of `from` into `to` (a crash after the store, before the move).
  void copy_all(const std::string& from, const std::string& to) const;

 private:
  std::string doveadm(const std::vector<std::string>& args, const std::string& input = "") const;

  std::filesystem::path directory_;
  std::filesystem::path config_;
  std::unique_ptr<Process> process_;
  unsigned short port_ = 0;
  std::string user_ = "desk";
  std::string password_ = "imap-test-password";
};

}  // namespace embargo::testing
