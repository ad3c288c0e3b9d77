# pclsim's two set-up commands and the other developer entry points.
#   make demo   install what is missing, build, run the main job on an example
#   make test   install what is missing, build, run every test (ctest)
#   make bench  build, then the benchmark harness (bench/run_bench.sh)
# The real build is CMake's; this file only sequences it.
BUILD ?= build
JOBS ?= 2
DEB_PACKAGES = cmake gcc make pkg-config libyaml-dev libgsl-dev libsqlite3-dev \
               libcmocka-dev zlib1g-dev gnuplot-nox valgrind clang
DEMO_CONFIG = configs/examples/article-spot-fsx.yaml
DEMO_TRACE = workloads/examples/small.csv

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

bench: build
	bash bench/run_bench.sh --build $(BUILD)

clean:
	rm -rf $(BUILD)
