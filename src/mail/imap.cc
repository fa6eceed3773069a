#include "mail/imap.h"

#include <curl/curl.h>
#include <strings.h>

#include <algorithm>
#include <charconv>
#include <sstream>

#include "mail/curl.h"

namespace embargo::mail {
namespace {

constexpr long kCommandTimeoutSeconds = 300;  // a 64 MiB message over a slow link
constexpr long kBufferBytes = 512L * 1024;    // one response line (UID SEARCH) fits in it

// What one transfer wrote: the fetched message, or a custom command's untagged lines.
struct Received {
  std::string bytes;
  std::size_t max_bytes = 0;
  bool too_large = false;
};

std::size_t keep_bytes(char* data, std::size_t size, std::size_t count, void* user) {
  auto* received = static_cast<Received*>(user);
  std::size_t n = size * count;
  if (received->bytes.size() + n > received->max_bytes) {
    received->too_large = true;
    return 0;  // libcurl ends the transfer with CURLE_WRITE_ERROR
  }
  received->bytes.append(data, n);
  return n;
}

// The server's tagged answers arrive only through the debug callback; the last NO or BAD says why
// a command failed ("A005 NO [TRYCREATE] Mailbox doesn't exist: Embargo").
int keep_last_reply(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  if (type != CURLINFO_HEADER_IN) return 0;
  std::string_view text(data, size);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  auto space = text.find(' ');
  if (space == std::string_view::npos || text.starts_with("* ")) return 0;
  std::string_view status = text.substr(space + 1);
  if (status.starts_with("NO ") || status.starts_with("BAD ")) {
    *static_cast<std::string*>(user) = text;
  }
  return 0;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

}  // namespace

struct ImapMailbox::Handle {
  CURL* curl = nullptr;
  Received received;
  std::string last_reply;
  char error[CURL_ERROR_SIZE] = "";

  ~Handle() {
    if (curl != nullptr) curl_easy_cleanup(curl);
  }

  // One transfer on the connection libcurl keeps open in this handle between transfers.
  void perform(const std::string& url, const char* custom, std::size_t max_bytes) {
    received = {};
    received.max_bytes = max_bytes;
    last_reply.clear();
    error[0] = '\0';
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, custom);
    CURLcode code = curl_easy_perform(curl);
    if (code == CURLE_OK || received.too_large) return;
    std::string detail = error[0] != '\0' ? error : curl_easy_strerror(code);
    if (!last_reply.empty()) detail += ": " + last_reply;
    throw ImapError(detail);
  }
};

ImapMailbox::ImapMailbox(const ImapSettings& settings) : handle_(std::make_unique<Handle>()) {
  if (auto problem = imap_url_problem(settings.url); !problem.empty()) throw ImapError(problem);
  mailbox_url_ = settings.url;
  while (mailbox_url_.ends_with('/')) mailbox_url_.pop_back();
  auto host_start = mailbox_url_.find("://") + 3;
  server_url_ = mailbox_url_.substr(0, mailbox_url_.find('/', host_start) + 1);

  init_curl();
  handle_->curl = curl_easy_init();
  if (handle_->curl == nullptr) throw ImapError("libcurl failed to start");
  CURL* c = handle_->curl;
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "imap,imaps");
  curl_easy_setopt(c, CURLOPT_USERNAME, settings.user.c_str());
  curl_easy_setopt(c, CURLOPT_PASSWORD, settings.password.c_str());
  curl_easy_setopt(c, CURLOPT_USE_SSL,
                   settings.allow_plaintext ? static_cast<long>(CURLUSESSL_TRY)
                                            : static_cast<long>(CURLUSESSL_ALL));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, kCommandTimeoutSeconds);
  curl_easy_setopt(c, CURLOPT_BUFFERSIZE, kBufferBytes);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, handle_->error);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep_bytes);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &handle_->received);
  curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, keep_last_reply);
  curl_easy_setopt(c, CURLOPT_DEBUGDATA, &handle_->last_reply);
  curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
  // Logs in (and selects nothing yet): the capabilities after login are the ones that count.
  for (const auto& line : command("CAPABILITY", false)) {
    std::istringstream words(line);
    for (std::string word; words >> word;) capabilities_.push_back(word);
  }
}

ImapMailbox::~ImapMailbox() = default;

std::vector<std::string> ImapMailbox::command(const std::string& text, bool on_mailbox) {
  constexpr std::size_t kMaxResponseBytes = std::size_t{16} * 1024 * 1024;
  handle_->perform(on_mailbox ? mailbox_url_ : server_url_, text.c_str(), kMaxResponseBytes);
  if (handle_->received.too_large) throw ImapError(text + ": the answer is too large");
  return lines_of(handle_->received.bytes);
}

