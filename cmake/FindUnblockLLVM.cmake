# Selects the LLVM/Clang that unblock builds against.
#
# UNBLOCK_LLVM_MAJOR picks /usr/lib/llvm-<major> (Debian's layout). Debian's
# LLVMConfigVersion.cmake rejects a bare major in find_package(LLVM 19), so we
# find LLVM and Clang by path and check the major afterwards.

set(_unblock_supported_majors 22 19)
if(NOT UNBLOCK_LLVM_MAJOR)
  foreach(_m IN LISTS _unblock_supported_majors)
    if(EXISTS /usr/lib/llvm-${_m}/lib/cmake/clang/ClangConfig.cmake)
      set(_default_major ${_m})
      break()
    endif()
  endforeach()
  if(NOT _default_major)
    set(_default_major 22)
  endif()
endif()
set(UNBLOCK_LLVM_MAJOR "${_default_major}" CACHE STRING "LLVM major to build against (19 or 22)")
if(NOT UNBLOCK_LLVM_MAJOR IN_LIST _unblock_supported_majors)
  message(FATAL_ERROR "UNBLOCK_LLVM_MAJOR=${UNBLOCK_LLVM_MAJOR} is not supported; use 19 or 22")
endif()

set(UNBLOCK_LLVM_ROOT "/usr/lib/llvm-${UNBLOCK_LLVM_MAJOR}" CACHE PATH "LLVM install root")
set(_pkgs "llvm-${UNBLOCK_LLVM_MAJOR}-dev libclang-${UNBLOCK_LLVM_MAJOR}-dev clang-${UNBLOCK_LLVM_MAJOR} clang-tidy-${UNBLOCK_LLVM_MAJOR} llvm-${UNBLOCK_LLVM_MAJOR}-tools")
set(_hint "install them with: apt-get install ${_pkgs}  (or run scripts/install-deps.sh ${UNBLOCK_LLVM_MAJOR})")

find_package(LLVM CONFIG NO_DEFAULT_PATH PATHS "${UNBLOCK_LLVM_ROOT}/lib/cmake/llvm")
if(NOT LLVM_FOUND)
  message(FATAL_ERROR "LLVM ${UNBLOCK_LLVM_MAJOR} development files not found under ${UNBLOCK_LLVM_ROOT}; ${_hint}")
endif()
find_package(Clang CONFIG NO_DEFAULT_PATH PATHS "${UNBLOCK_LLVM_ROOT}/lib/cmake/clang")
if(NOT Clang_FOUND)
  message(FATAL_ERROR "Clang ${UNBLOCK_LLVM_MAJOR} development files not found under ${UNBLOCK_LLVM_ROOT}; ${_hint}")
endif()
if(NOT LLVM_VERSION_MAJOR EQUAL UNBLOCK_LLVM_MAJOR)
  message(FATAL_ERROR "found LLVM ${LLVM_PACKAGE_VERSION} in ${UNBLOCK_LLVM_ROOT}, expected major ${UNBLOCK_LLVM_MAJOR}")
endif()

foreach(_lib clangTidy clangTidyMain clangTidyUtils)
  if(NOT TARGET ${_lib} OR NOT EXISTS "${UNBLOCK_LLVM_ROOT}/lib/lib${_lib}.a")
    message(FATAL_ERROR "the clang-tidy library ${_lib} is missing from ${UNBLOCK_LLVM_ROOT}/lib; ${_hint}")
  endif()
endforeach()
if(NOT EXISTS "${UNBLOCK_LLVM_ROOT}/include/clang-tidy/ClangTidyCheck.h")
  message(FATAL_ERROR "clang-tidy headers are missing from ${UNBLOCK_LLVM_ROOT}/include/clang-tidy; ${_hint}")
endif()

find_program(UNBLOCK_CLANG_TIDY clang-tidy NO_DEFAULT_PATH PATHS "${UNBLOCK_LLVM_ROOT}/bin")
find_program(UNBLOCK_CLANGXX clang++ NO_DEFAULT_PATH PATHS "${UNBLOCK_LLVM_ROOT}/bin")
find_program(UNBLOCK_FILECHECK FileCheck NO_DEFAULT_PATH PATHS "${UNBLOCK_LLVM_ROOT}/bin")
# lit: build/utils/lit/lit.py on Debian's LLVM 19, utils/lit or bin/lit later.
set(UNBLOCK_LIT "")
foreach(_lit "${UNBLOCK_LLVM_ROOT}/build/utils/lit/lit.py" "${UNBLOCK_LLVM_ROOT}/bin/lit")
  if(NOT UNBLOCK_LIT AND EXISTS "${_lit}" AND NOT IS_DIRECTORY "${_lit}")
    set(UNBLOCK_LIT "${_lit}")
  endif()
endforeach()
foreach(_v UNBLOCK_CLANG_TIDY UNBLOCK_CLANGXX UNBLOCK_FILECHECK UNBLOCK_LIT)
  if(NOT ${_v})
    message(FATAL_ERROR "${_v} not found in ${UNBLOCK_LLVM_ROOT}/bin; ${_hint}")
  endif()
endforeach()

# The compiler's built-in headers (stddef.h, ...), found by the tool on its own.
execute_process(COMMAND ${UNBLOCK_CLANGXX} -print-resource-dir
  OUTPUT_VARIABLE UNBLOCK_CLANG_RESOURCE_DIR OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT EXISTS "${UNBLOCK_CLANG_RESOURCE_DIR}/include/stddef.h")
  message(FATAL_ERROR "clang's resource directory '${UNBLOCK_CLANG_RESOURCE_DIR}' has no built-in headers; ${_hint}")
endif()

message(STATUS "unblock: LLVM ${LLVM_PACKAGE_VERSION} from ${UNBLOCK_LLVM_ROOT}")

# Compile flags shared by everything that includes Clang's headers.
add_library(unblock_llvm_flags INTERFACE)
target_include_directories(unblock_llvm_flags SYSTEM INTERFACE ${LLVM_INCLUDE_DIRS} ${CLANG_INCLUDE_DIRS})
separate_arguments(_unblock_llvm_defs UNIX_COMMAND "${LLVM_DEFINITIONS}")
target_compile_options(unblock_llvm_flags INTERFACE ${_unblock_llvm_defs})
target_compile_features(unblock_llvm_flags INTERFACE cxx_std_17)
if(NOT LLVM_ENABLE_RTTI)
  target_compile_options(unblock_llvm_flags INTERFACE -fno-rtti)
endif()
