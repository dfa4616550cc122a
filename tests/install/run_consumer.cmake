# Script for the ortkit_install_consumer test (see CMakeLists.txt beside it).
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(LAST_OUTPUT "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${PREFIX}" "${CONSUMER_BUILD}")
run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${PREFIX}")
run(${CMAKE_COMMAND} -S "${CONSUMER_SOURCE}" -B "${CONSUMER_BUILD}" -G "${GENERATOR}"
    -DCMAKE_PREFIX_PATH=${PREFIX})
run(${CMAKE_COMMAND} --build "${CONSUMER_BUILD}")
# Plain environment: the installed binary must find libortkit and ORT through its RUNPATH.
run(${CMAKE_COMMAND} -E env --unset=LD_LIBRARY_PATH "${CONSUMER_BUILD}/consumer" "${MODEL}")
if(NOT LAST_OUTPUT MATCHES "has 1 inputs")
  message(FATAL_ERROR "unexpected consumer output: ${LAST_OUTPUT}")
endif()
run(${CMAKE_COMMAND} -E env --unset=LD_LIBRARY_PATH "${PREFIX}/bin/ortkit" --version)
message(STATUS "consumer: ${LAST_OUTPUT}")
