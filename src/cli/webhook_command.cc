#include <boost/json.hpp>
#include <iostream>

#include "auth/secret_box.h"
#include "cli/data_dir.h"
#include "cli/secret_input.h"
#include "cli/subcommands.h"
#include "core/error.h"

namespace embargo::cli {
namespace {

namespace json = boost::json;

struct WebhookOptions {
  DataLocation data;
  std::string program;
  std::string url;
  std::string events = "report.created,report.message,report.state,advisory.published";
  bool secret_stdin = false;
  std::int64_t key = 0;
  int limit = 50;
  bool json = false;
};

std::string comma_list(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
  return text;
}

// `embargo webhook add`: the secret comes on standard input only (never in argv, where `ps`
// shows it), is sealed under the instance key, and is never printed back.
void add(const WebhookOptions& o) {
  if (!o.secret_stdin) {
    throw invalid("secret-stdin", "--secret-stdin: the secret is read from standard input only");
  }
  std::string secret = read_secret_line();
  if (secret.empty()) throw invalid("secret", "secret: standard input held no secret");
  auto store = open_store(o.data);
  auto key = auth::SecretBox::from_key_file(instance_key_path(o.data.dir));
  auto added = store->webhooks().add_webhook(
      {o.program, o.url, key.seal(secret), store::parse_webhook_events(o.events)}, "cli");
  std::cout << added.key << '\n';
}

void list(const WebhookOptions& o) {
  auto store = open_store(o.data);
  auto webhooks = store->webhooks().list_webhooks(o.program);
  if (o.json) {
    json::array items;
    for (const auto& w : webhooks) {
      json::array events(w.events.begin(), w.events.end());
      items.push_back({{"id", w.key},
                       {"program", w.program},
                       {"url", w.url},
                       {"events", events},
                       {"created_at", format_time(w.created_at)},
                       {"created_by", w.created_by}});
    }
    std::cout << json::serialize(items) << '\n';
    return;
  }
  if (webhooks.empty()) {
    std::cout << "program " << o.program << " has no webhooks\n";
    return;
  }
  for (const auto& w : webhooks) {
    std::cout << w.key << '\t' << w.url << '\t' << comma_list(w.events) << '\t'
              << format_time(w.created_at) << '\t' << w.created_by << '\n';
  }
}

void remove(const WebhookOptions& o) {
  auto store = open_store(o.data);
  if (!store->webhooks().remove_webhook(o.program, o.key, "cli")) {
    throw not_found("id", "program " + o.program + " has no webhook " + std::to_string(o.key));
  }
  std::cout << "removed webhook " << o.key << '\n';
}

void deliveries(const WebhookOptions& o) {
  auto store = open_store(o.data);
  auto log = store->webhooks().list_webhook_deliveries(o.program, o.limit);
  if (o.json) {
    json::array items;
    for (const auto& d : log) {
      items.push_back({{"webhook", d.attempt.webhook},
                       {"url", d.url},
                       {"event", d.event},
                       {"delivery", d.delivery},
                       {"report", d.report},
                       {"at", format_time(d.attempt.at)},
                       {"status", d.attempt.status},
                       {"duration_ms", d.attempt.duration.count()},
                       {"error", d.attempt.error},
                       {"response", d.attempt.response},
                       {"outbox", d.attempt.outbox},
                       {"outcome", d.outcome}});
    }
    std::cout << json::serialize(items) << '\n';
    return;
  }
  if (log.empty()) {
    std::cout << "no deliveries yet\n";
    return;
  }
  for (const auto& d : log) {
    std::cout << format_time(d.attempt.at) << '\t' << d.attempt.webhook << '\t' << d.event << '\t'
              << (d.report.empty() ? "-" : d.report) << '\t' << d.delivery << '\t'
              << (d.attempt.status == 0 ? std::string("-") : std::to_string(d.attempt.status))
              << '\t' << d.attempt.duration.count() << " ms\t" << d.outcome;
    if (!d.attempt.error.empty()) std::cout << '\t' << d.attempt.error;
    std::cout << '\n';
  }
}

}  // namespace

void add_webhook_command(CLI::App& app) {
  auto* webhook = app.add_subcommand(
      "webhook", "POST a program's report events, signed, to the team's own systems");
  webhook->require_subcommand(1);
  auto options = std::make_shared<WebhookOptions>();

  auto* add_command = webhook->add_subcommand("add", "Add a webhook; prints its id");
  add_data_option(*add_command, options->data);
  add_command->add_option("--program", options->program, "Program slug")->required();
  add_command->add_option("--url", options->url, "http:// or https:// URL to POST to")->required();
  add_command->add_flag("--secret-stdin", options->secret_stdin,
                        "Read the signing secret from standard input (required)");
  add_command
      ->add_option(
          "--events", options->events,
          "Comma-separated: report.created, report.message, report.state, advisory.published")
      ->capture_default_str();
  add_command->callback([options] { add(*options); });

  auto* list_command = webhook->add_subcommand("list", "List a program's webhooks (no secrets)");
  add_data_option(*list_command, options->data);
  list_command->add_option("--program", options->program, "Program slug")->required();
  list_command->add_flag("--json", options->json, "One JSON array");
  list_command->callback([options] { list(*options); });

  auto* remove_command = webhook->add_subcommand("remove", "Remove a webhook of a program");
  add_data_option(*remove_command, options->data);
  remove_command->add_option("--program", options->program, "Program slug")->required();
  remove_command->add_option("ID", options->key, "The webhook's id")->required();
  remove_command->callback([options] { remove(*options); });

  auto* deliveries_command =
      webhook->add_subcommand("deliveries", "The delivery log: every attempt, newest first");
  add_data_option(*deliveries_command, options->data);
  deliveries_command->add_option("--program", options->program, "Program slug")->required();
  deliveries_command->add_option("--limit", options->limit, "How many attempts")
      ->capture_default_str();
  deliveries_command->add_flag("--json", options->json, "One JSON array");
  deliveries_command->callback([options] { deliveries(*options); });
}

}  // namespace embargo::cli
