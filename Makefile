# The README's two commands: `make demo` and `make test`. Both bootstrap when needed, configure
# (Release, Ninja), build, and run. Everything else is plain CMake in build/.
BUILD_DIR ?= build
CACHE_DIR ?= $(or $(ORTKIT_CACHE_DIR),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/ortkit)
STAMP := $(CACHE_DIR)/bootstrap.stamp
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
# ccache, when the machine has it, makes rebuilds in other build directories (sanitizers, fuzzing)
# cheap; the project does not need it.
LAUNCHER := $(if $(shell command -v ccache 2>/dev/null),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)

.PHONY: demo demo-build test build bootstrap configure clean

# doctor exits 1 when it has findings, which the demo model has on purpose: that is not a failure
# of `make demo`, so only status 2 (an error) stops it. --force: the report of an earlier
# `make demo` is replaced (every file ortkit writes is refused without it).
DEMO_BUDGET ?= 60s
demo: demo-build
	$(BUILD_DIR)/src/ortkit doctor $(BUILD_DIR)/demo/demo.onnx --dim batch=1,4 --budget $(DEMO_BUDGET) \
	  -o $(BUILD_DIR)/demo/report.html --force; \
	  status=$$?; [ $$status -le 1 ] || exit $$status
	@echo
	@echo "Open the report: $(abspath $(BUILD_DIR))/demo/report.html"

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 1500

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Only what the demo runs: the ortkit binary and the generated demo model (not the tests, fuzz
# targets, benchmarks and examples that `make test` builds).
demo-build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS) --target ortkit_cli ortkit_demo_model

configure: $(BUILD_DIR)/build.ninja

$(BUILD_DIR)/build.ninja: $(STAMP) CMakeLists.txt
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release $(LAUNCHER) $(CMAKE_FLAGS)

# Re-run the bootstrap whenever the script changes; it is idempotent and quick when all is there.
$(STAMP): scripts/bootstrap.sh
	scripts/bootstrap.sh
	mkdir -p $(dir $@) && touch $@

bootstrap:
	scripts/bootstrap.sh
	mkdir -p $(dir $(STAMP)) && touch $(STAMP)

clean:
	rm -rf $(BUILD_DIR)
