// The instance as a CSAF 2.0 provider (section 7): /.well-known/csaf/provider-metadata.json, and
// for each program a directory of its published advisories as CSAF documents
// (/p/{slug}/csaf/YYYY/NAME.json with .sha256 and .sha512 beside each), its index.txt,
// changes.csv and listings. Only published revisions are read: a draft or a scheduled advisory
// is in none of them.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "core/advisory.h"
#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

// The CSAF document of an advisory that has been published (every published revision, oldest
// first), with the addresses it has on the instance at `site`. What the team API and
// `embargo advisory export --format csaf` give.
std::string csaf_export(std::span<const PublishedAdvisory> revisions, const Site& site);

// The CSAF document of a program's advisory with every published revision in its history, at
// its canonical address in the program's directory; nullopt when the advisory is not the
// program's or is not published.
std::optional<std::string> csaf_document_of(store::Store& store, const Site& site,
                                            const std::string& slug, const std::string& id);

void add_csaf_pages(Router& router, store::Store& store, const Site& site);

}  // namespace embargo::http
