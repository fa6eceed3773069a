#include <boost/json.hpp>
#include <iostream>
#include <iterator>

#include "auth/secret_box.h"
#include "cli/data_dir.h"
#include "cli/subcommands.h"
#include "jobs/clock_alerts.h"
#include "jobs/mail_intake.h"
#include "jobs/mailbox_fetcher.h"
#include "jobs/outbox_sender.h"
#include "jobs/team_digest.h"

namespace embargo::cli {
namespace {

struct MailOptions {
  DataLocation data;
  std::string recipient;
  std::string program;
  std::string state;
  int limit = 50;
  bool json = false;
  bool now = false;
};

// `embargo mail receive`: one message on standard input, as an MTA's pipe transport hands it
// over; the exit status is the sysexits code the MTA acts on (0 stored, 65 bounced with the
// reason, 67 unknown recipient, 75 kept and retried later).
void receive(const MailOptions& o) {
  std::string raw{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  jobs::IntakeResult result;
  try {
    auto store = open_store(o.data);
    auto key = auth::SecretBox::from_key_file(instance_key_path(o.data.dir));
    result = jobs::receive_mail(*store, key, gnupg_home(o.data.dir), raw, {o.recipient, o.program});
  } catch (const std::exception& e) {
    result = {jobs::IntakeStatus::try_again, std::string("cannot open the store: ") + e.what()};
  }
  auto status = static_cast<int>(result.status);
  (status == 0 ? std::cout : std::cerr)
      << (status == 0 ? "" : "embargo: ") << result.message << '\n';
  if (status != 0) throw CLI::RuntimeError(status);
}

std::string time_or_empty(const std::optional<Time>& t) { return t ? format_time(*t) : ""; }

void outbox(const MailOptions& o) {
  auto store = open_store(o.data);
  auto entries = store->mail().list_outbox({o.state, o.limit});
  if (o.json) {
    boost::json::array items;
    for (const auto& e : entries) {
      items.push_back({{"id", e.key},
                       {"channel", e.item.channel},
                       {"event", e.item.event},
                       {"report", e.report},
                       {"recipient", e.item.recipient},
                       {"message_id", e.item.message_id},
                       {"state", e.state},
                       {"attempts", e.attempts},
                       {"created_at", format_time(e.created_at)},
                       {"next_attempt_at", format_time(e.next_attempt_at)},
                       {"sent_at", time_or_empty(e.sent_at)},
                       {"last_error", e.last_error}});
    }
    std::cout << boost::json::serialize(items) << '\n';
    return;
  }
  if (entries.empty()) {
    std::cout << "the outbox is empty\n";
    return;
  }
  for (const auto& e : entries) {
    std::cout << e.key << '\t' << e.state << '\t' << e.item.event << '\t'
              << (e.report.empty() ? "-" : e.report) << '\t' << e.item.recipient << '\t'
              << e.attempts << (e.attempts == 1 ? " attempt" : " attempts");
    if (e.state == "sent") std::cout << "\tsent " << format_time(*e.sent_at);
    if (e.state == "queued") std::cout << "\tnext " << format_time(e.next_attempt_at);
    if (!e.last_error.empty()) std::cout << '\t' << e.last_error;
    std::cout << '\n';
  }
}

// `embargo mail send`: one delivery pass now, as the server makes every second; for a cron job
// beside a server that is not running, or to check the SMTP settings and webhooks. With --now
// every queued item is attempted whatever its next attempt's time: after an outage.
void send(const MailOptions& o) {
  auto store = open_store(o.data);
  auto key = auth::SecretBox::from_key_file(instance_key_path(o.data.dir));
  jobs::OutboxSender sender(*store, key);
  int sent = sender.deliver_due(o.now ? Time::max() : store->time().now());
  std::cout << sent << (sent == 1 ? " item sent" : " items sent") << '\n';
}

// `embargo mail digest`: queues the team's daily digests that are due, as the server does on
// each delivery pass; with --now every member's pending lines, whatever their age.
void digest(const MailOptions& o) {
  auto store = open_store(o.data);
  auto key = auth::SecretBox::from_key_file(instance_key_path(o.data.dir));
  int queued = jobs::queue_due_digests(*store, key, store->time().now(), o.now);
  std::cout << queued << (queued == 1 ? " digest queued" : " digests queued") << '\n';
}

// `embargo mail clocks`: tells the team of the SLA clocks due soon or overdue now, as the server
// does every minute; each alert once.
void clocks(const MailOptions& o) {
  auto store = open_store(o.data);
  auto key = auth::SecretBox::from_key_file(instance_key_path(o.data.dir));
  int made = jobs::alert_due_clocks(*store, key, store->time().now());
  std::cout << made << (made == 1 ? " clock alert made" : " clock alerts made") << '\n';
}

// `embargo mail fetch`: one pass over the programs' hosted mailboxes now, as the server makes
// every minute; each message's outcome is printed, and the status is 1 when a mailbox could not
// be read.
void fetch(const MailOptions& o) {
  auto store = open_store(o.data);
  auto key = auth::SecretBox::from_key_file(instance_key_path(o.data.dir));
  jobs::MailboxFetcher fetcher(*store, key, gnupg_home(o.data.dir));
  std::vector<jobs::MailboxPass> passes;
  if (o.program.empty()) {
    passes = fetcher.fetch_all();
  } else {
    passes.push_back(fetcher.fetch(o.program));
  }
  if (passes.empty()) std::cout << "no program has a mailbox to fetch\n";
  bool failed = false;
  for (const auto& pass : passes) {
    if (pass.mails.empty() && pass.error.empty()) std::cout << pass.program << ": no new mail\n";
    for (const auto& mail : pass.mails) {
      std::cout << pass.program << ": UID " << mail.uid << ": " << mail.result.message
                << (mail.folder.empty() ? "; left for the next pass" : "; moved to " + mail.folder)
                << '\n';
    }
    if (!pass.error.empty()) {
      std::cerr << "embargo: " << pass.program << ": " << pass.error << '\n';
      failed = true;
    }
  }
  if (failed) throw CLI::RuntimeError(1);
}

}  // namespace

void add_mail_command(CLI::App& app) {
  auto* mail = app.add_subcommand("mail", "Receive mail into reports, and see the outbox");
  mail->require_subcommand(1);
  auto options = std::make_shared<MailOptions>();

  auto* receive_command = mail->add_subcommand(
      "receive", "Store one RFC 5322 message from standard input (for an MTA's pipe transport)");
  add_data_option(*receive_command, options->data);
  receive_command->add_option("--recipient", options->recipient,
                              "The envelope recipient (else Delivered-To, X-Original-To, To, Cc)");
  receive_command->add_option("--program", options->program,
                              "Every new report of this mailbox goes to this program");
  receive_command->callback([options] { receive(*options); });

  auto* outbox_command = mail->add_subcommand("outbox", "List queued, sent and failed mail");
  add_data_option(*outbox_command, options->data);
  outbox_command->add_option("--state", options->state, "queued, sent or failed");
  outbox_command->add_option("--limit", options->limit, "How many, newest first")
      ->capture_default_str();
  outbox_command->add_flag("--json", options->json, "One JSON array");
  outbox_command->callback([options] { outbox(*options); });

  auto* send_command =
      mail->add_subcommand("send", "Deliver the mail and webhooks that are due now");
  add_data_option(*send_command, options->data);
  send_command->add_flag("--now", options->now,
                         "Also what waits for a later retry: every queued item, now");
  send_command->callback([options] { send(*options); });

  auto* digest_command =
      mail->add_subcommand("digest", "Queue the team's daily digests that are due");
  add_data_option(*digest_command, options->data);
  digest_command->add_flag("--now", options->now, "Every member's pending lines, now");
  digest_command->callback([options] { digest(*options); });

  auto* clocks_command = mail->add_subcommand(
      "clocks", "Tell the team of the SLA clocks due soon or overdue (the server: every minute)");
  add_data_option(*clocks_command, options->data);
  clocks_command->callback([options] { clocks(*options); });

  auto* fetch_command = mail->add_subcommand(
      "fetch", "Fetch the programs' hosted mailboxes now (embargo settings mail-fetch)");
  add_data_option(*fetch_command, options->data);
  fetch_command->add_option("--program", options->program, "Only this program's mailbox");
  fetch_command->callback([options] { fetch(*options); });
}

}  // namespace embargo::cli
