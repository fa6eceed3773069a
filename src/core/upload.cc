#include <string>
#include <string_view>

#include "core/digest.h"
#include "core/report.h"

namespace embargo {

Upload describe_upload(std::string file_name, std::string media_type, std::string content) {
  Upload upload;
  upload.info.file_name = std::move(file_name);
  upload.info.media_type = std::move(media_type);
  upload.info.size = content.size();
  upload.info.sha256 = sha256_hex(content);
  upload.content = std::move(content);
  return upload;
}

bool describes(const AttachmentInfo& info, std::string_view content) {
  return info.size == content.size() && info.sha256 == sha256_hex(content);
}

}  // namespace embargo
