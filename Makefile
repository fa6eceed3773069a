# The two commands of the README (`make run`, `make test`) and the ones around them.
# Every target that builds first makes sure the Debian packages are there.

BUILD      ?= build
TEST_BUILD ?= build-asan
BENCH_BUILD?= build-bench
FUZZ_BUILD ?= build-fuzz
TIDY_BUILD ?= build-tidy
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= policy duration submission_json cursor versions cvss multipart desk_json \
                queue_query dashboard_period cookies mail_inbound markdown \
                advisory_draft request_framing
DATA       ?= data
LISTEN     ?= 127.0.0.1:8080
JOBS       ?= $(shell nproc)
# CTest runs twice as many cases as there are cores: many cases spend part of their time waiting
# on a child (a server starting, a browser, a mail or webhook on its way).
TEST_JOBS  ?= $(shell expr $(JOBS) \* 2)
# The compiler's memory comes from glibc's malloc, which by default maps each allocation of more
# than 128 KiB apart and every page of it with a fault of its own. Taken from the heap instead,
# with transparent huge pages where the kernel offers them, a clean test build takes 0.93 million
# page faults instead of 6 million and 7% less CPU (docs/performance.md). The builds get this
# setting; the programs they make run without it.
BUILD_MALLOC ?= GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432
# Every build uses Clang (and LLD): it compiles this code base in about half GCC's time, and the
# build CI tests is then the build `make run` serves.
COMPILER   ?= -DCMAKE_CXX_COMPILER=clang++

.PHONY: all deps build run test bench fuzz clean format tidy

all: build

deps:
	@scripts/install-deps

build: deps
	@cmake -S . -B $(BUILD) -G Ninja $(COMPILER) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEMBARGO_TESTS=OFF >/dev/null
	@$(BUILD_MALLOC) cmake --build $(BUILD) -j $(JOBS)

# First run: create ./data with an admin account, load the example programs and file the demo
# reports of examples/demo/ (each step is retried on the next run until it has succeeded once);
# then serve.
run: build
	@[ -f $(DATA)/embargo.db ] || $(BUILD)/embargo init --data $(DATA)
	@[ -f $(DATA)/.examples-applied ] || { \
	  $(BUILD)/embargo program apply --data $(DATA) examples/policies/*.toml && \
	  touch $(DATA)/.examples-applied; }
	@[ -f $(DATA)/.demo-filed ] || { \
	  for f in examples/demo/*.json; do \
	    out=$$($(BUILD)/embargo report submit --data $(DATA) \
	      --program $$(basename $$f | cut -d- -f1) $$f) || exit 1; \
	    echo "$${out%%tracking*}" | head -1; \
	  done && touch $(DATA)/.demo-filed; }
	$(BUILD)/embargo serve --data $(DATA) --listen $(LISTEN)

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer, through CTest; then the
# check that every template was rendered by some test (each rendering is noted in RENDERED).
RENDERED = $(abspath $(TEST_BUILD))/rendered-templates
test: deps
	@cmake -S . -B $(TEST_BUILD) -G Ninja $(COMPILER) -DCMAKE_BUILD_TYPE=Debug -DEMBARGO_SANITIZE=ON >/dev/null
	@$(BUILD_MALLOC) cmake --build $(TEST_BUILD) -j $(JOBS)
	@rm -rf $(RENDERED) && mkdir -p $(RENDERED)
	cd $(TEST_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  EMBARGO_RENDERED_TEMPLATES=$(RENDERED) ctest --output-on-failure -j $(TEST_JOBS)
	/usr/bin/python3 tests/lint/every_template_rendered.py $(RENDERED) web/templates

bench: deps
	@cmake -S . -B $(BENCH_BUILD) -G Ninja $(COMPILER) -DCMAKE_BUILD_TYPE=Release -DEMBARGO_TESTS=OFF \
	  -DEMBARGO_BENCH=ON >/dev/null
	@$(BUILD_MALLOC) cmake --build $(BENCH_BUILD) -j $(JOBS)
	$(BENCH_BUILD)/bench/embargo_bench
	bench/http_load.sh $(BENCH_BUILD)
	bench/desk_load.sh $(BENCH_BUILD)
	bench/mail_load.sh $(BENCH_BUILD)
	bench/hostile_load.sh $(BENCH_BUILD)

# Each libFuzzer target for FUZZ_SECONDS (default 60), starting from tests/fuzz/corpus/NAME.
# A crash is written to $(FUZZ_BUILD)/crashes/; copy it into the corpus to keep it as a test.
fuzz: deps
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DEMBARGO_FUZZ=ON >/dev/null
	@$(BUILD_MALLOC) cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(FUZZ_TARGETS:%=%_fuzz)
	@mkdir -p $(FUZZ_BUILD)/crashes
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
	  echo "fuzzing $$t for $(FUZZ_SECONDS)s"; \
	  $(FUZZ_BUILD)/tests/fuzz/$${t}_fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_BUILD)/crashes/$$t- \
	    $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t; \
	done

# clang-tidy with .clang-tidy over every source file, with the compile commands of a file-by-file
# configuration (the builds compile unity batches, which name no single file).
tidy: deps
	@cmake -S . -B $(TIDY_BUILD) -G Ninja $(COMPILER) -DCMAKE_BUILD_TYPE=Debug -DEMBARGO_SANITIZE=ON \
	  -DCMAKE_UNITY_BUILD=OFF >/dev/null
	@git ls-files 'src/*.cc' | xargs -P $(JOBS) -n 4 clang-tidy -p $(TIDY_BUILD) --quiet \
	  --extra-arg=-Wno-unknown-warning-option

format:
	@clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD) $(TEST_BUILD) $(BENCH_BUILD) $(FUZZ_BUILD)
