// What a CSAF provider publishes besides its documents (CSAF 2.0 section 7): its
// provider-metadata.json (7.1.7) and, for each directory of documents, the index.txt (7.1.12) and
// changes.csv (7.1.13) that aggregators and scanners read to find and follow them.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/advisory.h"

namespace embargo::formats {

// One document of a directory: its path below the directory ("2026/x.json") and its
// /document/tracking/current_release_date.
struct CsafDirectoryEntry {
  std::string path;
  Time current_release{};
};

// The entries of a directory holding these advisories (latest revisions), newest release first.
std::vector<CsafDirectoryEntry> csaf_directory_entries(std::span<const PublishedAdvisory> latest);

// index.txt: every path, one per line.
std::string csaf_index_txt(std::span<const CsafDirectoryEntry> entries);

// changes.csv: "path","current_release_date" per line, the most recent first.
std::string csaf_changes_csv(std::span<const CsafDirectoryEntry> entries);

// Who publishes the documents, as CSAF's publisher object names them.
struct CsafPublisher {
  std::string category;  // "vendor" or "coordinator"
  std::string name;
  std::string namespace_url;
};

// provider-metadata.json of a provider (role csaf_provider: documents at TLP:WHITE, served over
// the directory distribution) at `canonical_url`, with one directory URL per distribution.
std::string csaf_provider_metadata(const std::string& canonical_url,
                                   std::span<const std::string> directory_urls,
                                   const CsafPublisher& publisher, Time last_updated);

}  // namespace embargo::formats
