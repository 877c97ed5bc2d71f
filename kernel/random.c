/*
 * Kernel randomness: a ChaCha20 keystream keyed from the device tree's
 * rng-seed (QEMU provides one) and the counter at boot, rekeyed from its
 * own output after every request so earlier output cannot be recovered.
 */
#include "fdt.h"
#include "irq.h"
#include "lib.h"
#include "spinlock.h"

/* rng_lock protects key and nonce. */
static struct spinlock rng_lock = SPINLOCK_INIT("rng");
static u32 key[8];
static u64 nonce;

#define ROTL(v, n) (((v) << (n)) | ((v) >> (32 - (n))))
#define QR(a, b, c, d)                                                       \
	do {                                                                 \
		a += b; d ^= a; d = ROTL(d, 16);                             \
		c += d; b ^= c; b = ROTL(b, 12);                             \
		a += b; d ^= a; d = ROTL(d, 8);                              \
		c += d; b ^= c; b = ROTL(b, 7);                              \
	} while (0)

static void chacha_block(u32 out[16], u64 counter)
{
	u32 in[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
	u32 x[16];

	memcpy(&in[4], key, 32);
	in[12] = (u32)counter;
	in[13] = (u32)(counter >> 32);
	in[14] = (u32)nonce;
	in[15] = (u32)(nonce >> 32);
	memcpy(x, in, sizeof(x));
	for (int i = 0; i < 10; i++) {
		QR(x[0], x[4], x[8], x[12]);
		QR(x[1], x[5], x[9], x[13]);
		QR(x[2], x[6], x[10], x[14]);
		QR(x[3], x[7], x[11], x[15]);
		QR(x[0], x[5], x[10], x[15]);
		QR(x[1], x[6], x[11], x[12]);
		QR(x[2], x[7], x[8], x[13]);
		QR(x[3], x[4], x[9], x[14]);
	}
	for (int i = 0; i < 16; i++)
		out[i] = x[i] + in[i];
}

void random_init(void)
{
	struct fdt_node n;
	const u8 *seed;
	int len = 0;
	u64 t = timer_now();

	if (fdt_find_node("chosen", &n)) {
		seed = fdt_prop(&n, "rng-seed", &len);
		for (int i = 0; seed && i < len; i++)
			((u8 *)key)[i % 32] ^= seed[i];
		seed = fdt_prop(&n, "kaslr-seed", &len);
		for (int i = 0; seed && i < len; i++)
			((u8 *)key)[(i + 16) % 32] ^= seed[i];
	}
	key[7] ^= (u32)t;
	key[6] ^= (u32)(t >> 32);
}

/* Fills buf; never blocks (the pool is seeded before user space runs). */
long get_random_bytes(void *buf, size_t n)
{
	u32 block[16];
	u64 ctr = 1;
	size_t done = 0;

	spin_lock(&rng_lock);
	/* Block 0 becomes the next key; the caller never sees it. */
	chacha_block(block, 0);
	while (done < n) {
		u32 out[16];
		size_t c = MIN(n - done, sizeof(out));

		chacha_block(out, ctr++);
		memcpy((u8 *)buf + done, out, c);
		done += c;
	}
	memcpy(key, block, 32);
	nonce++;
	spin_unlock(&rng_lock);
	return n;
}
