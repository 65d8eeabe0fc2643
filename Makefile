# xmip: one entry point for build, tests, demo, benchmarks and install.
# `make` builds; `make check` installs missing Debian packages and runs every
# test tier; `make demo` runs the network-namespace demo.

BUILD     ?= build
PREFIX    ?= /usr/local
DESTDIR   ?=
SYSCONFDIR ?= /etc
UNITDIR   ?= /lib/systemd/system

CC        ?= gcc
CLANG     ?= clang
BPFTOOL   ?= bpftool
ARCH_INC  := /usr/include/$(shell $(CC) -dumpmachine)

PKGS      := libbpf libxdp libsystemd libconfig json-c libnl-3.0 libnl-route-3.0 libnl-xfrm-3.0 libcares libcap libcrypto
CFLAGS    ?= -O2 -g
CFLAGS    += -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-missing-field-initializers \
             -Iinclude -Iloader -Iagent -I$(BUILD)/skel \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS    += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lelf -lz
BPF_CFLAGS := -g -O2 -target bpf -Wall -Werror -Iinclude -Ibpf -I$(ARCH_INC)

# Unit tests run under AddressSanitizer and UndefinedBehaviorSanitizer.
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# BPF programs by kind of node (bpf/anchor, bpf/mobile; helpers in bpf/lib):
# each object is named after its file, and so is its skeleton.
BPF_SRCS  := $(wildcard bpf/*/*.bpf.c)
BPF_NAMES := $(notdir $(BPF_SRCS:.bpf.c=))
BPF_OBJS  := $(BPF_NAMES:%=$(BUILD)/bpf/%.bpf.o)
SKELS     := $(BPF_NAMES:%=$(BUILD)/skel/%.skel.h)
BPF_DEPS  := $(wildcard bpf/*/*.h) $(wildcard include/*.h)
vpath %.bpf.c $(sort $(dir $(BPF_SRCS)))

LOADER_SRCS := $(wildcard loader/*.c)
LOADER_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(LOADER_SRCS))
LOADER_LIB  := $(BUILD)/libxmip_loader.a

# The agent, one folder per concern (agent/core, net, mh, ipsec, anchor,
# dsmip6, ctl); its sources minus the two programs' main files form a
# library that the unit tests link against too.
AGENT_MAINS := agent/core/xmipd.c agent/ctl/xmipctl.c
AGENT_SRCS  := $(filter-out $(AGENT_MAINS),$(wildcard agent/*/*.c))
AGENT_HDRS  := $(wildcard agent/*/*.h)
AGENT_OBJS  := $(patsubst %.c,$(BUILD)/%.o,$(AGENT_SRCS))
AGENT_LIB   := $(BUILD)/libxmip_agent.a

UNIT_SRCS   := $(wildcard selftests/unit/test_*.c)
UNIT_BINS   := $(patsubst selftests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_SRCS))
BPFT_SRCS   := $(wildcard selftests/bpf/test_*.c)
BPFT_BINS   := $(patsubst selftests/bpf/%.c,$(BUILD)/tests/bpf/%,$(BPFT_SRCS))
BENCH_BINS  := $(BUILD)/bench/floor.bpf.o $(BUILD)/bench/pkt_cost $(BUILD)/bench/gen.bpf.o \
               $(BUILD)/bench/xdp_gen $(BUILD)/bench/tun_fwd $(BUILD)/bench/bu_load \
               $(BUILD)/bench/udp_probe $(BUILD)/bench/host_frames

.PHONY: all deps check check-unit check-bpf check-netns check-vm demo install \
        uninstall clean bench bench-bins tests fuzz soak check-vm-full
.DELETE_ON_ERROR:
.SECONDARY: $(BPF_OBJS) $(SKELS)

all: $(BUILD)/xmipd $(BUILD)/xmipctl

deps:
	@./packaging/install-deps.sh

# --- BPF -----------------------------------------------------------------
$(BUILD)/bpf/%.bpf.o: %.bpf.c $(BPF_DEPS) | $(BUILD)/bpf
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/skel/%.skel.h: $(BUILD)/bpf/%.bpf.o | $(BUILD)/skel
	$(BPFTOOL) gen skeleton $< name $(subst .bpf,,$*)_bpf > $@

# --- user space ----------------------------------------------------------
$(BUILD)/loader/%.o: loader/%.c $(SKELS) $(wildcard loader/*.h include/*.h) | $(BUILD)/loader
	$(CC) $(CFLAGS) -c $< -o $@

# Thin archives, made afresh: members are named by path, so two folders'
# files of one name never replace each other, and no stale member stays.
$(LOADER_LIB): $(LOADER_OBJS)
	rm -f $@ && $(AR) rcsT $@ $^

$(BUILD)/agent/%.o: agent/%.c $(AGENT_HDRS) $(wildcard loader/*.h include/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c $< -o $@

$(AGENT_LIB): $(AGENT_OBJS)
	rm -f $@ && $(AR) rcsT $@ $^

$(BUILD)/xmipd: $(BUILD)/agent/core/xmipd.o $(AGENT_LIB) $(LOADER_LIB)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/xmipctl: $(BUILD)/agent/ctl/xmipctl.o $(AGENT_LIB) $(LOADER_LIB)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# --- tests ---------------------------------------------------------------
# Unit tests: agent sources rebuilt with sanitizers, linked with cmocka.
# The agent built once more with the sanitizers, for the unit tests to link.
SAN_AGENT_OBJS := $(patsubst %.c,$(BUILD)/san/%.o,$(AGENT_SRCS))
SAN_AGENT_LIB  := $(BUILD)/libxmip_agent_san.a
$(BUILD)/san/agent/%.o: agent/%.c $(AGENT_HDRS) $(wildcard loader/*.h include/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(SAN_AGENT_LIB): $(SAN_AGENT_OBJS)
	rm -f $@ && $(AR) rcsT $@ $^

$(BUILD)/tests/unit/%: selftests/unit/%.c selftests/unit/helpers.h $(SAN_AGENT_LIB) $(LOADER_LIB) | $(BUILD)/tests/unit
	$(CC) $(CFLAGS) $(SAN_FLAGS) -o $@ $< $(SAN_AGENT_LIB) $(LOADER_LIB) $(LDLIBS) -lcmocka

$(BUILD)/tests/bpf/%: selftests/bpf/%.c $(wildcard selftests/bpf/*.h) $(LOADER_LIB) $(SKELS) | $(BUILD)/tests/bpf
	$(CC) $(CFLAGS) -Iselftests/bpf -o $@ $< $(LOADER_LIB) $(LDLIBS) -lcmocka

# A program the verifier rejects, for the loader's error-reporting test.
$(BUILD)/tests/bpf/rejected.bpf.o: selftests/bpf/rejected.bpf.c | $(BUILD)/tests/bpf
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/tests/notify_sink: selftests/tools/notify_sink.c | $(BUILD)/tests/unit
	$(CC) $(CFLAGS) -o $@ $<

# xmipd with the test-only roles of selftests/roles/ registered beside the
# shipped ones (core/roles.c with XMIP_TEST_ROLES): never installed.
$(BUILD)/tests/xmipd_roles: agent/core/roles.c selftests/roles/*.c $(BUILD)/agent/core/xmipd.o $(AGENT_LIB) $(LOADER_LIB) | $(BUILD)/tests/unit
	$(CC) $(CFLAGS) -DXMIP_TEST_ROLES -o $@ agent/core/roles.c selftests/roles/*.c $(BUILD)/agent/core/xmipd.o \
		$(AGENT_LIB) $(LOADER_LIB) $(LDLIBS)

$(BUILD)/tests/dpctl: selftests/tools/dpctl.c $(AGENT_LIB) $(LOADER_LIB) | $(BUILD)/tests/unit
	$(CC) $(CFLAGS) -o $@ $< $(AGENT_LIB) $(LOADER_LIB) $(LDLIBS)

$(BUILD)/tests/mhgen: selftests/tools/mhgen.c $(AGENT_LIB) | $(BUILD)/tests/unit
	$(CC) $(CFLAGS) -o $@ $< $(AGENT_LIB) -lcrypto

$(BUILD)/tests/mhforge: selftests/tools/mhforge.c selftests/tools/hao_packet.h $(AGENT_LIB) | $(BUILD)/tests/unit
	$(CC) $(CFLAGS) -o $@ $< $(AGENT_LIB) -lcrypto

$(BUILD)/tests/dhcpgen: selftests/tools/dhcpgen.c $(AGENT_LIB) | $(BUILD)/tests/unit
	$(CC) $(CFLAGS) -o $@ $< $(AGENT_LIB)

$(BUILD)/tests/pbuforge: selftests/tools/pbuforge.c $(AGENT_LIB) $(LOADER_LIB) | $(BUILD)/tests/unit
	$(CC) $(CFLAGS) -o $@ $< $(AGENT_LIB) $(LOADER_LIB) $(LDLIBS)

$(BUILD)/tests/xdp_pass.bpf.o: selftests/tools/xdp_pass.bpf.c | $(BUILD)/tests/unit
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

tests: all $(UNIT_BINS) $(BPFT_BINS) $(BUILD)/tests/notify_sink $(BUILD)/tests/bpf/rejected.bpf.o \
	$(BUILD)/tests/dpctl $(BUILD)/tests/mhgen $(BUILD)/tests/mhforge $(BUILD)/tests/pbuforge $(BUILD)/tests/dhcpgen \
	$(BUILD)/tests/xdp_pass.bpf.o $(BENCH_BINS) \
	$(BUILD)/tests/xmipd_roles \
	$(BUILD)/fuzz/fuzz_mh $(BUILD)/fuzz/fuzz_config $(BUILD)/fuzz/fuzz_keys $(BUILD)/fuzz/fuzz_dhcp4

check: deps
	@$(MAKE) --no-print-directory tests
	@./selftests/run.sh all

# check-vm runs the bpf tier and the netns tests marked "# stock-kernel:"
# in Debian's stock kernel; check-vm-full runs every netns test there too.
check-unit check-bpf check-netns check-vm check-vm-full: deps
	@$(MAKE) --no-print-directory tests
	@./selftests/run.sh $(subst check-,,$@)

demo: deps
	@$(MAKE) --no-print-directory all $(BUILD)/tests/dpctl $(BUILD)/tests/xdp_pass.bpf.o
	@./selftests/demo.sh

# libFuzzer targets under ASan and UBSan, each from its seed corpus in
# selftests/fuzz/corpus/<name>/: the Mobility Header parser (mh), the
# configuration loader (config), the RFC 4285 keys file (keys) and the
# DHCPv4 parser (dhcp4). FUZZ_SECONDS bounds each target's run;
# selftests/fuzz/run.sh reports executions and crashes per target.
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-std=gnu11 -D_GNU_SOURCE -Iinclude -Iagent -Iloader -I$(BUILD)/skel \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
$(BUILD)/fuzz/fuzz_mh: selftests/fuzz/fuzz_mh.c agent/mh/mh_codec.c agent/mh/mh_pmip.c agent/mh/mh_auth.c agent/mh/mh.h \
		agent/mh/mh_auth.h agent/mh/mh_wire.h include/xmip_proto.h
	@mkdir -p $(BUILD)/fuzz
	$(CLANG) $(FUZZ_CFLAGS) -o $@ selftests/fuzz/fuzz_mh.c agent/mh/mh_codec.c agent/mh/mh_pmip.c agent/mh/mh_auth.c -lcrypto

$(BUILD)/fuzz/fuzz_keys: selftests/fuzz/fuzz_keys.c agent/mh/mh_keys.c agent/core/file_perms.c agent/mh/mh_keys.h
	@mkdir -p $(BUILD)/fuzz
	$(CLANG) $(FUZZ_CFLAGS) -o $@ selftests/fuzz/fuzz_keys.c agent/mh/mh_keys.c agent/core/file_perms.c -lcrypto

# The roles' sections are parsed by the roles: the whole agent is built in.
FUZZ_CONFIG_SRCS := $(AGENT_SRCS)
$(BUILD)/fuzz/fuzz_config: selftests/fuzz/fuzz_config.c $(FUZZ_CONFIG_SRCS) $(AGENT_HDRS) $(LOADER_LIB)
	@mkdir -p $(BUILD)/fuzz
	$(CLANG) $(FUZZ_CFLAGS) -o $@ selftests/fuzz/fuzz_config.c $(FUZZ_CONFIG_SRCS) $(LOADER_LIB) $(LDLIBS)

$(BUILD)/fuzz/fuzz_dhcp4: selftests/fuzz/fuzz_dhcp4.c agent/access/dhcp4.c agent/access/dhcp4.h
	@mkdir -p $(BUILD)/fuzz
	$(CLANG) $(FUZZ_CFLAGS) -o $@ selftests/fuzz/fuzz_dhcp4.c agent/access/dhcp4.c

fuzz: deps
	@$(MAKE) --no-print-directory $(BUILD)/fuzz/fuzz_mh $(BUILD)/fuzz/fuzz_config $(BUILD)/fuzz/fuzz_keys \
		$(BUILD)/fuzz/fuzz_dhcp4
	@./selftests/fuzz/run.sh $(BUILD) $(FUZZ_SECONDS) mh config keys dhcp4

# --- benchmarks ------------------------------------------------------------
# `make bench` installs what it needs and runs bench/run.sh (within 30
# minutes); results go to bench/results/<date>.json and docs/performance.md.
# BENCH_SMOKE=1 runs tiny sizes (make check does, through the netns tier).
$(BUILD)/bench/%.bpf.o: bench/%.bpf.c | $(BUILD)/bench
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/bench/xdp_gen: bench/xdp_gen.c selftests/bpf/pktgen.h | $(BUILD)/bench
	$(CC) $(CFLAGS) -Iselftests/bpf -o $@ $< $(LDLIBS)

$(BUILD)/bench/tun_fwd: bench/tun_fwd.c | $(BUILD)/bench
	$(CC) $(CFLAGS) -o $@ $<

$(BUILD)/bench/udp_probe: bench/udp_probe.c | $(BUILD)/bench
	$(CC) $(CFLAGS) -o $@ $<

$(BUILD)/bench/host_frames: bench/host_frames.c selftests/bpf/pktgen.h | $(BUILD)/bench
	$(CC) $(CFLAGS) -Iselftests/bpf -o $@ $<

BU_LOAD_SRCS := bench/bu_load.c bench/bu_load_mip6.c bench/bu_load_pmip.c
$(BUILD)/bench/bu_load: $(BU_LOAD_SRCS) bench/bu_load.h selftests/tools/hao_packet.h $(AGENT_LIB) $(LOADER_LIB) | $(BUILD)/bench
	$(CC) $(CFLAGS) -Iselftests/tools -o $@ $(BU_LOAD_SRCS) $(AGENT_LIB) $(LOADER_LIB) $(LDLIBS)

PKT_COST_SRCS := bench/pkt_cost.c bench/pkt_cost_mag.c
$(BUILD)/bench/pkt_cost: $(PKT_COST_SRCS) bench/pkt_cost.h selftests/bpf/pktgen.h selftests/bpf/testnet.h $(LOADER_LIB) $(SKELS) | $(BUILD)/bench
	$(CC) $(CFLAGS) -Iselftests/bpf -o $@ $(PKT_COST_SRCS) $(LOADER_LIB) $(LDLIBS)

bench-bins: all $(BENCH_BINS)

bench: deps
	@$(MAKE) --no-print-directory bench-bins
	@./bench/run.sh

# 10 000 mobile nodes refreshing, 5% of them moving, every minute for 10
# minutes; then every binding checked against what the nodes registered,
# and the agent's memory and descriptors against their steady state.
SOAK_NODES ?= 10000
SOAK_ROUNDS ?= 10
SOAK_PERIOD ?= 60
soak: deps
	@$(MAKE) --no-print-directory bench-bins
	@./bench/soak.sh $(SOAK_NODES) $(SOAK_ROUNDS) $(SOAK_PERIOD)

$(BUILD)/bpf $(BUILD)/skel $(BUILD)/loader $(BUILD)/tests/unit $(BUILD)/tests/bpf $(BUILD)/bench:
	@mkdir -p $@

# --- install -------------------------------------------------------------
install: all
	install -D -m 0755 $(BUILD)/xmipd $(DESTDIR)$(PREFIX)/sbin/xmipd
	install -D -m 0755 $(BUILD)/xmipctl $(DESTDIR)$(PREFIX)/bin/xmipctl
	install -D -m 0644 packaging/xmipd.service $(DESTDIR)$(UNITDIR)/xmipd.service
	sed -i 's|@SBINDIR@|$(PREFIX)/sbin|g' $(DESTDIR)$(UNITDIR)/xmipd.service
	install -d -m 0755 $(DESTDIR)$(SYSCONFDIR)/xmip
	install -m 0644 packaging/xmipd.conf.example $(DESTDIR)$(SYSCONFDIR)/xmip/xmipd.conf.example
	@echo "installed; copy $(SYSCONFDIR)/xmip/xmipd.conf.example to $(SYSCONFDIR)/xmip/xmipd.conf, edit it, then: systemctl enable --now xmipd"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/sbin/xmipd $(DESTDIR)$(PREFIX)/bin/xmipctl \
	      $(DESTDIR)$(UNITDIR)/xmipd.service $(DESTDIR)$(SYSCONFDIR)/xmip/xmipd.conf.example

clean:
	rm -rf $(BUILD)
