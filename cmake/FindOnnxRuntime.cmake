# Finds an ONNX Runtime install: headers (onnxruntime_cxx_api.h) and the shared library.
#
# Looks in ORTKIT_ORT_ROOT (cache variable or environment), which may be the bootstrap cache
# (default), an official release archive (include/, lib/), or a system prefix (include/onnxruntime).
# Defines the imported target OnnxRuntime::OnnxRuntime and OnnxRuntime_LIBRARY_DIR.
include(FindPackageHandleStandardArgs)

find_path(OnnxRuntime_INCLUDE_DIR onnxruntime_cxx_api.h
  HINTS "${ORTKIT_ORT_ROOT}" ENV ORTKIT_ORT_ROOT
  PATH_SUFFIXES include include/onnxruntime include/onnxruntime/core/session
  NO_DEFAULT_PATH)
find_library(OnnxRuntime_LIBRARY NAMES onnxruntime
  HINTS "${ORTKIT_ORT_ROOT}" ENV ORTKIT_ORT_ROOT
  PATH_SUFFIXES lib lib64 lib/x86_64-linux-gnu
  NO_DEFAULT_PATH)

if(OnnxRuntime_INCLUDE_DIR AND EXISTS "${OnnxRuntime_INCLUDE_DIR}/onnxruntime_c_api.h")
  file(STRINGS "${OnnxRuntime_INCLUDE_DIR}/onnxruntime_c_api.h" _ortkit_api_line
       REGEX "^#define ORT_API_VERSION [0-9]+")
  string(REGEX REPLACE "^#define ORT_API_VERSION ([0-9]+).*" "\\1" OnnxRuntime_API_VERSION
         "${_ortkit_api_line}")
endif()

find_package_handle_standard_args(OnnxRuntime
  REQUIRED_VARS OnnxRuntime_LIBRARY OnnxRuntime_INCLUDE_DIR
  VERSION_VAR OnnxRuntime_API_VERSION
  REASON_FAILURE_MESSAGE
    "Set ORTKIT_ORT_ROOT to an ONNX Runtime install, or run scripts/bootstrap.sh (ORTKIT_ORT_ROOT=${ORTKIT_ORT_ROOT})")

# ortkit calls what C API 27 added (allocator statistics, EP devices); the 1.30 library serves it.
set(ORTKIT_MIN_ORT_API 27)
if(OnnxRuntime_FOUND AND OnnxRuntime_API_VERSION LESS ORTKIT_MIN_ORT_API)
  message(FATAL_ERROR
    "ONNX Runtime in '${OnnxRuntime_INCLUDE_DIR}' has C API version ${OnnxRuntime_API_VERSION}; ortkit needs "
    "${ORTKIT_MIN_ORT_API} or later (ONNX Runtime 1.27+). Point ORTKIT_ORT_ROOT at a newer install, or run "
    "scripts/bootstrap.sh, which fetches the 1.27 headers.")
endif()

if(OnnxRuntime_FOUND AND NOT TARGET OnnxRuntime::OnnxRuntime)
  get_filename_component(OnnxRuntime_LIBRARY_DIR "${OnnxRuntime_LIBRARY}" DIRECTORY)
  add_library(OnnxRuntime::OnnxRuntime SHARED IMPORTED)
  set_target_properties(OnnxRuntime::OnnxRuntime PROPERTIES
    IMPORTED_LOCATION "${OnnxRuntime_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${OnnxRuntime_INCLUDE_DIR}")
endif()
mark_as_advanced(OnnxRuntime_INCLUDE_DIR OnnxRuntime_LIBRARY)
