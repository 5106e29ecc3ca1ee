# Makefile: builds jixiao's library and programs, installs them, and runs
# the tests, the sanitizer tests and the benchmark. Plain GNU make.
#
#   make            build build/jixiao-index, build/jixiao-search and
#                   build/jixiao-serve
#   make run        install what building and running need, build, index
#                   docs/examples into build/demo-db, search it
#   make check      install dependencies, build, run every test, normally
#                   (with ../shared/seeds when present) and under
#                   AddressSanitizer + UBSan as on a clone without them
#                   (JX_NO_SEEDS=1), then each fuzz target for
#                   JX_FUZZ_SECONDS (45); ends "N passed, N failed"
#   make install    PREFIX=/usr/local DESTDIR= (binaries and man pages)
#   make bench      the benchmark against the peers (see docs/benchmark.md)
#   make format     clang-format every source file in place
#
# SANITIZE=1 builds into build-san/ with -fsanitize=address,undefined.

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man/man1

# jixiao-index spends much of its time in Xapian's many small allocations
# (map nodes per posting); mimalloc (Debian's libmimalloc-dev) makes it
# about 20% faster and a third smaller in memory than glibc's malloc
# (docs/design.md). Sanitizer builds keep the sanitizers' allocator.
ifeq ($(SANITIZE),1)
BUILD ?= build-san
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT = -O1
INDEX_MALLOC =
else
BUILD ?= build
SANFLAGS =
OPT = -O2
INDEX_MALLOC = -Wl,--push-state,--no-as-needed -lmimalloc -Wl,--pop-state
endif

CC ?= cc
CXX ?= c++
PKGS = libxml-2.0 libzip poppler-glib libzstd
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
XAPIAN_CXXFLAGS := $(shell xapian-config --cxxflags 2>/dev/null)
XAPIAN_LIBS := $(shell xapian-config --libs 2>/dev/null)

WARN = -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-unused-parameter
CFLAGS ?= $(OPT) -g
CXXFLAGS ?= $(OPT) -g
# common/ is the engine, one folder per layer (common/README.md), from
# the bottom up; every folder is on the include path of the engine (and
# of the unit tests, which test internals). api/ is the public API:
# common/api/jixiao.h and the calls behind it (docs/api.md).
COMMON_LAYERS = text formats report store index search api
COMMON_INC = $(COMMON_LAYERS:%=-Icommon/%)
# Programs (indexer/, search/, any folder outside common/ and tests/)
# see only common/api, so that including an internal header of the
# engine fails to compile; check-api-boundary (below) also refuses a
# program that reaches one by a relative path.
PROGRAM_INC = -Icommon/api
BASE_CFLAGS = -std=c11 -D_GNU_SOURCE -pthread $(WARN) -Wstrict-prototypes $(CFLAGS) $(SANFLAGS) $(PKG_CFLAGS) -MMD -MP
ALL_CFLAGS = $(BASE_CFLAGS) $(COMMON_INC)
PROGRAM_CFLAGS = $(BASE_CFLAGS) $(PROGRAM_INC)
ALL_CXXFLAGS = -std=c++11 $(WARN) $(CXXFLAGS) $(SANFLAGS) $(COMMON_INC) $(XAPIAN_CXXFLAGS) -MMD -MP
LDLIBS = $(XAPIAN_LIBS) $(PKG_LIBS) -lm -lstdc++ -pthread
LDFLAGS += $(SANFLAGS)

