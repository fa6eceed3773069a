#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/data_dir.h"
#include "cli/subcommands.h"
#include "core/advisory_json.h"
#include "core/error.h"
#include "formats/advisory_markdown.h"
#include "formats/advisory_team_json.h"
#include "formats/cve_record.h"
#include "formats/ghsa_body.h"
#include "formats/markdown.h"
#include "formats/osv_json.h"
#include "http/json_body.h"
#include "http/public/csaf_pages.h"
#include "http/site.h"

namespace embargo::cli {
namespace {

namespace json = boost::json;

struct AdvisoryOptions {
  DataLocation data;
  std::string program;
  std::string id;
  std::vector<std::string> reports;
  std::string draft_file;
  std::string at;
  std::string reason;
  std::string format = "osv";
  std::string public_url;
  formats::CnaIdentity cna;
  bool json = false;
};

// A draft from a JSON file ("-": standard input), its Markdown checked before the store sees it.
AdvisoryDraft read_draft(const std::string& path) {
  std::stringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream file(path);
    if (!file) throw invalid("draft", "cannot read " + path);
    text << file.rdbuf();
  }
  AdvisoryDraft draft = advisory_draft_from_json(
      http::json_object_body(text.str(), "an advisory draft, a JSON object {\"summary\": ...}"));
  formats::check_markdown("details", draft.details);
  return draft;
}

// Where the published pages live: --public-url, else the instance's setting (`embargo settings
// mail --public-url`), so that an export never names an address the instance does not serve.
std::string public_url(store::Store& store, const AdvisoryOptions& o) {
  std::string url =
      o.public_url.empty() ? store.mail().mail_setting("public_url").value_or("") : o.public_url;
  while (url.ends_with('/')) url.pop_back();
  if (!url.starts_with("http://") && !url.starts_with("https://")) {
    throw invalid("public-url",
                  "--public-url: give the instance's public http(s) URL (no setting holds one)");
  }
  return url;
}

std::string optional_time(const std::optional<Time>& t) { return t ? format_time(*t) : "-"; }

void print_line(const Advisory& a) {
  std::cout << a.id << '\t' << to_string(a.state) << '\t' << optional_time(a.publish_at) << '\t'
            << a.draft.summary << '\n';
}

void create(const AdvisoryOptions& o) {
  AdvisoryDraft draft = o.draft_file.empty() ? AdvisoryDraft{} : read_draft(o.draft_file);
  auto store = open_store(o.data);
  Advisory a = store->advisories().create_advisory({o.program, o.reports, draft}, "cli");
  std::cout << a.id << '\n';
}

void update(const AdvisoryOptions& o) {
  AdvisoryDraft draft = read_draft(o.draft_file);
  auto store = open_store(o.data);
  print_line(store->advisories().update_advisory(o.id, draft, "cli"));
}

void list(const AdvisoryOptions& o) {
  auto store = open_store(o.data);
  auto advisories = store->advisories().list_advisories(o.program);
  if (o.json) {
    json::array items;
    for (const auto& a : advisories) items.push_back(formats::team_advisory_json(a));
    std::cout << json::serialize(items) << '\n';
    return;
  }
  if (advisories.empty()) std::cout << "program " << o.program << " has no advisories\n";
  for (const auto& a : advisories) print_line(a);
}

void show(const AdvisoryOptions& o) {
  auto store = open_store(o.data);
  auto a = store->advisories().find_advisory(o.id);
  if (!a) throw not_found("advisory", "there is no advisory " + o.id);
  if (o.json) {
    std::cout << json::serialize(formats::team_advisory_json(*a)) << '\n';
    return;
  }
  std::cout << a->id << " (" << a->program << "): " << a->draft.summary << '\n'
            << "state: " << to_string(a->state) << ", revision " << a->revision
            << (a->unpublished_changes && a->revision > 0 ? ", with unpublished changes" : "")
            << '\n'
            << "reports:";
  for (const auto& r : a->reports) std::cout << ' ' << r;
  std::cout << "\npublish at: " << optional_time(a->publish_at) << '\n';
  for (const auto& c : a->embargo_changes) {
    std::cout << "  " << format_time(c.at) << ' ' << c.actor << ": " << optional_time(c.from)
              << " -> " << format_time(c.to) << (c.reason.empty() ? "" : " (" + c.reason + ")")
              << '\n';
  }
  for (const auto& c : a->reporter_credits) {
    std::cout << "credit " << c.report << " (" << to_string(c.role) << "): "
              << (c.private_only    ? "private acknowledgement only"
                  : c.publishable() ? "\"" + c.line + "\" will be published"
                                    : "\"" + c.line + "\" waits for the reporter's agreement")
              << (c.decision ? std::string(", reporter ") + std::string(to_string(*c.decision))
                             : std::string())
              << '\n';
  }
}

void schedule(const AdvisoryOptions& o) {
  Time instant = parse_time(o.at);
  auto store = open_store(o.data);
  print_line(
      store->advisories().schedule_advisory(o.id, instant, o.reason, "cli", store->time().now()));
}

void publish(const AdvisoryOptions& o) {
  auto store = open_store(o.data);
  print_line(store->advisories().publish_advisory(o.id, "cli", store->time().now()));
}

void publish_due(const AdvisoryOptions& o) {
  auto store = open_store(o.data);
  auto published = store->advisories().publish_due_advisories(store->time().now());
  if (published.empty()) std::cout << "nothing is due\n";
  for (const auto& id : published) std::cout << "published " << id << '\n';
}

void withdraw(const AdvisoryOptions& o) {
  auto store = open_store(o.data);
  print_line(store->advisories().withdraw_advisory(o.id, o.reason, "cli", store->time().now()));
}

// Exports the latest published revision: a draft has nothing to export yet.
void export_advisory(const AdvisoryOptions& o) {
  auto store = open_store(o.data);
  auto published = store->advisories().find_published(o.id);
  if (!published) {
    throw not_found("advisory", o.id +
                                    " has no published revision (a draft or a scheduled "
                                    "advisory is exported once it is published)");
  }
  if (o.format == "ghsa") {  // GitHub's body names no address of ours
    std::cout << json::serialize(formats::ghsa_body(*published)) << '\n';
    return;
  }
  std::string page = public_url(*store, o) + "/p/" + published->program + "/advisories/" + o.id;
  if (o.format == "osv") {
    std::cout << json::serialize(formats::osv_record(*published, page)) << '\n';
  } else if (o.format == "csaf") {
    std::cout << http::csaf_export(store->advisories().published_revisions(o.id),
                                   http::make_site(public_url(*store, o)))
              << '\n';
  } else if (o.format == "cve5") {
    std::cout << json::serialize(formats::cve_record(*published, page, o.cna)) << '\n';
  } else {
    std::cout << formats::advisory_markdown(*published, page);
  }
}

}  // namespace

