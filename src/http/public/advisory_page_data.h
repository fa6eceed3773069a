// The data of the public advisory pages, built from published revisions only: the program's list,
// one advisory, the hall of fame and the Atom feeds. The templates decide the markup.
#pragma once

#include <string>
#include <vector>

#include "core/advisory.h"
#include "core/policy.h"
#include "http/site.h"
#include "http/templates.h"

namespace embargo::http {

// The public address of an advisory's page, of its OSV record, and of a program's list.
std::string advisory_url(const Site& site, const std::string& slug, const std::string& id);
std::string advisories_url(const Site& site, const std::string& slug);

// Whether the program lists its reporters in a hall of fame (its credit.where names one).
bool keeps_hall_of_fame(const Policy& policy);

// /p/{slug}/advisories: newest first, withdrawn ones marked.
TemplateData advisories_page_data(const Policy& policy,
                                  const std::vector<PublishedAdvisory>& advisories,
                                  const Site& site);

// /p/{slug}/advisories/{id}: everything the revision says; the details' HTML is rendered
// separately (Templates::render's html slot "details").
TemplateData advisory_page_data(const PublishedAdvisory& advisory, const Site& site);

// /p/{slug}/hall-of-fame: the reporters' lines of the program's published advisories (withdrawn
// ones left out), by year of first publication, newest year first, each name once a year; the
// reporters counted without a name are a number.
TemplateData hall_of_fame_page_data(const Policy& policy,
                                    const std::vector<PublishedAdvisory>& advisories,
                                    const Site& site);

// An Atom feed (RFC 4287) of advisories: one entry per advisory, its latest revision; `title`
// names the feed, `self` is its absolute address.
TemplateData atom_feed_data(const std::string& title, const std::string& self,
                            const std::vector<PublishedAdvisory>& advisories, const Site& site);

}  // namespace embargo::http
