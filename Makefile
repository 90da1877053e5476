# ifcfg-bond: one flat Makefile.  `make` builds, `make check` runs every test,
# `make demo` replays the tutorial in a real kernel, `make install` honours DESTDIR/PREFIX.

PREFIX     ?= /usr
SBINDIR    ?= $(PREFIX)/sbin
LIBEXECDIR ?= $(PREFIX)/libexec
MANDIR     ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
UNITDIR    ?= /lib/systemd/system
UDEVDIR    ?= $(PREFIX)/lib/udev/rules.d
# Read by bash-completion at start, so that ifup and ifdown complete by DEVICE.
COMPLETIONDIR ?= $(SYSCONFDIR)/bash_completion.d
DESTDIR    ?=

CC         ?= cc
PKG_CONFIG ?= pkg-config
PKGS       := libnl-3.0 libnl-route-3.0 libnl-genl-3.0
CFLAGS     ?= -O2 -g
# CPPFLAGS and LDFLAGS are the distribution's (rpmbuild's %{optflags}, hardening).
CPPFLAGS   ?=
LDFLAGS    ?=
# The one version number: --version of every program, the RPM.
VERSION    := $(shell cat VERSION)
WARN       := -Wall -Wextra -Wmissing-prototypes -Wformat=2 -Wshadow -Wno-unused-parameter
NL_CFLAGS   = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
NL_LIBS     = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS   = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)
ALL_CFLAGS  = -std=gnu11 $(WARN) $(CPPFLAGS) $(CFLAGS) $(NL_CFLAGS) -I. -MMD -MP \
	      -DIFCFG_BOND_VERSION='"$(VERSION)"' -DIFCFG_BOND_LIBEXECDIR='"$(LIBEXECDIR)/ifcfg-bond"'
ASAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer

