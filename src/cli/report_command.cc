#include <boost/json/serialize.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/data_dir.h"
#include "cli/subcommands.h"
#include "core/error.h"
#include "core/sla.h"
#include "formats/report_json.h"

namespace embargo::cli {
namespace {

struct ReportOptions {
  DataLocation data;
  bool json = false;
  // list
  std::string program;
  std::vector<std::string> states;
  bool open_only = false;
  std::string severity;
  std::string handler;
  std::string label;
  bool overdue = false;
  std::string order;
  std::string search;
  std::string after;
  int limit = 50;
  // show, transition
  std::string id;
  // submit
  std::string file;
  // transition
  std::string to;
  std::string reason;
  std::string duplicate_of;
  std::string actor;
};

std::string read_input(const std::string& file) {
  std::ostringstream text;
  if (file == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw invalid("FILE", "cannot read '" + file + "'");
    text << in.rdbuf();
  }
  return text.str();
}

void list(const ReportOptions& o) {
  auto store = open_store(o.data);
  store::ReportQuery query;
  query.program = o.program;
  query.text = o.search;
  query.after = o.after;
  query.limit = o.limit;
  for (const auto& name : o.states) {
    auto state = parse_state(name);
    if (!state) throw invalid("state", "--state: unknown state '" + name + "'");
    query.states.push_back(*state);
  }
  query.open_only = o.open_only;
  if (!o.severity.empty()) {
    query.severity = parse_severity(o.severity);
    if (!query.severity)
      throw invalid("severity", "--severity: unknown severity '" + o.severity + "'");
  }
  query.handler = o.handler;
  query.label = o.label;
  query.overdue = o.overdue;
  if (!o.order.empty()) {
    query.order = store::parse_report_order(o.order);
    if (!query.order)
      throw invalid("order", "--order: due, received or relevance, not '" + o.order + "'");
  }
  auto page = store->list_reports(query);
  for (const auto& r : page.reports) {
    if (o.json) {
      boost::json::object row{{"id", r.id},
                              {"program", r.program},
                              {"state", to_string(r.state)},
                              {"title", r.title},
                              {"received_at", format_time(r.received_at)}};
      row["severity"] = r.severity ? boost::json::value(to_string(*r.severity)) : nullptr;
      row["due_at"] = r.due_at ? boost::json::value(format_time(*r.due_at)) : nullptr;
      row["due_clock"] = r.due_clock ? boost::json::value(to_string(*r.due_clock)) : nullptr;
      row["handler"] =
          r.handler.empty() ? boost::json::value(nullptr) : boost::json::value(r.handler);
      row["labels"] = boost::json::array(r.labels.begin(), r.labels.end());
      if (!r.snippet.empty()) row["snippet"] = r.snippet;
      std::cout << boost::json::serialize(row) << '\n';
    } else {
      std::cout << r.id << '\t' << to_string(r.state) << '\t'
                << (r.severity ? to_string(*r.severity) : "-") << '\t' << format_time(r.received_at)
                << '\t' << r.title << '\n';
      if (!r.snippet.empty()) std::cout << "\t" << r.snippet << '\n';
    }
  }
  if (!page.next.empty()) std::cerr << "more: --after " << page.next << '\n';
}

void print_report(const Report& report, const std::vector<Clock>& clocks) {
  std::cout << report.id << "  [" << to_string(report.state) << "]  program " << report.program
            << "\nreceived " << format_time(report.received_at) << " via "
            << report.submission.channel << "\nseverity "
            << (report.severity ? to_string(*report.severity) : "not set") << "\n\nclocks\n";
  for (const auto& c : clocks) {
    std::cout << "  " << to_string(c.kind) << " (" << describe_duration(c.target)
              << "): " << to_string(c.status);
    if (c.due_at) std::cout << ", due " << format_time(*c.due_at);
    if (c.done_at) std::cout << ", done " << format_time(*c.done_at);
    std::cout << '\n';
  }
  std::cout << "\nfields\n";
  for (const auto& [field, value] : report.submission.fields) {
    std::cout << "  " << info(field).name << ": " << value << '\n';
  }
  for (const auto& a : report.submission.attachments) {
    std::cout << "  attachment: " << a.file_name << " (" << a.size << " bytes, sha256 " << a.sha256
              << ")\n";
  }
  std::cout << "\nhistory\n";
  for (const auto& t : report.history) {
    std::cout << "  " << format_time(t.at) << "  " << to_string(t.from) << " -> " << to_string(t.to)
              << " by " << t.actor_name;
    if (!t.duplicate_of.empty()) std::cout << " (duplicate of " << t.duplicate_of << ")";
    if (!t.reason.empty()) std::cout << ": " << t.reason;
    std::cout << '\n';
  }
}

void show(const ReportOptions& o) {
  auto store = open_store(o.data);
  auto report = store->find_report(o.id);
  if (!report) throw not_found("ID", "no report " + o.id);
  auto program = store->find_program(report->program);
  std::vector<Clock> clocks;
  if (program) clocks = evaluate_clocks(*report, program->policy, store->time().now());
  if (o.json) {
    auto out = formats::report_to_json(*report);
    out["clocks"] = formats::clocks_to_json(clocks);
    std::cout << boost::json::serialize(out) << '\n';
  } else {
    print_report(*report, clocks);
  }
}

// Files a report as the API would receive it: for scripts, imports and the demo data.
void submit(const ReportOptions& o) {
  auto store = open_store(o.data);
  Submission submission = formats::submission_from_json(read_input(o.file), o.program);
  submission.channel = "cli";
  auto created = store->create_report(submission, "cli");
  if (o.json) {
    boost::json::object out{{"id", created.report.id}, {"tracking_token", created.tracking_token}};
    std::cout << boost::json::serialize(out) << '\n';
  } else {
    std::cout << "stored " << created.report.id
              << "\ntracking token (shown once): " << created.tracking_token << '\n';
  }
}

void transition(const ReportOptions& o) {
  auto store = open_store(o.data);
  auto report = store->find_report(o.id);
  if (!report) throw not_found("ID", "no report " + o.id);
  auto to = parse_state(o.to);
  if (!to) throw invalid("to", "--to: unknown state '" + o.to + "'");
  Transition t{.from = report->state,
               .to = *to,
               .at = store->time().now(),
               .actor = o.actor == "reporter" ? Actor::reporter : Actor::team,
               .actor_name = o.actor,
               .reason = o.reason,
               .duplicate_of = o.duplicate_of};
  auto updated = store->transition_report(o.id, t);
  std::cout << updated.id << ": " << to_string(t.from) << " -> " << to_string(updated.state)
            << '\n';
}

}  // namespace

void add_report_command(CLI::App& app) {
  auto* report = app.add_subcommand("report", "Read and move reports");
  report->require_subcommand(1);

  auto list_options = std::make_shared<ReportOptions>();
  auto* list_command = report->add_subcommand("list", "List reports (the queue)");
  add_data_option(*list_command, list_options->data);
  list_command->add_option("--program", list_options->program, "Only this program (slug)");
  list_command->add_option("--state", list_options->states, "Only reports in these states");
  list_command->add_flag("--open", list_options->open_only, "Only reports not closed or disclosed");
  list_command->add_option("--severity", list_options->severity, "Only this severity");
  list_command->add_option("--handler", list_options->handler,
                           "Only reports this email handles ('none': nobody)");
  list_command->add_option("--label", list_options->label, "Only reports with this label");
  list_command->add_flag("--overdue", list_options->overdue, "Only reports past their due time");
  list_command->add_option("--order", list_options->order,
                           "due, received (default) or relevance (default with --search)");
  list_command->add_option("--search", list_options->search, "Full-text search");
  list_command->add_option("--limit", list_options->limit, "Reports per page")
      ->check(CLI::Range(1, 500));
  list_command->add_option("--after", list_options->after, "Cursor printed by the previous page");
  list_command->add_flag("--json", list_options->json, "One JSON object per line");
  list_command->callback([list_options] { list(*list_options); });

  auto show_options = std::make_shared<ReportOptions>();
  auto* show_command = report->add_subcommand("show", "Show one report with its clocks");
  add_data_option(*show_command, show_options->data);
  show_command->add_option("ID", show_options->id, "Report id, e.g. PYSPECTOR-2026-0001")
      ->required();
  show_command->add_flag("--json", show_options->json, "As one JSON object");
  show_command->callback([show_options] { show(*show_options); });

  auto submit_options = std::make_shared<ReportOptions>();
  auto* submit_command =
      report->add_subcommand("submit", "File a report from a JSON file (as the API takes it)");
  add_data_option(*submit_command, submit_options->data);
  submit_command->add_option("--program", submit_options->program, "Program slug")->required();
  submit_command->add_option("FILE", submit_options->file, "JSON file, or - for standard input")
      ->required();
  submit_command->add_flag("--json", submit_options->json, "Print the result as JSON");
  submit_command->callback([submit_options] { submit(*submit_options); });

  auto move_options = std::make_shared<ReportOptions>();
  auto* move_command = report->add_subcommand("transition", "Move a report to another state");
  add_data_option(*move_command, move_options->data);
  move_command->add_option("ID", move_options->id, "Report id")->required();
  move_command->add_option("--to", move_options->to, "The new state")->required();
  move_command->add_option("--reason", move_options->reason, "Why (told to the reporter)");
  move_command->add_option("--duplicate-of", move_options->duplicate_of, "The original report");
  move_command->add_option("--actor", move_options->actor, "Who acts (a team member's email)")
      ->default_val("cli")
      ->capture_default_str();
  move_command->callback([move_options] { transition(*move_options); });
}

}  // namespace embargo::cli
