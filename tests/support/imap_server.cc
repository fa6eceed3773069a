#include "imap_server.h"

#include <arpa/inet.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace embargo::testing {
namespace {

// A port nobody listens on now: bound, read and released (dovecot binds it a moment later).
unsigned short free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    throw std::runtime_error("no free port");
  }
  close(fd);
  return ntohs(address.sin_port);
}

bool accepts_connections(unsigned short port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return ok;
}

// The accounts dovecot runs as. As root (CI) its login and internal processes drop to Debian's
// own dovenull and dovecot users and the mail belongs to nobody (dovecot refuses mail as root);
// as a normal user everything runs as that user.
struct Accounts {
  std::string login_user;
  std::string internal_user;
  std::string internal_group;
  uid_t mail_uid = 0;
  gid_t mail_gid = 0;
};

Accounts accounts() {
  if (geteuid() == 0) {
    passwd* nobody = getpwnam("nobody");
    if (nobody == nullptr) throw std::runtime_error("no user nobody");
    return {"dovenull", "dovecot", "dovecot", nobody->pw_uid, nobody->pw_gid};
  }
  passwd* me = getpwuid(geteuid());
  group* mine = getgrgid(getegid());
  if (me == nullptr || mine == nullptr) throw std::runtime_error("the current user has no name");
  return {me->pw_name, me->pw_name, mine->gr_name, geteuid(), getegid()};
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

ImapServer::ImapServer(const ImapServerOptions& options) {
  std::string scratch =
      (std::filesystem::temp_directory_path() / "embargo-imap-server-XXXXXX").string();
  if (mkdtemp(scratch.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  directory_ = scratch;
  // dovecot's login processes (another user, as root) reach their sockets through it.
  std::filesystem::permissions(
      directory_, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                      std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                      std::filesystem::perms::others_exec);
  Accounts who = accounts();
  auto mail = directory_ / "mail";
  std::filesystem::create_directories(mail);
  if (chown(mail.c_str(), who.mail_uid, who.mail_gid) != 0) {
    throw std::runtime_error("cannot hand the mail directory to its user");
  }
  std::ofstream(directory_ / "passwd") << user_ << ":{PLAIN}" << password_ << "::::::\n";
  port_ = free_port();
  config_ = directory_ / "dovecot.conf";
  std::string dir = directory_.string();
  std::ofstream(config_) << "protocols = imap\n"
                         << "listen = 127.0.0.1\n"
                         << "base_dir = " << dir << "/run\n"
                         << "state_dir = " << dir << "/state\n"
                         << "log_path = " << dir << "/dovecot.log\n"
                         << "ssl = no\n"
                         << "disable_plaintext_auth = no\n"
                         << "auth_mechanisms = plain login\n"
                         << "default_login_user = " << who.login_user << "\n"
                         << "default_internal_user = " << who.internal_user << "\n"
                         << "default_internal_group = " << who.internal_group << "\n"
                         << "first_valid_uid = 1\n"
                         << "mail_location = maildir:" << dir << "/mail/%u\n"
                         << "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN " << dir
                         << "/passwd\n}\n"
                         << "userdb {\n  driver = static\n  args = uid=" << who.mail_uid
                         << " gid=" << who.mail_gid << " home=" << dir << "/mail/%u\n}\n"
                         << "service imap-login {\n  chroot =\n"
                         << "  inet_listener imap {\n    address = 127.0.0.1\n    port = " << port_
                         << "\n  }\n"
                         << "  inet_listener imaps {\n    port = 0\n  }\n}\n"
                         << "service anvil {\n  chroot =\n}\n"
                         << (options.move ? "" : "imap_capability = IMAP4rev1 LITERAL+ UIDPLUS\n");
  process_ = std::make_unique<Process>(
      std::vector<std::string>{"/usr/sbin/dovecot", "-F", "-c", config_.string()});
  for (int i = 0; i < 200 && !accepts_connections(port_); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!accepts_connections(port_)) {
    std::string log =
        read_file(directory_ / "dovecot.log") + process_->read_line(std::chrono::milliseconds(100));
    process_.reset();
    std::filesystem::remove_all(directory_);
    throw std::runtime_error("dovecot did not start (is dovecot-imapd installed?): " + log);
  }
}

ImapServer::~ImapServer() {
  if (process_) {
    process_->signal(SIGTERM);
    process_->wait(std::chrono::seconds(5));
    process_.reset();
  }
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

std::string ImapServer::url(const std::string& mailbox) const {
  return "imap://127.0.0.1:" + std::to_string(port_) + "/" + mailbox;
}

std::string ImapServer::doveadm(const std::vector<std::string>& args,
                                const std::string& input) const {
  auto in = directory_ / "doveadm.in";
  std::ofstream(in, std::ios::binary) << input;
  // Every argument is single-quoted for the shell; none of ours holds a quote.
  std::string command = "/usr/bin/doveadm -c '" + config_.string() + "'";
  for (const auto& arg : args) command += " '" + arg + "'";
  command += " < '" + in.string() + "' 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed");
  std::string out;
  char chunk[4096];
  for (std::size_t n; (n = fread(chunk, 1, sizeof chunk, pipe)) > 0;) out.append(chunk, n);
  int status = pclose(pipe);
  if (status != 0) throw std::runtime_error("doveadm failed: " + command + "\n" + out);
  return out;
}

void ImapServer::deliver(const std::string& raw, const std::string& mailbox) const {
  doveadm({"save", "-u", user_, "-m", mailbox}, raw);
}

std::vector<std::uint64_t> ImapServer::search(const std::string& mailbox,
                                              const std::string& key) const {
  // "GUID UID" a line.
  std::istringstream lines(doveadm({"search", "-u", user_, "mailbox", mailbox, key}));
  std::vector<std::uint64_t> uids;
  for (std::string guid, uid; lines >> guid >> uid;) uids.push_back(std::stoull(uid));
  std::sort(uids.begin(), uids.end());
  return uids;
}

std::vector<std::string> ImapServer::message_ids(const std::string& mailbox) const {
  std::string out;
  try {
    out = doveadm({"-f", "tab", "fetch", "-u", user_, "hdr.message-id", "mailbox", mailbox, "ALL"});
  } catch (const std::runtime_error&) {
    return {};  // no such mailbox
  }
  std::istringstream lines(out);
  std::vector<std::string> ids;
  std::string line;
  std::getline(lines, line);  // the column's name
  while (std::getline(lines, line)) {
    auto start = line.find_first_not_of(" \t");
    if (start != std::string::npos) ids.push_back(line.substr(start));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

void ImapServer::copy_all(const std::string& from, const std::string& to) const {
  doveadm({"copy", "-u", user_, to, "mailbox", from, "ALL"});
}

}  // namespace embargo::testing
