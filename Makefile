# pclsim's two set-up commands and the other developer entry points.
#   make demo   install what is missing, build, run the main job on an example
#   make test   install what is missing, build, run every test (ctest)
#   make bench  build pclsim and the bench tools, run bench/run_bench.sh
#   make fuzz   build the libFuzzer targets with clang and run each for
#               FUZZ_SECONDS (default 60); findings go to fuzz-out/
#   make check-memory  valgrind over the examples (tests/e2e/memcheck.sh)
# The real build is CMake's; this file only sequences it.
BUILD ?= build
JOBS ?= 2
DEB_PACKAGES = cmake gcc make pkg-config libyaml-dev libgsl-dev libsqlite3-dev \
               libcmocka-dev zlib1g-dev gnuplot-nox valgrind clang libclang-rt-14-dev sqlite3
DEMO_CONFIG = configs/examples/article-spot-fsx.yaml
DEMO_TRACE = workloads/examples/small.csv
FUZZ_BUILD ?= build-fuzz
FUZZ_OUT ?= fuzz-out
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=

.PHONY: all deps build demo test bench fuzz check-memory clean

all: build

deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing; \
	  else \
	    echo "pclsim needs these Debian packages:$$missing"; \
	    echo "run:  sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	./$(BUILD)/pclsim --config $(DEMO_CONFIG) --trace $(DEMO_TRACE)

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# Only what the harness runs is built, so a fresh checkout stays well inside
# the ten minutes the benchmark is allowed.
bench: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j$(JOBS) --target pclsim bench_load bench_exec
	bash bench/run_bench.sh --build $(BUILD)

fuzz: deps
	cmake -S tests/fuzz -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang >/dev/null
	cmake --build $(FUZZ_BUILD) -j$(JOBS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_OUT) $(FUZZ_TARGETS)

check-memory: build
	PCLSIM=$(CURDIR)/$(BUILD)/pclsim SRC=$(CURDIR) bash tests/e2e/memcheck.sh

clean:
	rm -rf $(BUILD)
