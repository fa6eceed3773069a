#include "formats/csaf_provider.h"

#include <algorithm>
#include <boost/json.hpp>

#include "formats/csaf_document.h"

namespace embargo::formats {
namespace json = boost::json;

std::vector<CsafDirectoryEntry> csaf_directory_entries(std::span<const PublishedAdvisory> latest) {
  std::vector<CsafDirectoryEntry> entries;
  for (const auto& advisory : latest) {
    entries.push_back({csaf_directory_path(advisory), advisory.modified_at});
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.current_release != b.current_release ? a.current_release > b.current_release
                                                  : a.path < b.path;
  });
  return entries;
}

std::string csaf_index_txt(std::span<const CsafDirectoryEntry> entries) {
  std::string text;
  for (const auto& entry : entries) text += entry.path + "\n";
  return text;
}

std::string csaf_changes_csv(std::span<const CsafDirectoryEntry> entries) {
  std::string text;
  for (const auto& entry : entries) {
    text += "\"" + entry.path + "\",\"" + format_time(entry.current_release) + "\"\n";
  }
  return text;
}

std::string csaf_provider_metadata(const std::string& canonical_url,
                                   std::span<const std::string> directory_urls,
                                   const CsafPublisher& publisher, Time last_updated) {
  json::object metadata{{"canonical_url", canonical_url},
                        {"last_updated", format_time(last_updated)},
                        {"list_on_CSAF_aggregators", true},
                        {"metadata_version", "2.0"},
                        {"mirror_on_CSAF_aggregators", true},
                        {"publisher", json::object{{"category", publisher.category},
                                                   {"name", publisher.name},
                                                   {"namespace", publisher.namespace_url}}},
                        {"role", "csaf_provider"}};
  if (!directory_urls.empty()) {
    json::array distributions;
    for (const auto& url : directory_urls) {
      distributions.push_back(json::object{{"directory_url", url}});
    }
    metadata["distributions"] = std::move(distributions);
  }
  return json::serialize(metadata);
}

}  // namespace embargo::formats
