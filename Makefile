# The README's two commands: `make demo` and `make test`. Both bootstrap when needed, configure
# (Release, Ninja), build, and run. Everything else is plain CMake in build/.
BUILD_DIR ?= build
CACHE_DIR ?= $(or $(ORTKIT_CACHE_DIR),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/ortkit)
STAMP := $(CACHE_DIR)/bootstrap.stamp
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: demo test build bootstrap configure clean

demo: build
	$(BUILD_DIR)/src/ortkit version
	$(BUILD_DIR)/src/ortkit run $(BUILD_DIR)/demo/demo.onnx --dim batch=4 --seed 1

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 1500

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

configure: $(BUILD_DIR)/build.ninja

$(BUILD_DIR)/build.ninja: $(STAMP) CMakeLists.txt
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

# Re-run the bootstrap whenever the script changes; it is idempotent and quick when all is there.
$(STAMP): scripts/bootstrap.sh
	scripts/bootstrap.sh
	mkdir -p $(dir $@) && touch $@

bootstrap:
	scripts/bootstrap.sh
	mkdir -p $(dir $(STAMP)) && touch $(STAMP)

clean:
	rm -rf $(BUILD_DIR)
