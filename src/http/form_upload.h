#pragma once

#include "core/report.h"
#include "http/multipart.h"

namespace embargo::http {

// A form's file part as an upload: its media type decided from its name and checked against its
// bytes (upload_media_type), its size and digest computed, its bytes shared rather than copied.
// Throws Refusal (field "attachments") naming the file when its bytes are not what its name says.
Upload form_upload(const FormPart& part);

}  // namespace embargo::http
