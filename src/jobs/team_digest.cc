#include "jobs/team_digest.h"

#include "jobs/mail_config.h"
#include "jobs/mail_templates.h"
#include "jobs/team_announcer.h"

namespace embargo::jobs {

int queue_due_digests(store::Store& store, const auth::SecretBox& key, Time at, bool all) {
  // The outbox sender asks every second: the pending lines first (one indexed read), the mail
  // settings only when there is something to send.
  auto entries = store.mail().due_digest_entries(at, all);
  if (entries.empty()) return 0;
  MailConfig config = load_mail_config(store.mail(), key);
  if (!config.configured()) return 0;
  int queued = 0;
  for (std::size_t first = 0; first < entries.size();) {
    const std::string& recipient = entries[first].recipient;
    std::vector<std::int64_t> keys;
    kainjow::mustache::list lines;
    std::size_t end = first;
    for (; end < entries.size() && entries[end].recipient == recipient; ++end) {
      keys.push_back(entries[end].key);
      lines.emplace_back(key.open(entries[end].payload));
    }
    kainjow::mustache::data d;
    d.set("lines", lines);
    d.set("desk_link", config.public_url + "/desk");
    d.set("account_link", config.public_url + "/account");
    d.set("footer", render_mail_text("team_footer", d));
    std::string count = std::to_string(keys.size());
    store.mail().queue_digest(
        keys, team_mail(key, config, recipient, "team.digest",
                        "Your Embargo digest: " + count + (keys.size() == 1 ? " event" : " events"),
                        render_mail_text("team_digest", d), at));
    ++queued;
    first = end;
  }
  return queued;
}

}  // namespace embargo::jobs