bool ImapMailbox::has_capability(const std::string& name) {
  return std::any_of(capabilities_.begin(), capabilities_.end(), [&](const std::string& c) {
    return strcasecmp(c.c_str(), name.c_str()) == 0;
  });
}

std::vector<std::uint64_t> ImapMailbox::search(const std::string& criteria) {
  std::vector<std::uint64_t> uids;
  for (const auto& line : command("UID SEARCH " + criteria)) {
    if (!line.starts_with("* SEARCH")) continue;
    std::istringstream words(line.substr(8));
    for (std::string word; words >> word;) {
      std::uint64_t uid = 0;
      auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), uid);
      if (ec == std::errc() && end == word.data() + word.size() && uid > 0) uids.push_back(uid);
    }
  }
  std::sort(uids.begin(), uids.end());
  return uids;
}

FetchedMessage ImapMailbox::fetch(std::uint64_t uid, std::size_t max_bytes) {
  handle_->perform(mailbox_url_ + "/;UID=" + std::to_string(uid), nullptr, max_bytes);
  return {std::move(handle_->received.bytes), handle_->received.too_large};
}

void ImapMailbox::add_flags(std::uint64_t uid, const std::string& flags) {
  command("UID STORE " + std::to_string(uid) + " +FLAGS.SILENT (" + flags + ")");
}

void ImapMailbox::remove_flags(std::uint64_t uid, const std::string& flags) {
  command("UID STORE " + std::to_string(uid) + " -FLAGS.SILENT (" + flags + ")");
}

void ImapMailbox::create_folder(const std::string& folder) {
  if (std::find(created_.begin(), created_.end(), folder) != created_.end()) return;
  try {
    command("CREATE " + quoted(folder), false);
  } catch (const ImapError&) {
    // It exists already (or cannot be made: the move that follows says so with its reason).
  }
  created_.push_back(folder);
}

void ImapMailbox::move(std::uint64_t uid, const std::string& folder) {
  create_folder(folder);
  std::string n = std::to_string(uid);
  if (has_capability("MOVE")) {
    command("UID MOVE " + n + " " + quoted(folder));
    return;
  }
  command("UID COPY " + n + " " + quoted(folder));
  add_flags(uid, "\\Deleted");
  command(has_capability("UIDPLUS") ? "UID EXPUNGE " + n : "EXPUNGE");
}

std::string ImapMailbox::separator() {
  // `* LIST (\Noselect) "/" ""`: the quoted separator, or NIL for a flat server.
  for (const auto& line : command("LIST \"\" \"\"", false)) {
    auto close = line.find(") \"");
    if (line.starts_with("* LIST") && close != std::string::npos && close + 4 < line.size()) {
      std::size_t at = close + 3;
      if (line[at] == '\\') ++at;
      return std::string(1, line[at]);
    }
  }
  return "/";
}

std::string imap_url_problem(const std::string& url) {
  std::string_view rest = url;
  if (rest.starts_with("imaps://")) {
    rest.remove_prefix(8);
  } else if (rest.starts_with("imap://")) {
    rest.remove_prefix(7);
  } else {
    return "must start with imaps:// or imap:// (got '" + url + "')";
  }
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (authority.empty()) return "names no host";
  if (authority.find('@') != std::string_view::npos) {
    return "must not hold a user or password (give --user and --password-stdin)";
  }
  std::string_view mailbox = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
  while (mailbox.ends_with('/')) mailbox.remove_suffix(1);
  if (mailbox.empty()) return "names no mailbox (imaps://HOST/INBOX)";
  if (mailbox.find_first_of(";?#") != std::string_view::npos) {
    return "must name a mailbox only, without ';', '?' or '#'";
  }
  if (std::any_of(url.begin(), url.end(), [](char c) {
        auto byte = static_cast<unsigned char>(c);
        return byte <= 0x20 || byte == 0x7F;
      })) {
    return "must not hold spaces or control characters (write a space as %20)";
  }
  return "";
}

std::string imap_folder_problem(const std::string& folder) {
  if (folder.empty()) return "is empty";
  if (folder.size() > 200) return "is longer than 200 characters";
  bool safe = std::all_of(folder.begin(), folder.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
           c == '-' || c == '_' || c == '.' || c == '/';
  });
  if (!safe) return "may hold only letters, digits, spaces and - _ . /";
  return "";
}

}  // namespace embargo::mail
