# Installs the build at BUILD_DIR to a temporary prefix, then configures,
# builds and runs the consumer project at CONSUMER_DIR against it.
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

step(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

set(flags "")
if(SANITIZE)
  set(flags -DCMAKE_CXX_FLAGS=-fsanitize=${SANITIZE} -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=${SANITIZE})
endif()
step(${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${WORK_DIR}/build -DCMAKE_PREFIX_PATH=${prefix}
     -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=Release ${flags})
step(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
step(${WORK_DIR}/build/unblock_consumer)
if(NOT step_output MATCHES "consumer ok 42")
  message(FATAL_ERROR "unexpected consumer output: ${step_output}")
endif()
message(STATUS "consumer output: ${step_output}")

# The checked runtime (when it was built): clean run exits 0, a blocking call
# in a coroutine step is reported and stops the program (halt_on_error=1).
if(EXISTS ${WORK_DIR}/build/unblock_consumer_checked)
  set(supp ${prefix}/share/unblock/rtsan.supp)
  if(NOT EXISTS ${supp})
    message(FATAL_ERROR "the package did not install share/unblock/rtsan.supp")
  endif()
  set(rtsan_options "suppressions=${supp}")
  if(SYMBOLIZER)  # the report names functions only with one
    string(APPEND rtsan_options ":external_symbolizer_path=${SYMBOLIZER}")
  endif()
  set(ENV{RTSAN_OPTIONS} "${rtsan_options}")
  step(${WORK_DIR}/build/unblock_consumer_checked)
  if(NOT step_output MATCHES "checked consumer ok 42")
    message(FATAL_ERROR "unexpected checked consumer output: ${step_output}")
  endif()
  execute_process(COMMAND ${WORK_DIR}/build/unblock_consumer_checked --block
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc EQUAL 0 OR NOT err MATCHES "Intercepted call to real-time unsafe function `usleep`"
     OR NOT err MATCHES "answer\\(bool\\) \\(\\.resume\\)")
    message(FATAL_ERROR "the checked consumer did not report its blocking call (${rc}):\n${out}\n${err}")
  endif()
  message(STATUS "checked consumer reported: usleep in answer(bool) (.resume)")
endif()
