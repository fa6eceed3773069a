#include "http/form_upload.h"

#include "core/upload_type.h"

namespace embargo::http {

Upload form_upload(const FormPart& part) {
  return describe_upload(part.file_name, upload_media_type(part.file_name, part.file), part.file);
}

}  // namespace embargo::http
