#include <boost/json/serialize.hpp>
#include <iostream>

#include "cli/subcommands.h"
#include "core/error.h"
#include "formats/cwe_json.h"
#include "scoring/cwe.h"

namespace embargo::cli {
namespace {

struct CweOptions {
  std::vector<std::string> words;
  std::size_t limit = 20;
  bool json = false;
};

std::string cwe_name(int id) { return "CWE-" + std::to_string(id); }

// One id: the entry and every warning a triager should see before using it (unknown,
// deprecated, discouraged for mapping). Exit status 1 when the id is not in the catalogue.
void show(int id, bool json) {
  const scoring::CweEntry* entry = scoring::find_cwe(id);
  std::vector<std::string> warnings = scoring::check_cwe(id);
  if (json) {
    boost::json::object out =
        entry ? formats::cwe_entry_to_json(*entry) : boost::json::object{{"id", cwe_name(id)}};
    boost::json::array list;
    for (const auto& w : warnings) list.emplace_back(w);
    out["warnings"] = std::move(list);
    std::cout << boost::json::serialize(out) << '\n';
  } else if (entry != nullptr) {
    std::cout << cwe_name(id) << "  " << entry->name << "\n  " << scoring::to_string(entry->kind)
              << ", " << scoring::to_string(entry->abstraction) << ", status "
              << scoring::to_string(entry->status) << ", mapping "
              << scoring::to_string(entry->mapping_usage)
              << (entry->in_view_1003 ? ", in NVD view 1003" : "") << '\n';
  }
  for (const auto& w : warnings) std::cerr << "warning: " << w << '\n';
  if (entry == nullptr) throw CLI::RuntimeError(1);
}

void search(const std::string& words, const CweOptions& o) {
  auto found = scoring::search_cwe(words, o.limit);
  for (const auto* e : found) {
    if (o.json) {
      std::cout << boost::json::serialize(formats::cwe_entry_to_json(*e)) << '\n';
    } else {
      std::cout << cwe_name(e->id) << '\t' << scoring::to_string(e->abstraction) << '\t'
                << (e->in_view_1003 ? "view-1003" : "-") << '\t' << e->name << '\n';
    }
  }
  if (found.empty()) {
    std::cerr << "no CWE entry has every word of '" << words << "' in its name\n";
    throw CLI::RuntimeError(1);
  }
}

void run_cwe(const CweOptions& o) {
  std::string text;
  for (const auto& w : o.words) text += (text.empty() ? "" : " ") + w;
  std::string error;
  if (o.words.size() == 1) {
    if (auto id = scoring::parse_cwe_id(text, &error)) return show(*id, o.json);
    bool looks_like_id =
        !text.empty() && (std::isdigit(static_cast<unsigned char>(text[0])) ||
                          text.rfind("CWE-", 0) == 0 || text.rfind("cwe-", 0) == 0);
    if (looks_like_id) throw invalid("ID", error);
  }
  search(text, o);
}

}  // namespace

void add_cwe_command(CLI::App& app) {
  auto options = std::make_shared<CweOptions>();
  auto* command = app.add_subcommand(
      "cwe", "Look up a CWE id (CWE-79 or 79) or search the catalogue's names by words");
  command->add_option("ID|WORDS", options->words, "A CWE id, or words that must all appear")
      ->required();
  command->add_option("--limit", options->limit, "Most search results")->check(CLI::Range(1, 2000));
  command->add_flag("--json", options->json, "One JSON object per line");
  command->callback([options] { run_cwe(*options); });
}

}  // namespace embargo::cli
