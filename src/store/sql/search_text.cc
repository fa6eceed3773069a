#include "store/sql/search_text.h"

namespace embargo::store::sql {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

std::string fts_query(std::string_view text) {
  std::string query;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i == text.size()) break;
    if (!query.empty()) query += ' ';
    query += '"';
    for (; i < text.size() && !is_space(text[i]); ++i) {
      if (text[i] == '"') query += '"';
      if (text[i] != '\0') query += text[i];
    }
    query += '"';
  }
  return query;
}

}  // namespace embargo::store::sql
