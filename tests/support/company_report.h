// A report that fits the company example program's form ([[form.fields]] in
// examples/policies/company.toml), with consent: what API tests submit when the report's words
// do not matter.
#pragma once

#include <boost/json/object.hpp>

namespace embargo::testing {

inline boost::json::object company_report() {
  return {{"vulnerability_type", "Stored cross-site scripting"},
          {"affected_component", "https://shop.example.com/reviews"},
          {"requirements", "A customer account"},
          {"steps_to_reproduce", "1. Post a review containing a script tag.\n2. Open it."},
          {"impact", "Session theft of any customer reading reviews."},
          {"consent", true}};
}

}  // namespace embargo::testing