COMMON_C = $(wildcard $(COMMON_LAYERS:%=common/%/*.c))
COMMON_CXX = $(wildcard $(COMMON_LAYERS:%=common/%/*.cc))
COMMON_OBJ = $(COMMON_C:%.c=$(BUILD)/obj/%.o) $(COMMON_CXX:%.cc=$(BUILD)/obj/%.o)
LIB = $(BUILD)/libjixiao.a

# search/cli.c (the words for a refused option) is program code both
# programs share: it lives with the search program, whose output code
# is beside it, and is linked into the indexer too.
INDEX_OBJ = $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard indexer/*.c) search/cli.c)
SEARCH_OBJ = $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard search/*.c))
PROGRAMS = $(BUILD)/jixiao-index $(BUILD)/jixiao-search $(BUILD)/jixiao-serve
# jixiao-serve: serve/*.c on GNU libmicrohttpd, and its page
# (serve/page/*) compiled in as a C array by serve/embed.sh.
SERVE_OBJ = $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard serve/*.c)) $(BUILD)/obj/serve/page.o
SERVE_PAGE = $(sort $(wildcard serve/page/*.html serve/page/*.js serve/page/*.css))
MHD_CFLAGS := $(shell pkg-config --cflags libmicrohttpd 2>/dev/null)
MHD_LIBS := $(shell pkg-config --libs libmicrohttpd 2>/dev/null)
# Every program's objects: a new program adds its own here, and its
# link waits for $(BUILD)/api-boundary.ok as the others do.
PROGRAM_OBJ = $(INDEX_OBJ) $(SEARCH_OBJ) $(SERVE_OBJ)

UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps run check check-normal check-sanitize install uninstall \
        clean bench format tests print-program-cflags
all: $(PROGRAMS)

# What make check needs: building, and the tools the tests use.
deps:
	@sh tools/install-deps.sh build test

# Quiet by default ("CC file"); make V=1 shows the full commands.
ifeq ($(V),1)
Q =
say = @:
else
Q = @
say = @printf '  %-5s %s\n'
endif

$(BUILD)/obj/common/%.o: common/%.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Everything else compiled into build/obj is a program's: jixiao.h only.
$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(PROGRAM_CFLAGS) -c -o $@ $<

$(BUILD)/obj/%.o: %.cc
	@mkdir -p $(dir $@)
	$(say) CXX $<
	$(Q)$(CXX) $(ALL_CXXFLAGS) -c -o $@ $<

$(LIB): $(COMMON_OBJ)
	@rm -f $@
	$(say) AR $@
	$(Q)ar rcs $@ $^

# The programs' objects named no header of common/ but jixiao.h (their
# dependency files list every header they read): tools/check-api-boundary.sh.
$(BUILD)/api-boundary.ok: $(PROGRAM_OBJ) tools/check-api-boundary.sh
	$(Q)sh tools/check-api-boundary.sh $(sort $(PROGRAM_OBJ:.o=.d))
	@touch $@

$(BUILD)/jixiao-index: $(INDEX_OBJ) $(LIB) $(BUILD)/api-boundary.ok
	$(say) LINK $@
	$(Q)$(CC) $(LDFLAGS) -o $@ $(INDEX_OBJ) $(LIB) $(INDEX_MALLOC) $(LDLIBS)

$(BUILD)/jixiao-search: $(SEARCH_OBJ) $(LIB) $(BUILD)/api-boundary.ok
	$(say) LINK $@
	$(Q)$(CC) $(LDFLAGS) -o $@ $(SEARCH_OBJ) $(LIB) $(LDLIBS)

$(BUILD)/serve/page.c: serve/embed.sh $(SERVE_PAGE)
	@mkdir -p $(dir $@)
	$(say) GEN $@
	$(Q)sh serve/embed.sh $@ $(SERVE_PAGE)

$(BUILD)/obj/serve/page.o: $(BUILD)/serve/page.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(PROGRAM_CFLAGS) -Iserve -c -o $@ $<

# serve/ is a program too: jixiao.h alone, checked as the others are
$(SERVE_OBJ): PROGRAM_CFLAGS += $(MHD_CFLAGS)

$(BUILD)/jixiao-serve: $(SERVE_OBJ) $(LIB) $(BUILD)/api-boundary.ok
	$(say) LINK $@
	$(Q)$(CC) $(LDFLAGS) -o $@ $(SERVE_OBJ) $(LIB) $(MHD_LIBS) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/jx_test.h $(LIB)
	@mkdir -p $(dir $@)
	$(say) TEST $@
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

tests: $(PROGRAMS) $(UNIT_BIN)

# The flags a program is compiled with (tests/e2e/T140-api-boundary.sh
# compiles with them to show that an internal header is refused).
print-program-cflags:
	@echo $(PROGRAM_CFLAGS)

# make run: a demonstration on a database of its own (build/demo-db,
# made anew each time), never the user's default database; it installs
# only what building and running need (not the test tools).
DEMO_DB = $(BUILD)/demo-db
run:
	@sh tools/install-deps.sh build
	@echo "make run: building $(BUILD)/jixiao-index, $(BUILD)/jixiao-search and $(BUILD)/jixiao-serve"
	@$(MAKE) --no-print-directory all
	@echo "make run: indexing docs/examples into $(DEMO_DB)"
	@rm -rf "$(DEMO_DB)"
	$(BUILD)/jixiao-index --db "$(DEMO_DB)" docs/examples
	@echo "make run: searching $(DEMO_DB)"
	$(BUILD)/jixiao-search --db "$(DEMO_DB)" 预算执行率 --limit 3
	@echo "make run: to index your own reports: $(BUILD)/jixiao-index ~/reports, then $(BUILD)/jixiao-search 预算执行率"
	@echo "make run: to search in a web browser: $(BUILD)/jixiao-serve --db $(DEMO_DB), then open http://127.0.0.1:8080/"

# The whole suite twice, normally and under the sanitizers, then a short
# run of each fuzz target (JX_FUZZ_SECONDS each); one total. The
# sanitizer run hides ../shared/seeds (tests/run.sh --no-seeds), so the
# suite is known to pass on a clone that has only the bundled samples.
JX_FUZZ_SECONDS ?= 45
check: deps
	@$(MAKE) --no-print-directory tests
	@$(MAKE) --no-print-directory SANITIZE=1 tests
	@$(MAKE) --no-print-directory fuzz
	@JX_FUZZ_SECONDS=$(JX_FUZZ_SECONDS) sh tests/run.sh build --no-seeds build-san

check-normal: deps tests
	@sh tests/run.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)
	install -m 755 $(PROGRAMS) $(DESTDIR)$(BINDIR)
	install -m 644 docs/jixiao-index.1 docs/jixiao-search.1 docs/jixiao-serve.1 $(DESTDIR)$(MANDIR)

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/jixiao-index $(DESTDIR)$(BINDIR)/jixiao-search $(DESTDIR)$(BINDIR)/jixiao-serve
	rm -f $(DESTDIR)$(MANDIR)/jixiao-index.1 $(DESTDIR)$(MANDIR)/jixiao-search.1 $(DESTDIR)$(MANDIR)/jixiao-serve.1

bench:
	@sh tools/install-deps.sh build bench
	@$(MAKE) --no-print-directory all
	@sh tests/bench/run.sh

format:
	clang-format -i common/*/*.[ch] common/*/*.cc indexer/*.c search/*.[ch] serve/*.[ch] tests/unit/*.[ch]

clean:
	rm -rf build build-san

-include $(COMMON_OBJ:.o=.d) $(INDEX_OBJ:.o=.d) $(SEARCH_OBJ:.o=.d) $(SERVE_OBJ:.o=.d)

# make fuzz: the libFuzzer targets of tests/fuzz, built with clang into
# build/fuzz/ (see tests/fuzz/Makefile). make fuzz-smoke: the saved
# inputs once, then each target FUZZ_SECONDS (default 60), two at a time.
fuzz:
	@command -v $${FUZZ_CC:-clang} >/dev/null || { echo "make fuzz: clang is needed (apt-get install clang)" >&2; exit 2; }
	@$(MAKE) --no-print-directory -f tests/fuzz/Makefile

fuzz-smoke: fuzz
	@sh tests/fuzz/run.sh smoke $${FUZZ_SECONDS:-60}