void add_advisory_command(CLI::App& app) {
  auto* advisory = app.add_subcommand(
      "advisory", "Write, schedule, publish and export a program's security advisories");
  advisory->require_subcommand(1);
  auto options = std::make_shared<AdvisoryOptions>();
  auto id_argument = [&](CLI::App* command) {
    add_data_option(*command, options->data);
    command->add_option("ID", options->id, "The advisory's id, e.g. PYSPECTOR-SA-2026-0001")
        ->required();
  };

  auto* create_command = advisory->add_subcommand(
      "create", "Draft an advisory from one or more reports; prints its id");
  add_data_option(*create_command, options->data);
  create_command->add_option("--program", options->program, "Program slug")->required();
  create_command->add_option("--report", options->reports, "A report it is about (repeatable)")
      ->required();
  create_command->add_option("--draft", options->draft_file,
                             "The draft as JSON (docs/advisories.md); '-' reads standard input");
  create_command->callback([options] { create(*options); });

  auto* update_command = advisory->add_subcommand("update", "Replace an advisory's draft");
  id_argument(update_command);
  update_command->add_option("--draft", options->draft_file, "The draft as JSON; '-': stdin")
      ->required();
  update_command->callback([options] { update(*options); });

  auto* list_command = advisory->add_subcommand("list", "A program's advisories, newest first");
  add_data_option(*list_command, options->data);
  list_command->add_option("--program", options->program, "Program slug")->required();
  list_command->add_flag("--json", options->json, "One JSON array");
  list_command->callback([options] { list(*options); });

  auto* show_command = advisory->add_subcommand("show", "An advisory as its team sees it");
  id_argument(show_command);
  show_command->add_flag("--json", options->json, "One JSON object");
  show_command->callback([options] { show(*options); });

  auto* schedule_command = advisory->add_subcommand(
      "schedule", "Set or move the UTC instant the server publishes the advisory at");
  id_argument(schedule_command);
  schedule_command->add_option("--at", options->at, "RFC 3339, e.g. 2026-12-24T09:00:00Z")
      ->required();
  schedule_command->add_option("--reason", options->reason,
                               "Why (required when moving an instant already set)");
  schedule_command->callback([options] { schedule(*options); });

  auto* publish_command =
      advisory->add_subcommand("publish", "Publish now (or publish the changes of an update)");
  id_argument(publish_command);
  publish_command->callback([options] { publish(*options); });

  auto* due_command = advisory->add_subcommand(
      "publish-due",
      "Publish every scheduled advisory whose instant has come (the server does "
      "this every minute and when it starts)");
  add_data_option(*due_command, options->data);
  due_command->callback([options] { publish_due(*options); });

  auto* withdraw_command = advisory->add_subcommand(
      "withdraw", "Withdraw a published advisory; it stays public, marked withdrawn");
  id_argument(withdraw_command);
  withdraw_command->add_option("--reason", options->reason, "Why (published)")->required();
  withdraw_command->callback([options] { withdraw(*options); });

  auto* export_command =
      advisory->add_subcommand("export", "Print the latest published revision in a format");
  id_argument(export_command);
  export_command->add_option("--format", options->format, "osv, csaf, cve5, ghsa or markdown")
      ->check(CLI::IsMember({"osv", "csaf", "cve5", "ghsa", "markdown"}))
      ->capture_default_str();
  export_command->add_option("--public-url", options->public_url,
                             "The instance's public URL (default: the stored setting)");
  export_command->add_option("--cna-org-id", options->cna.org_id,
                             "cve5: the UUID of the CNA that submits the record");
  export_command->add_option("--cna-short-name", options->cna.short_name,
                             "cve5: the CNA's short name");
  export_command->callback([options] { export_advisory(*options); });
}

}  // namespace embargo::cli
