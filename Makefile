# Builds the Akuma kernel image. build.sh calls this with BUILD set; every
# .c and .S under kernel/, abi/, drivers/ and net/ is part of the kernel.

CROSS ?= aarch64-linux-gnu-
CC := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
BUILD ?= build/kernel

SRCDIRS := kernel abi drivers net
SRCS := $(shell find $(SRCDIRS) -name '*.c' -o -name '*.S' | LC_ALL=C sort)
OBJS := $(patsubst %,$(BUILD)/%.o,$(SRCS))

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
