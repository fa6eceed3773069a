#include "store/report_json.h"

#include <boost/json.hpp>
#include <stdexcept>

namespace embargo::store {
namespace json = boost::json;

namespace {

// Stored JSON that does not read back means the database was damaged or edited by hand.
std::runtime_error damaged(const std::string& what) {
  return std::runtime_error("stored report data is damaged: " + what);
}

json::value parse_stored(const std::string& text) {
  boost::system::error_code error;
  json::value value = json::parse(text, error);
  if (error) throw damaged(error.message());
  return value;
}

}  // namespace

std::string fields_to_json(const std::map<ReportField, std::string>& fields) {
  json::object object;
  for (const auto& [field, value] : fields) object[info(field).name] = value;
  return json::serialize(object);
}

std::string strings_to_json(const std::vector<std::string>& values) {
  json::array array;
  for (const auto& value : values) array.emplace_back(value);
  return json::serialize(array);
}

std::vector<std::string> strings_from_json(const std::string& text) {
  json::value value = parse_stored(text);
  if (!value.is_array()) throw damaged("a list is not an array");
  std::vector<std::string> values;
  for (const auto& item : value.as_array()) {
    if (!item.is_string()) throw damaged("a list holds something other than text");
    values.emplace_back(item.as_string());
  }
  return values;
}

std::map<ReportField, std::string> fields_from_json(const std::string& text) {
  json::value value = parse_stored(text);
  if (!value.is_object()) throw damaged("fields are not an object");
  std::map<ReportField, std::string> fields;
  for (const auto& [name, field_value] : value.as_object()) {
    auto field = parse_report_field(name);
    if (!field || !field_value.is_string()) throw damaged("field " + std::string(name));
    fields[*field] = std::string(field_value.as_string());
  }
  return fields;
}

std::vector<AttachmentInfo> attachments_from_json(const std::string& text) {
  json::value value = parse_stored(text);
  if (!value.is_array()) throw damaged("attachments are not a list");
  std::vector<AttachmentInfo> attachments;
  try {
    for (const auto& item : value.as_array()) {
      const auto& object = item.as_object();
      attachments.push_back({std::string(object.at("file_name").as_string()),
                             std::string(object.at("media_type").as_string()),
                             json::value_to<std::uint64_t>(object.at("size")),
                             std::string(object.at("sha256").as_string())});
    }
  } catch (const std::exception& e) {
    throw damaged(std::string("attachment: ") + e.what());
  }
  return attachments;
}

}  // namespace embargo::store
