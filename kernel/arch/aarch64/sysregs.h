/* System register values and page table bits, shared by C and assembly. */
#ifndef AKUMA_SYSREGS_H
#define AKUMA_SYSREGS_H

/* MAIR indexes: 0 device nGnRE, 1 normal write-back, 2 normal uncached. */
#define MT_DEVICE 0
#define MT_NORMAL 1
#define MT_NORMAL_NC 2
#define MAIR_VALUE 0x44ff04

/*
 * TCR: 48-bit halves, 4 KiB granules, inner-shareable write-back walks,
 * 16-bit ASIDs taken from TTBR0, top byte ignored for user addresses as on
 * Linux. IPS is filled in from the CPU at boot.
 */
#define TCR_VALUE 0x30b5103510

/* MMU, caches, stack alignment checks, EL0 access to WFI/WFE, CTR_EL0,
 * DC ZVA and cache maintenance, as Linux grants them, plus the RES1 bits. */
#define SCTLR_EL1_MMU_ON 0x34d5d81d
#define SCTLR_EL1_RESET 0x30d00800

/* Descriptor bits (stage 1, 4 KiB granule). */
#define PTE_VALID (1UL << 0)
#define PTE_TABLE (1UL << 1)  /* at levels 0-2; at level 3 it marks a page */
#define PTE_PAGE (3UL << 0)
#define PTE_BLOCK (1UL << 0)
#define PTE_ATTR(n) ((n) << 2)
#define PTE_USER (1UL << 6)   /* AP[1]: EL0 access */
#define PTE_RDONLY (1UL << 7) /* AP[2] */
#define PTE_SH_INNER (3UL << 8)
#define PTE_AF (1UL << 10)
#define PTE_NG (1UL << 11)
#define PTE_PXN (1UL << 53)
#define PTE_UXN (1UL << 54)
#define PTE_COW (1UL << 55)   /* software: write fault copies the page */
#define PTE_PROTNONE (1UL << 56) /* software: invalid, but holds a page */
#define PTE_ADDR_MASK 0x0000fffffffff000UL

#define PTE_KERNEL_BLOCK 0x0040000000000705 /* block, normal, AF, UXN */
#define PTE_DEVICE_BLOCK 0x0060000000000401 /* block, device, AF, PXN, UXN */

/* ESR_EL1 exception classes. */
#define ESR_EC_SHIFT 26
#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_FP 0x07
#define EC_ILLEGAL 0x0e
#define EC_SVC64 0x15
#define EC_SYS64 0x18
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define EC_SP_ALIGN 0x26
#define EC_FP64 0x2c
#define EC_SERROR 0x2f
#define EC_BRK64 0x3c

#endif
