/*
 * The PL011 UART the device tree names as the console: polled output,
 * interrupt-driven input fed to the console tty.
 */
#include "fdt.h"
#include "lib.h"
#include "mm.h"
#include "irq.h"
#include "vfs.h"

#define UART_DR 0x00
#define UART_FR 0x18
#define UART_IMSC 0x38
#define UART_MIS 0x40
#define UART_ICR 0x44
#define FR_RXFE (1 << 4)
#define FR_TXFF (1 << 5)
#define INT_RX (1 << 4)
#define INT_RT (1 << 6)

static volatile u32 *uart;

static inline u32 rd(int reg)
{
	return uart[reg / 4];
}

static inline void wr(int reg, u32 v)
{
	uart[reg / 4] = v;
}

void uart_putc(char c)
{
	if (!uart)
		return;
	while (rd(UART_FR) & FR_TXFF)
		;
	wr(UART_DR, (u8)c);
}

void uart_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		uart_putc(s[i]);
}

static void uart_irq(void *arg)
{
	wr(UART_ICR, INT_RX | INT_RT);
	while (!(rd(UART_FR) & FR_RXFE))
		tty_receive_char((char)rd(UART_DR));
}

/* Maps the UART early so that printk works; interrupts come later. */
void uart_init(void)
{
	struct fdt_node n;
	u64 base, size;

	if (!fdt_find_compatible("arm,pl011", &n) || !fdt_reg(&n, 0, &base, &size))
		return;
	uart = ioremap(base, size);
}

void uart_init_irq(void)
{
	struct fdt_node n;
	int irq;

	if (!fdt_find_compatible("arm,pl011", &n))
		return;
	irq = fdt_irq(&n, 0);
	if (irq < 0)
		return;
	irq_register(irq, uart_irq, NULL);
	wr(UART_IMSC, INT_RX | INT_RT);
}
