# Writes a C++ source whose openapi_json() returns the text of src/http/openapi.json, so that
# the server serves the document it was built with. Called with -DIN=<openapi.json> -DOUT=<file.cc>.
# The bytes are written as hex, since the document is longer than the 64 KiB a string literal may
# portably hold.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
set(body "// Generated from src/http/openapi.json by cmake/embed_openapi.cmake.\n")
string(APPEND body "#include \"http/openapi.h\"\n\nnamespace embargo::http {\nnamespace {\n\n")
string(APPEND body "constexpr char kDocument[] = {${bytes}'\\0'};\n\n}  // namespace\n\n")
string(APPEND body "std::string_view openapi_json() { return std::string_view(kDocument, ${size}); }\n\n")
string(APPEND body "}  // namespace embargo::http\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
