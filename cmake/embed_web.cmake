# Writes a C++ source holding every file under web/ (templates and static files) as bytes, so
# that a deployed server is one binary. Called with -DOUT=<file.cc> -DROOT=<web dir>
# -DFILES=<list of files under ROOT>. Bytes are written as hex, so any content (CSS, images)
# embeds unchanged.
set(body "// Generated from web/ by cmake/embed_web.cmake.\n")
string(APPEND body "#include \"http/web_files.h\"\n\nnamespace embargo::http {\nnamespace {\n\n")
set(index 0)
set(table "")
foreach(file IN LISTS FILES)
  file(RELATIVE_PATH name ${ROOT} ${file})
  file(READ ${file} hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
  # One extra NUL keeps a zero-length array legal; the size excludes it.
  string(APPEND body "constexpr char file_${index}[] = {${bytes}'\\0'};\n")
  string(APPEND table "    {\"${name}\", std::string_view(file_${index}, ${size})},\n")
  math(EXPR index "${index} + 1")
endforeach()
string(APPEND body "\nconstexpr WebFile all[] = {\n${table}};\n\n}  // namespace\n\n")
string(APPEND body "std::span<const WebFile> web_files() { return all; }\n\n")
string(APPEND body "}  // namespace embargo::http\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
