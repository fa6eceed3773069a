#include "formats/json_text.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace embargo::formats {
namespace {

std::string refusal_of(std::string_view text) {
  try {
    parse_json_text(text);
  } catch (const Refusal& refusal) {
    EXPECT_EQ(refusal.field(), "body");
    return refusal.what();
  }
  ADD_FAILURE() << "accepted: " << text;
  return {};
}

TEST(JsonText, ParsesWhatBoostJsonParses) {
  auto value = parse_json_text(R"({"a": [1, -2, 3.5, true, null, "x\u00e9"], "b": {"c": {}}})");
  EXPECT_EQ(value, boost::json::parse(R"({"a":[1,-2,3.5,true,null,"xé"],"b":{"c":{}}})"));
  EXPECT_EQ(parse_json_text("18446744073709551615").as_uint64(), 18446744073709551615ULL);
  EXPECT_EQ(parse_json_text(" [] ").as_array().size(), 0U);
}

// Boost.JSON keeps the last of two equal keys; the author of {"severity": "low", ...,
// "severity": "critical"} meant one of them, and the server cannot know which.
TEST(JsonText, ADuplicateKeyIsRefusedWithItsNameAndPlace) {
  EXPECT_EQ(refusal_of("{\"title\": \"a\",\n \"title\": \"b\"}"),
            "malformed JSON at line 2, column 8: the key \"title\" appears twice in one object");
  EXPECT_NE(refusal_of(R"({"a": {"b": 1, "b": 2}})").find("\"b\" appears twice"),
            std::string::npos);
  // Escapes are compared decoded: "\u0061" is "a".
  EXPECT_NE(refusal_of(R"({"a": 1, "\u0061": 2})").find("\"a\" appears twice"), std::string::npos);
  // The same key in two objects is no duplicate.
  EXPECT_NO_THROW(parse_json_text(R"([{"a": 1}, {"a": 2}, {"b": {"a": 3}}])"));
  EXPECT_NO_THROW(parse_json_text(R"({"a": {"a": {"a": 1}}})"));
}

TEST(JsonText, MalformedTextSaysWhere) {
  EXPECT_EQ(refusal_of("{\n  \"a\": tru\n}").substr(0, 33), "malformed JSON at line 2, column ");
  EXPECT_EQ(refusal_of("{} x"),
            "malformed JSON at line 1, column 4: text after the end of the JSON value");
  EXPECT_EQ(refusal_of("{}\n{}"),
            "malformed JSON at line 2, column 1: text after the end of the JSON value");
  EXPECT_NE(refusal_of("").find("malformed JSON"), std::string::npos);
  EXPECT_NE(refusal_of("\"\xff\"").find("malformed JSON"), std::string::npos);  // not UTF-8
}

}  // namespace
}  // namespace embargo::formats
