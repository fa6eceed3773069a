# Writes a C++ source holding every migration file as a string, in file-name order, returned by
# the function FUNCTION (store/migrations.h).
# Called with -DOUT=<file.cc> -DFILES=<list of .sql files> -DFUNCTION=<name>.
set(body "// Generated from src/store/migrations/ by cmake/embed_migrations.cmake.\n")
string(APPEND body "#include \"store/migrations.h\"\n\nnamespace embargo::store {\n\n")
string(APPEND body "const std::vector<Migration>& ${FUNCTION}() {\n  static const std::vector<Migration> all = {\n")
foreach(file IN LISTS FILES)
  get_filename_component(name ${file} NAME_WE)
  string(REGEX MATCH "^[0-9]+" digits ${name})
  # "0010" is ten, not an octal literal eight.
  math(EXPR version "${digits}")
  file(READ ${file} sql)
  string(APPEND body "      {${version}, \"${name}\", R\"__sql__(${sql})__sql__\"},\n")
endforeach()
string(APPEND body "  };\n  return all;\n}\n\n}  // namespace embargo::store\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
