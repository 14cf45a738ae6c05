# boucle — build.
#
# Plain make + pkg-config. Sources are found by wildcard, one folder per layer
# (see STYLE.md): util/ < db/ < core/ < tui/ < screens/ < cli/. Every .c file of
# those folders goes into $(BUILD)/libboucle.a; cli/main.c is the program.
# Unit tests are tests/unit/test_*.c, one binary each, linked with the library.
#
#   make            build $(BUILD)/boucle (names missing Debian packages)
#   make run        install what is missing (as root), build, open the UI
#                   (on a demo database when none exists)
#   make check      install what is missing (as root), build, run all tests
#   make check CHECK_SAN=0   only the plain build (faster); T=pattern filters
#   make fuzz       libFuzzer builds of tests/fuzz/fuzz_*.c (clang) into build-fuzz/
#   make bench      benchmarks
#   make install    PREFIX=/usr/local DESTDIR=  (program, translations, data/:
#                   profile and guides, man pages in English and French)
#   make deb        build-deb/boucle_VERSION-REV_ARCH.deb (scripts/deb.sh)
#   make dist       build-dist/boucle-VERSION.tar.gz, reproducible
#   make clean

# The version: the file VERSION is its one source (boucle --version, the man
# pages' header at install, the .deb, the tarball's name).
VERSION := $(shell cat VERSION)
PREFIX  ?= /usr/local
DESTDIR ?=
SAN     ?=
ifeq ($(SAN),1)
BUILD   ?= build-san
else
BUILD   ?= build
endif

# pkg-config names of the libraries; scripts/deps.sh is the one list of
# them and of the Debian packages that provide them.
PKGS     := $(shell sh scripts/deps.sh pkgconfig)

CC      ?= cc
CFLAGS  ?= -O2 -g
# -Wno-format-truncation: snprintf into fixed buffers truncates on purpose
# (bounded fields); the warning fires on every such call at -O2.
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wno-format-nonliteral -Wno-format-truncation -Wvla
LOCALEDIR ?= $(PREFIX)/share/locale
DATADIR   ?= $(PREFIX)/share/boucle
# the man pages: doc/boucle.1 (English) and doc/fr/boucle.1 (French)
MANDIR    ?= $(PREFIX)/share/man
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# LAZY=1: libcurl, cairo, zbar and libxml2 are not linked but loaded at their first
# call (scripts/lazylib.sh generates the stubs): with the fifty libraries they
# pull in they cost ~30 ms and ~9 MB before main(), and the first frame needs
# none of them. LAZY=0 links them as usual; it is the default with a
# compiler that has no -aux-info (clang), which the stubs are made with.
ifndef LAZY
LAZY      := $(shell f=$$(mktemp); echo 'int f(int);' | $(CC) -aux-info $$f -x c -c - -o /dev/null 2>/dev/null; \
               if [ -s $$f ]; then echo 1; else echo 0; fi; rm -f $$f)
endif
LAZY_PKGS := zbar libcurl cairo libxml-2.0
ifeq ($(LAZY),1)
PKG_LIBS   := $(shell pkg-config --libs $(filter-out $(LAZY_PKGS),$(PKGS)) 2>/dev/null) -ldl
LAZY_OBJ   := $(BUILD)/obj/lazylib.o
else
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LAZY_OBJ   :=
endif
# 64-bit file offsets and time_t on 32-bit systems too (i386): readdir()
# fails with EOVERFLOW on large inode numbers otherwise, and a loan due in
# 2039 is a date. No effect on 64-bit systems; no library boucle calls
# passes a time_t or off_t across its API.
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64 -I. $(WARN) $(PKG_CFLAGS) \
              -DLOCALEDIR='"$(LOCALEDIR)"' -DDATADIR='"$(DATADIR)"' $(CFLAGS)
