#pragma once

#include "http/router.h"

namespace embargo::http {

// The public scoring endpoints the report form and the triage page call for live feedback:
//   GET /api/v1/cvss?vector=V          the JSON of `embargo cvss --json V` (400 when V is invalid)
//   GET /api/v1/cwe?q=ID|WORDS&limit=N {"results":[CWE entries...]} (+ "warnings" for an id)
// They are pure functions of the query over built-in data: no session, nothing private, and
// answers may be cached publicly.
void add_scoring_routes(Router& router);

}  // namespace embargo::http
