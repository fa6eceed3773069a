#pragma once

#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

// "Lost your link?" for reporters: GET /lost-link shows a form asking for an address, POST
// /lost-link mails a new tracking link of each open report of that address to it
// (store::MailStore::send_tracking_links) and answers the same whether or not any exist, so the
// page tells nobody which addresses have reports. The POST is CSRF-protected and rate-limited
// per client (site_routes.cc); the store limits the mails per address.
void add_lost_link_pages(Router& router, store::Store& store, const Site& site);

}  // namespace embargo::http
