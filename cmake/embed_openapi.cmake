# Writes a C++ source whose openapi_json() returns the text of src/http/openapi.json, so that
# the server serves the document it was built with. Called with -DIN=<openapi.json> -DOUT=<file.cc>.
file(READ ${IN} text)
set(body "// Generated from src/http/openapi.json by cmake/embed_openapi.cmake.\n")
string(APPEND body "#include \"http/openapi.h\"\n\nnamespace embargo::http {\n\n")
string(APPEND body "std::string_view openapi_json() {\n  return R\"__openapi__(${text})__openapi__\";\n}\n\n")
string(APPEND body "}  // namespace embargo::http\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