ALL_LDLIBS := $(PKG_LIBS) -lm -lpthread $(LDLIBS)
# TEST_HOOKS=1 (default): BOUCLE_TEST_PROGRESS_MS slows progress reports so
# that the tests can see a bar half-way (util/progress.h); 0 leaves it out.
TEST_HOOKS ?= 1
ifeq ($(TEST_HOOKS),1)
ALL_CFLAGS += -DBOUCLE_TEST_HOOKS
endif
ifeq ($(SAN),1)
ALL_CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS    += -fsanitize=address,undefined
endif

LAYERS   := util db core tui screens cli
LIB_SRC  := $(filter-out cli/main.c,$(foreach d,$(LAYERS),$(wildcard $(d)/*.c $(d)/*/*.c)))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# Fuzz targets: tests/fuzz/fuzz_<name>.c (LLVMFuzzerTestOneInput). `make
# check` runs each as $(BUILD)/tests/test_fuzz_<name>, replaying its corpus
# tests/fuzz/corpus/<name>/ and mutations of it (tests/fuzz/replay.c);
# `make fuzz` builds the libFuzzer binaries into build-fuzz/ with clang.
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(BUILD)/tests/test_fuzz_%)
TEST_BIN += $(FUZZ_BIN)
FUZZ_CC  ?= clang
TEST_HELP_SRC := $(wildcard tests/unit/support_*.c)
TEST_HELP_OBJ := $(TEST_HELP_SRC:%.c=$(BUILD)/obj/%.o)
BENCH_SRC := $(wildcard bench/*.c)
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
PO_SRC   := $(sort $(wildcard i18n/fr/*.po))
MO       := $(BUILD)/locale/fr/LC_MESSAGES/boucle.mo

.PHONY: deb dist i386 check-i386 all run check bench install clean deps deps-test depcheck tests mo pot fuzz
.DEFAULT_GOAL := all

all: depcheck $(BUILD)/boucle $(MO)

# Names the Debian packages to install when a library is missing.
depcheck:
	@sh scripts/deps.sh check

deps:
	@sh scripts/deps.sh install

deps-test:
	@sh scripts/deps.sh install test

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC $<"; $(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libboucle.a: $(LIB_OBJ) $(LAZY_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/lazylib.c: scripts/lazylib.sh
	@mkdir -p $(dir $@)
	@echo "  GEN $@"; CC="$(CC)" sh scripts/lazylib.sh $@

$(BUILD)/obj/lazylib.o: $(BUILD)/lazylib.c
	@mkdir -p $(dir $@)
	@echo "  CC $<"; $(CC) $(ALL_CFLAGS) -Wno-deprecated-declarations -c $< -o $@

$(BUILD)/obj/cli/main.o: ALL_CFLAGS += -DBOUCLE_VERSION='"$(VERSION)"'
$(BUILD)/obj/cli/main.o: VERSION

$(BUILD)/boucle: $(BUILD)/obj/cli/main.o $(BUILD)/libboucle.a
	$(CC) $(LDFLAGS) -o $@ $^ $(ALL_LDLIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(TEST_HELP_OBJ) $(BUILD)/libboucle.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(ALL_LDLIBS)

$(BUILD)/tests/test_fuzz_%: $(BUILD)/obj/tests/fuzz/fuzz_%.o $(BUILD)/obj/tests/fuzz/replay.o $(BUILD)/libboucle.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(ALL_LDLIBS)

fuzz: $(FUZZ_SRC:tests/fuzz/fuzz_%.c=build-fuzz/fuzz_%)

# The libFuzzer build: the library compiled once by clang with coverage
# (fuzzer-no-link) and ASan+UBSan into build-fuzz/libboucle.a, each target
# linked with it and libFuzzer's main. Warnings are the normal build's job.
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -I. -g -O1 -fno-omit-frame-pointer \
               -fsanitize=address,undefined -fno-sanitize-recover=undefined $(PKG_CFLAGS) \
               -DLOCALEDIR='"$(LOCALEDIR)"' -DDATADIR='"$(DATADIR)"'
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=build-fuzz/obj/%.o)

build-fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC (fuzz) $<"; $(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

# the targets' objects are kept (make would delete them as intermediate)
.SECONDARY: $(FUZZ_SRC:%.c=build-fuzz/obj/%.o)

build-fuzz/libboucle.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

build-fuzz/fuzz_%: build-fuzz/obj/tests/fuzz/fuzz_%.o build-fuzz/libboucle.a
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(shell pkg-config --libs $(PKGS)) -lm -lpthread -ldl

$(BUILD)/bench/%: $(BUILD)/obj/bench/%.o $(BUILD)/libboucle.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(ALL_LDLIBS)

# One French catalogue, merged from one .po per module so that modules can be
# translated independently.
$(BUILD)/boucle-fr.po: $(PO_SRC)
	@mkdir -p $(dir $@)
	msgcat --use-first -o $@ $(PO_SRC)

$(MO): $(BUILD)/boucle-fr.po
	@mkdir -p $(dir $@)
	msgfmt --check-format -o $@ $<

mo: $(MO)

pot: $(BUILD)/boucle.pot
$(BUILD)/boucle.pot: $(LIB_SRC) cli/main.c
	@mkdir -p $(dir $@)
	xgettext --from-code=UTF-8 -k_ -kN_ -kNP_:1,2 -kC_:1c,2 -kNC_:1c,2 -o $@ $(LIB_SRC) cli/main.c

tests: all $(TEST_BIN) $(BENCH_BIN) $(BUILD)/boucle.pot

run: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/run.sh $(BUILD)/boucle

# The suite runs twice, plain and under ASan+UBSan (CHECK_SAN=0 skips the
# second), and ends with one summary line for both.
# On x86-64 a third pass builds for i386 (CHECK_I386=0 skips it): its unit
# tests, and its end-to-end tests where the kernel runs i386 natively
# (tests/run.sh says why it skips them under qemu).
CHECK_SAN ?= 1
CHECK_I386 ?= $(if $(filter x86_64,$(shell uname -m)),1,0)
CHECK_BUILDS := $(BUILD) $(if $(filter 1,$(CHECK_SAN)),build-san) $(if $(filter 1,$(CHECK_I386)),build-i386)
# the builds use every core unless make was given its own -j
CHECK_J := $(if $(filter -j%,$(MAKEFLAGS)),,-j$(shell nproc 2>/dev/null || echo 1))
check: deps-test
	@$(MAKE) --no-print-directory $(CHECK_J) tests
ifeq ($(CHECK_SAN),1)
	@$(MAKE) --no-print-directory $(CHECK_J) SAN=1 tests
endif
ifeq ($(CHECK_I386),1)
	@$(MAKE) --no-print-directory $(CHECK_J) i386
endif
	@BUILDS="$(CHECK_BUILDS)" sh tests/run.sh $(T)

# i386 (the oldest PCs): the same sources against Debian's :i386 libraries
# with gcc -m32 into build-i386/ (scripts/deps.sh i386 installs them, and
# registers qemu-i386 when the kernel cannot run i386 programs itself).
# zbar has no i386 -dev package beside the amd64 one: a .pc of our own
# names its runtime library (it is loaded at first use, LAZY=1).
I386_PC := $(CURDIR)/build-i386/pkgconfig:/usr/lib/i386-linux-gnu/pkgconfig:/usr/share/pkgconfig
i386:
	@mkdir -p build-i386/pkgconfig
	@# a machine that cannot get the i386 libraries or run i386 programs:
	@# the pass is skipped and tests/run.sh says so (a build error still fails)
	@if sh scripts/deps.sh i386 >build-i386/runner.new; then mv build-i386/runner.new build-i386/runner; \
	 else rm -f build-i386/runner.new; echo unavailable >build-i386/runner; fi
	@printf 'Name: zbar\nDescription: zbar (i386 runtime, headers shared)\nVersion: 0.23\nCflags:\nLibs: -l:libzbar.so.0\n' >build-i386/pkgconfig/zbar.pc
	@if [ "$$(cat build-i386/runner)" != unavailable ]; then \
	  PKG_CONFIG_LIBDIR=$(I386_PC) $(MAKE) --no-print-directory BUILD=build-i386 CC="gcc -m32" LAZY=1 tests; fi

check-i386: deps-test i386
	@BUILDS=build-i386 sh tests/run.sh $(T)

bench: deps-test
	@$(MAKE) --no-print-directory tests
	@BUILD=$(BUILD) sh bench/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(LOCALEDIR)/fr/LC_MESSAGES $(DESTDIR)$(DATADIR)
	install -m 0755 $(BUILD)/boucle $(DESTDIR)$(PREFIX)/bin/boucle
	install -m 0644 $(MO) $(DESTDIR)$(LOCALEDIR)/fr/LC_MESSAGES/boucle.mo
	if [ -d data ]; then cp -r data/. $(DESTDIR)$(DATADIR)/; fi
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/fr/man1
	@# the header's "boucle X.Y.Z" from VERSION
	sed '/^\.TH /s/"boucle [^"]*"/"boucle $(VERSION)"/' doc/boucle.1 >$(DESTDIR)$(MANDIR)/man1/boucle.1
	sed '/^\.TH /s/"boucle [^"]*"/"boucle $(VERSION)"/' doc/fr/boucle.1 >$(DESTDIR)$(MANDIR)/fr/man1/boucle.1
	chmod 0644 $(DESTDIR)$(MANDIR)/man1/boucle.1 $(DESTDIR)$(MANDIR)/fr/man1/boucle.1

# ---- the Debian package -------------------------------------------------
# Its own build (build-deb): PREFIX=/usr, no test hooks, Debian's
# hardening flags (dpkg-buildflags, hardening=+all); the package in build-deb too. The program is the usual
# LAZY one: libcurl, cairo and zbar are dlopen()ed at first use, so they are
# not in its DT_NEEDED and dpkg-shlibdeps would not see them. Hence
# boucle-linked: the same objects linked with every library (as LAZY=0
# would), never shipped, only read by dpkg-shlibdeps beside the shipped
# binary, so that Depends still comes from a binary. scripts/deb.sh packs it.
DEB_BUILD := build-deb
DEB_FLAGS  = DEB_BUILD_MAINT_OPTIONS=hardening=+all
deb:
	@$(MAKE) --no-print-directory BUILD=$(DEB_BUILD) PREFIX=/usr TEST_HOOKS=0 \
	  CFLAGS="$$($(DEB_FLAGS) dpkg-buildflags --get CFLAGS) $$($(DEB_FLAGS) dpkg-buildflags --get CPPFLAGS)" \
	  LDFLAGS="$$($(DEB_FLAGS) dpkg-buildflags --get LDFLAGS)" all $(DEB_BUILD)/boucle-linked
	@sh scripts/deb.sh $(DEB_BUILD) build-deb

$(BUILD)/boucle-linked: $(BUILD)/obj/cli/main.o $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread $(LDLIBS)

# ---- the source tarball ---------------------------------------------------
# The files git tracks (as they are in the working tree), under
# boucle-VERSION/: names sorted, every date the last commit's
# (SOURCE_DATE_EPOCH), owner and group 0, gzip -n. Twice the same bytes.
dist:
	@mkdir -p build-dist
	@set -e; t=$$(git log -1 --format=%ct); \
	 git ls-files -z | LC_ALL=C tar --null -T - --sort=name --format=gnu \
	   --mtime=@$${SOURCE_DATE_EPOCH:-$$t} --owner=0 --group=0 --numeric-owner --mode=go-w \
	   --transform='s,^,boucle-$(VERSION)/,' -cf - | gzip -9n >build-dist/boucle-$(VERSION).tar.gz.new; \
	 mv build-dist/boucle-$(VERSION).tar.gz.new build-dist/boucle-$(VERSION).tar.gz
	@echo build-dist/boucle-$(VERSION).tar.gz

clean:
	rm -rf build build-san build-fuzz build-deb build-dist

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
-include $(shell find build-fuzz/obj -name '*.d' 2>/dev/null)
