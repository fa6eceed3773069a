#include <algorithm>
#include <vector>

#include "core/policy_loader_sections.h"
#include "core/size.h"

namespace embargo {
namespace {

// Upper bounds for attachments (docs/policy.md): beyond them a policy is more likely mistyped
// than meant, and the store would hold files no triager reads.
constexpr std::uint64_t kMaxAttachmentBytes = 100ULL * 1000 * 1000;
constexpr std::int64_t kMaxAttachmentFiles = 20;

// ".txt", ".tar.gz": a dot, then lower-case letters and digits in dot-separated parts.
bool valid_extension(std::string_view e) {
  if (e.size() < 2 || e.size() > 16 || e.front() != '.' || e.back() == '.') return false;
  for (std::size_t i = 1; i < e.size(); ++i) {
    const char c = e[i];
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '.' && e[i - 1] != '.');
    if (!ok) return false;
  }
  return true;
}

std::vector<std::string_view> field_names() {
  std::vector<std::string_view> names;
  for (const auto& f : report_fields()) names.push_back(f.name);
  return names;
}

std::string field_list() {
  std::string out;
  for (auto name : field_names()) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

void read_fields(const TableReader& form, Form& out) {
  if (!form.has("fields")) {
    form.missing("fields");
    return;
  }
  auto fields = form.tables("fields", {"field", "required", "label", "help"});
  if (!fields) return;
  if (fields->empty()) form.error("fields", "the form must ask for at least one field");
  std::vector<Position> first_seen;
  for (const TableReader& entry : *fields) {
    auto name = entry.required_string("field");
    if (!name) continue;
    auto field = parse_report_field(*name);
    if (!field) {
      std::string message = "unknown report field \"" + *name + "\"";
      const auto names = field_names();
      if (auto guess = closest_match(*name, names)) {
        message += " (did you mean \"" + std::string(*guess) + "\"?)";
      } else {
        message += ", expected one of " + field_list();
      }
      entry.error("field", message);
      continue;
    }
    if (const FormField* earlier = out.find(*field)) {
      const Position first = first_seen[static_cast<std::size_t>(earlier - out.fields.data())];
      entry.error("field", "\"" + *name + "\" is already on the form (line " +
                               std::to_string(first.line) + ")");
      continue;
    }
    FormField f{*field, false, "", ""};
    if (auto v = entry.boolean("required")) f.required = *v;
    if (auto v = entry.string("label")) f.label = *v;
    if (auto v = entry.string("help")) f.help = *v;
    out.fields.push_back(std::move(f));
    first_seen.push_back(entry.position("field"));
  }
}

void read_attachments(const TableReader& form, Attachments& out) {
  auto table =
      form.table("attachments", {"allowed", "extensions", "max_size", "max_files", "note"});
  if (!table) return;
  if (auto v = table->boolean("allowed")) out.allowed = *v;
  if (auto v = table->string("note")) out.note = *v;
  if (!out.allowed) {
    for (std::string_view key : {"extensions", "max_size", "max_files"}) {
      if (table->has(key)) table->error(key, "attachments are not allowed (allowed = false)");
    }
    return;
  }

  if (!table->has("extensions")) {
    table->error("allowed", "attachments are allowed but no extensions are listed");
  } else if (auto extensions = table->located_strings("extensions")) {
    if (extensions->empty()) table->error("extensions", "must list at least one extension");
    for (const auto& e : *extensions) {
      if (!valid_extension(e.value)) {
        form.diagnostics().error(e.where, "form.attachments.extensions: \"" + e.value +
                                              "\" is not an extension like \".txt\" (a dot, then "
                                              "lower-case letters and digits)");
      } else if (std::find(out.extensions.begin(), out.extensions.end(), e.value) !=
                 out.extensions.end()) {
        form.diagnostics().error(
            e.where, "form.attachments.extensions: \"" + e.value + "\" is listed twice");
      } else {
        out.extensions.push_back(e.value);
      }
    }
  }

  if (const toml::node* size = table->node("max_size")) {
    if (const auto* text = size->as_string()) {
      std::string problem;
      if (auto bytes = parse_byte_size(text->get(), &problem)) {
        if (*bytes == 0) {
          table->error("max_size", "must be larger than zero");
        } else if (*bytes > kMaxAttachmentBytes) {
          table->error("max_size", "\"" + text->get() + "\" is more than the limit of 100 MB");
        } else {
          out.max_bytes = *bytes;
        }
      } else {
        table->error("max_size", problem);
      }
    } else {
      table->error("max_size",
                   "expected a size like \"10 MB\" or \"512 KiB\", got " + kind_of(*size));
    }
  }

  out.max_files = 1;
  if (auto files = table->integer("max_files")) {
    if (*files < 1 || *files > kMaxAttachmentFiles) {
      table->error("max_files", "expected 1 to " + std::to_string(kMaxAttachmentFiles) + ", got " +
                                    std::to_string(*files));
    } else {
      out.max_files = static_cast<int>(*files);
    }
  }
}

}  // namespace

void read_form(const TableReader& root, Form& form) {
  auto table =
      root.table("form", {"anonymous_allowed", "consent_required", "fields", "attachments"});
  if (!table) {
    if (!root.has("form")) {
      root.diagnostics().error(root.table_position(), "missing required table [form]");
    }
    return;
  }
  if (auto v = table->boolean("anonymous_allowed")) form.anonymous_allowed = *v;
  if (auto v = table->boolean("consent_required")) form.consent_required = *v;
  read_fields(*table, form);
  read_attachments(*table, form.attachments);
}

}  // namespace embargo
