# The Debian packages ortkit builds on (scripts/bootstrap.sh installs them).
find_package(OnnxRuntime REQUIRED)      # cmake/FindOnnxRuntime.cmake
find_package(ONNX REQUIRED)             # libonnx-dev: ONNX protobuf, checker, shape inference
find_package(Protobuf REQUIRED)         # libprotobuf-dev
find_package(nlohmann_json 3 REQUIRED)  # nlohmann-json3-dev: SessionConfig JSON, --json output
find_package(fmt REQUIRED)              # libfmt-dev: formatting of messages and tables
find_package(CLI11 REQUIRED)            # libcli11-dev: the command line
find_package(Threads REQUIRED)
# libgraphviz-dev: `ortkit graph` (src/view) lays the graph out with dot and renders SVG in memory.
find_package(PkgConfig REQUIRED)
pkg_check_modules(GRAPHVIZ REQUIRED IMPORTED_TARGET libcgraph libgvc)
# libxxhash-dev: check and graph read models without their weights, keeping a hash of each payload.
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
if(ORTKIT_BUILD_TESTS)
  find_package(GTest REQUIRED)          # libgtest-dev, libgmock-dev
endif()
if(ORTKIT_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)      # libbenchmark-dev
endif()
