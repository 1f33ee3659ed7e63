# Writes OUTPUT: a header defining UNBLOCK_ENGINE_ID, a hash of the checks'
# sources and the catalog (the FILES list, ';'-separated). The project index
# keys its entries by it, so that a rebuilt engine never reads results of
# another one. The header is rewritten only when the hash changes.
set(Combined "")
foreach(F IN LISTS FILES)
  file(SHA256 "${F}" H)
  get_filename_component(Name "${F}" NAME)
  string(APPEND Combined "${Name}:${H};")
endforeach()
string(SHA256 Id "${VERSION};${LLVM_MAJOR};${Combined}")
string(SUBSTRING "${Id}" 0 32 Id)
set(Text "#pragma once\n#define UNBLOCK_ENGINE_ID \"${Id}\"\n")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" Old)
  if(Old STREQUAL Text)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${Text}")