PROGS      := bondctl ifup-bond ifdown-bond
LIB_SRCS   := $(sort $(filter-out $(addsuffix .c,$(PROGS)),$(wildcard *.c)))
LIB_OBJS   := $(LIB_SRCS:%.c=build/%.o)
TEST_SRCS  := $(sort $(wildcard tests/check_*.c))
ASAN_OBJS  := $(LIB_SRCS:%.c=build/asan/%.o) $(TEST_SRCS:tests/%.c=build/asan/tests/%.o)
MAN_PAGES  := $(sort $(wildcard man/*.[0-9]))
# Guest-side test programs (tests/probe_*.c): plain builds, ASan does not run in UML.
PROBES     := $(patsubst tests/%.c,build/%,$(wildcard tests/probe_*.c))
# libFuzzer harnesses (tests/fuzz/fuzz_*.c), built with clang against the library
# instrumented for coverage, ASan and UBSan.
FUZZ_CC    ?= clang
FUZZ_FLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
	      -fno-omit-frame-pointer
FUZZERS    := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(filter-out tests/fuzz/fuzz_common.c,\
		$(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_OBJS  := $(LIB_SRCS:%.c=build/fuzz/%.o) build/fuzz/tests/fuzz/fuzz_common.o
# Seconds each harness runs: make fuzz for a real search, make check briefly.
FUZZ_SECONDS ?= 60
FUZZ_CHECK_SECONDS ?= 8
# What installs the packages; rpmbuild passes DEPS=: (its BuildRequires do that).
DEPS       ?= tools/deps
# Preloaded into the UML kernel by tests/uml-run (hosts with AVX-512 or AMX).
UML_SHIM   := build/uml_xstate.so
AF_SHIM    := build/af_restrict.so

.PHONY: all deps check check-unit check-install check-rpm check-kernel check-fuzz fuzz demo bench \
	install uninstall rpm clean

all: deps $(PROGS)

# Installs the Debian packages the build and the tests need (prints the apt-get
# line instead when not root).  Cheap when everything is there.  Under make install
# it only checks: installing on a server must not run a package manager.
deps:
	@$(DEPS) $(if $(filter-out install uninstall,$(or $(MAKECMDGOALS),all)),,--check)

build/%.o: %.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/asan/tests/%.o: WARN += -Wno-missing-prototypes
build/asan/%.o: %.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) $(ASAN_FLAGS) -c -o $@ $<

$(PROGS): %: build/%.o $(LIB_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(NL_LIBS)

# The objects that print it: rebuilt when it changes.
build/tool.o build/bondctl.o build/asan/tool.o: VERSION
# Where dhclient-script is (dhcp.c): rebuilt when a prefix changes it.
build/dhcp.o build/asan/dhcp.o build/fuzz/dhcp.o: Makefile

# Every tests/check_*.c defines "Suite *NAME_suite(void)"; the runner calls them all.
build/asan/tests/suites.inc: $(TEST_SRCS)
	@mkdir -p $(@D)
	sed -n 's/^Suite \*\([a-z0-9_]*_suite\)(void)$$/SUITE(\1)/p' $(TEST_SRCS) > $@

build/asan/tests/check_runner.o: tests/check_runner.c build/asan/tests/suites.inc
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) $(ASAN_FLAGS) -Ibuild/asan/tests -c -o $@ $<

build/check_runner: build/asan/tests/check_runner.o $(ASAN_OBJS)
	$(CC) $(ASAN_FLAGS) -o $@ $^ $(CHECK_LIBS) $(NL_LIBS)

build/fuzz/%.o: %.c | deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_FLAGS) -Wno-missing-prototypes -c -o $@ $<

# Kept: make would otherwise delete them as intermediate after every link.
.SECONDARY: $(FUZZ_OBJS) $(FUZZERS:build/fuzz/%=build/fuzz/tests/fuzz/%.o)

build/fuzz/fuzz_%: build/fuzz/tests/fuzz/fuzz_%.o $(FUZZ_OBJS)
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(NL_LIBS)

build/fuzz/mkseed_netlink: tests/fuzz/mkseed_netlink.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(NL_LIBS)

build/probe_%: tests/probe_%.c $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(NL_LIBS)

build/probe_syslog: tests/probe_syslog.c | deps
	$(CC) $(ALL_CFLAGS) -o $@ $<

# Every suite in turn, one line each, the details in build/check/SUITE.log.
check: all
	MAKE="$(MAKE)" tests/check-all

check-unit: all build/check_runner
	cd tests && ASAN_OPTIONS=detect_leaks=1 ../build/check_runner

# Each harness briefly, so a regression fails CI; make fuzz searches longer.
check-fuzz: $(FUZZERS) build/fuzz/mkseed_netlink
	tests/fuzz/run $(FUZZ_CHECK_SECONDS)

fuzz: $(FUZZERS) build/fuzz/mkseed_netlink
	tests/fuzz/run $(FUZZ_SECONDS)

check-install: all
	tests/check-install

# Source and binary RPMs of HEAD (git archive) in build/rpm, with rpmbuild.
rpm:
	tools/mkrpm

# The RPM's file list, scriptlets and binaries (tools/deps installs rpmbuild).
check-rpm: all
	tests/check-rpm

$(UML_SHIM): tests/uml_xstate.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -shared -fPIC -o $@ $<

$(AF_SHIM): tests/af_restrict.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -shared -fPIC -o $@ $<

check-kernel: all $(PROBES) $(UML_SHIM) $(AF_SHIM)
	tests/kernel/run-all $(KTESTS)

demo: all $(UML_SHIM)
	tests/demo

# Figures, not tests: time, processes and netlink requests of the network service.
bench: all $(UML_SHIM)
	$(DEPS) --bench
	tests/bench

NSDIR      := $(SYSCONFDIR)/sysconfig/network-scripts
INITDIR    := $(SYSCONFDIR)/rc.d/init.d

# Where install keeps the list of what it installed and the files it moved aside.
STATE      ?= /var/lib/ifcfg-bond
INSTALL    := DESTDIR='$(DESTDIR)' STATE='$(STATE)' tools/install

# The RHEL layout: scripts in network-scripts with /usr/sbin links, the service as
# /etc/rc.d/init.d/network (and /etc/init.d/network), a unit that runs it.  A file
# of another package in the way is moved aside (tools/install) and put back by
# uninstall.  Never runs a package manager: deps only checks (see deps above).
install: $(PROGS)
	@mkdir -p build
	sed 's|/usr/sbin/|$(SBINDIR)/|' network-scripts/60-ifcfg-bond.rules > build/60-ifcfg-bond.rules
	sed 's|/usr/sbin/|$(SBINDIR)/|' network-scripts/ifcfg-bond-hotplug@.service > build/ifcfg-bond-hotplug@.service
	for p in $(PROGS); do $(INSTALL) file 755 $$p $(SBINDIR)/$$p || exit 1; done
	$(INSTALL) file 755 network-scripts/ifup $(NSDIR)/ifup
	$(INSTALL) file 755 network-scripts/ifdown $(NSDIR)/ifdown
	$(INSTALL) link $(NSDIR)/ifup $(SBINDIR)/ifup
	$(INSTALL) link $(NSDIR)/ifdown $(SBINDIR)/ifdown
	$(INSTALL) file 755 network-scripts/dhclient-script $(LIBEXECDIR)/ifcfg-bond/dhclient-script
	$(INSTALL) file 755 network-scripts/network $(INITDIR)/network
	$(INSTALL) link ../rc.d/init.d/network $(SYSCONFDIR)/init.d/network
	$(INSTALL) file 644 network-scripts/network.service $(UNITDIR)/network.service
	$(INSTALL) file 644 build/ifcfg-bond-hotplug@.service $(UNITDIR)/ifcfg-bond-hotplug@.service
	$(INSTALL) file 644 build/60-ifcfg-bond.rules $(UDEVDIR)/60-ifcfg-bond.rules
	$(INSTALL) file 644 network-scripts/ifcfg-bond.bash-completion $(COMPLETIONDIR)/ifcfg-bond
	for p in $(MAN_PAGES); do $(INSTALL) file 644 $$p $(MANDIR)/man$${p##*.}/$${p#man/} || exit 1; done

uninstall:
	$(INSTALL) uninstall

clean:
	rm -rf build $(PROGS)

-include $(wildcard build/*.d build/asan/*.d build/asan/tests/*.d build/fuzz/*.d build/fuzz/tests/fuzz/*.d)
