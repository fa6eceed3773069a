// Turns a posted report form into what intake validates: the Submission, its uploads, and the
// values as typed, so the form can be shown again with nothing lost.
#pragma once

#include <vector>

#include "core/policy.h"
#include "core/report.h"
#include "http/multipart.h"
#include "http/reporter/report_form_data.h"

namespace embargo::http {

struct PostedReport {
  FormInput input;              // every value as typed, and the problems found
  Submission submission;        // what the form asks the store to keep
  std::vector<Upload> uploads;  // the files, content-checked, in the order they came
  bool score_only = false;      // "Check the score" was pressed: show the form, store nothing
};

// Reads the form's parts against the program's policy. Problems (an unknown field, a file that
// is not what its name says, a CVSS picker half answered, no credit choice) are recorded in
// input.errors under the field they belong to; the submission is only meant to be stored when
// there are none.
PostedReport read_report_form(const std::vector<FormPart>& parts, const Policy& policy);

}  // namespace embargo::http
