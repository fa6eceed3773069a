#include "core/canned_response.h"

#include "core/error.h"
#include "core/text.h"

namespace embargo {
namespace {

constexpr std::size_t kMaxTitleBytes = 100;
constexpr std::size_t kMaxBodyBytes = 65536;

}  // namespace

void validate_canned_response(const CannedResponse& response) {
  if (is_blank(response.title)) throw invalid("title", "title: a canned response needs a title");
  if (response.title.size() > kMaxTitleBytes) {
    throw invalid("title", "title: at most " + std::to_string(kMaxTitleBytes) + " bytes");
  }
  if (auto problem = text_problem(response.title, false)) {
    throw invalid("title", "title: " + *problem);
  }
  if (is_blank(response.body)) throw invalid("body", "body: a canned response needs a text");
  if (response.body.size() > kMaxBodyBytes) {
    throw invalid("body", "body: at most " + std::to_string(kMaxBodyBytes) + " bytes");
  }
  if (auto problem = text_problem(response.body, true)) throw invalid("body", "body: " + *problem);
}

}  // namespace embargo
