// The checks intake makes with the scoring library: the core keeps a report's CVSS vector and
// CWE as text (it depends on nothing of ours), so the form and the API refuse a vector that
// does not parse or a weakness id the catalogue does not know before the report is stored.
#pragma once

#include <map>
#include <string>

#include "core/policy.h"
#include "core/report.h"

namespace embargo::http {

// The problems of the submission's cvss_vector and cwe fields, by field name, and a severity that
// contradicts the vector's rating (under "severity"); empty when all are absent or fine.
std::map<std::string, std::string> scoring_problems(const Submission& submission);

// A form that asks for the severity, left blank beside a vector that scores: the severity is the
// vector's rating (a vector rated None leaves it blank).
void rate_from_vector(Submission& submission, const Policy& policy);

}  // namespace embargo::http
