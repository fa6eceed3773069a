#include "store/advisory_document.h"

#include <boost/json.hpp>
#include <stdexcept>

#include "core/advisory_json.h"
#include "core/error.h"

namespace embargo::store {
namespace json = boost::json;

std::string published_to_json(const PublishedAdvisory& advisory) {
  json::object draft = advisory_draft_to_json(advisory.draft);
  draft.erase("credits");
  json::object document{
      {"id", advisory.id},
      {"program", advisory.program},
      {"program_name", advisory.program_name},
      {"homepage", advisory.homepage},
      {"version_scheme", advisory.version_scheme},
      {"revision", advisory.revision},
      {"draft", std::move(draft)},
      {"credits", published_credits_to_json(advisory.credits)},
      {"hall_of_fame", json::array(advisory.hall_of_fame.begin(), advisory.hall_of_fame.end())},
      {"published_at", format_time(advisory.published_at)},
      {"modified_at", format_time(advisory.modified_at)},
      {"withdrawn", advisory.withdrawn},
      {"withdrawn_reason", advisory.withdrawn_reason}};
  if (advisory.withdrawn_at) document["withdrawn_at"] = format_time(*advisory.withdrawn_at);
  return json::serialize(document);
}

PublishedAdvisory published_from_json(const std::string& text) {
  // Stored JSON that does not read back means the database was damaged or edited by hand.
  try {
    json::object document = json::parse(text).as_object();
    auto text_of = [&](const char* key) { return std::string(document.at(key).as_string()); };
    PublishedAdvisory advisory;
    advisory.id = text_of("id");
    advisory.program = text_of("program");
    advisory.program_name = text_of("program_name");
    advisory.homepage = text_of("homepage");
    advisory.version_scheme = text_of("version_scheme");
    advisory.revision = static_cast<int>(document.at("revision").as_int64());
    advisory.draft = advisory_draft_from_json(document.at("draft"));
    advisory.credits = published_credits_from_json(document.at("credits"));
    for (const auto& line : document.at("hall_of_fame").as_array()) {
      advisory.hall_of_fame.emplace_back(line.as_string());
    }
    advisory.published_at = parse_time(text_of("published_at"));
    advisory.modified_at = parse_time(text_of("modified_at"));
    advisory.withdrawn = document.at("withdrawn").as_bool();
    advisory.withdrawn_reason = text_of("withdrawn_reason");
    if (document.contains("withdrawn_at")) {
      advisory.withdrawn_at = parse_time(text_of("withdrawn_at"));
    }
    return advisory;
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("stored advisory revision is damaged: ") + e.what());
  }
}

}  // namespace embargo::store
