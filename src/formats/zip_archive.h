// A zip archive built in memory (libzip): how the published OSV records of a program go out in
// one download, the way OSV.dev offers a whole ecosystem (gs://osv-vulnerabilities/ECOSYSTEM/
// all.zip, one ID.json per record at the top level) to scanners and mirrors.
#pragma once

#include <span>
#include <string>

#include "core/time.h"

namespace embargo::formats {

// One member of the archive: its name and bytes, and the instant it was last modified.
struct ArchiveFile {
  std::string name;
  std::string bytes;
  Time modified{};
};

// The archive (deflated members, in the order given; no member: an empty archive), built in
// memory with libzip. The same
// files give the same bytes, so that an ETag holds until a record changes.
std::string zip_archive(std::span<const ArchiveFile> files);

}  // namespace embargo::formats
