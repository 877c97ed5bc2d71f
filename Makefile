# Builds the Akuma kernel image. build.sh calls this with BUILD set; every
# .c and .S under kernel/, abi/, drivers/ and net/ is part of the kernel.

CROSS ?= aarch64-linux-gnu-
CC := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
BUILD ?= build/kernel
# One spelling for every object, whether BUILD came relative (make by hand)
# or absolute (build.sh): the dependency files name their targets as the
# compiler was given them, so two spellings would hide header changes.
override BUILD := $(abspath $(BUILD))

SRCDIRS := kernel abi drivers net
SRCS := $(shell find $(SRCDIRS) -name '*.c' -o -name '*.S' | LC_ALL=C sort)
OBJS := $(patsubst %,$(BUILD)/%.o,$(SRCS))

# lwIP, compiled unmodified from Debian's source package, which build.sh
# unpacks under build/deps/lwip (docs/lwip.md). build.sh passes LWIP_DIR;
# a plain make finds the unpacked tree itself. Not api/err.c: its err_t
# to errno table is the BSD one; ours is net/lwip-port/errno_map.c.
LWIP_DIR ?= $(patsubst %/src/core/init.c,%,$(firstword $(wildcard build/deps/lwip/lwip-*/src/core/init.c)))
LWIP_SRCS := $(addprefix src/core/,def.c inet_chksum.c init.c ip.c mem.c \
	memp.c netif.c pbuf.c raw.c stats.c sys.c tcp.c tcp_in.c tcp_out.c \
	timeouts.c udp.c) \
	$(addprefix src/core/ipv4/,etharp.c icmp.c igmp.c ip4.c ip4_addr.c \
	ip4_frag.c) \
	$(addprefix src/api/,api_lib.c api_msg.c netbuf.c tcpip.c) \
	src/netif/ethernet.c
LWIP_OBJS := $(patsubst %,$(BUILD)/lwip/%.o,$(LWIP_SRCS))
OBJS += $(LWIP_OBJS)
# The port's headers (and its small libc for lwIP) come before lwIP's own.
LWIP_CFLAGS := -Inet/lwip-port -Inet/lwip-port/libc -I$(LWIP_DIR)/src/include
ifeq ($(filter clean check-syscalls,$(MAKECMDGOALS)),)
ifeq ($(wildcard $(LWIP_DIR)/src/core/init.c),)
$(error lwIP's sources are missing (LWIP_DIR=$(LWIP_DIR)): run ./build.sh deps, which fetches them with apt-get source)
endif
endif

CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) \
	-mgeneral-regs-only -mno-outline-atomics -march=armv8-a -mcmodel=small -fno-pic -fno-pie \
	-fno-stack-protector -fno-omit-frame-pointer -fno-strict-aliasing \
	-Wall -Wextra -Wno-unused-parameter -Wno-sign-compare \
	-Wno-missing-field-initializers -Werror=implicit-function-declaration \
	-Ikernel/include -I. -MMD -MP
ASFLAGS := $(filter-out -std=gnu11,$(CFLAGS)) -D__ASSEMBLY__
LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none \
	-Wl,-T,kernel/arch/aarch64/kernel.ld -Wl,-z,max-page-size=4096 -Wl,--no-warn-rwx-segments

all: check-syscalls $(BUILD)/akuma.img

$(BUILD)/akuma.elf: $(OBJS) kernel/arch/aarch64/kernel.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $(OBJS) -lgcc

$(BUILD)/akuma.img: $(BUILD)/akuma.elf
	$(Q)$(OBJCOPY) -O binary $< $@

# V=1 shows the full commands.
Q := $(if $(V),,@)

$(BUILD)/%.c.o: %.c Makefile
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

# Everything under net/ may use lwIP's headers.
$(BUILD)/net/%.c.o: CFLAGS += $(LWIP_CFLAGS)

$(BUILD)/lwip/%.c.o: $(LWIP_DIR)/%.c Makefile
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      lwip/$*.c")
	$(Q)$(CC) $(CFLAGS) $(LWIP_CFLAGS) -c -o $@ $<

$(BUILD)/%.S.o: %.S Makefile
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC) $(ASFLAGS) -c -o $@ $<

# The syscall numbers in abi/linux/unistd.h must be musl's.
check-syscalls:
	@sh abi/linux/check_numbers.sh abi/linux/unistd.h

clean:
	rm -rf $(BUILD)

.PHONY: all clean check-syscalls
-include $(OBJS:.o=.d)
