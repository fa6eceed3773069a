#include <string>
#include <string_view>

#include "core/digest.h"
#include "core/report.h"

namespace embargo {

Upload describe_upload(std::string file_name, std::string media_type, SpooledBytes content) {
  Upload upload;
  upload.info.file_name = std::move(file_name);
  upload.info.media_type = std::move(media_type);
  upload.info.size = content.size();
  upload.info.sha256 = sha256_hex_of_pieces(content);
  upload.content = std::move(content);
  return upload;
}

bool describes(const AttachmentInfo& info, const SpooledBytes& content) {
  return info.size == content.size() && info.sha256 == sha256_hex_of_pieces(content);
}

}  // namespace embargo
