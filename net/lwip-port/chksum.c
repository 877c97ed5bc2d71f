/*
 * lwIP's Internet checksum (LWIP_CHKSUM), eight bytes per load.
 *
 * Every TCP segment received from the card is summed once, so the loop
 * matters: lwIP's portable version adds 16 bits at a time, and under
 * QEMU's TCG each instruction costs about the same whatever its width.
 * The ones' complement sum does not care how the words are grouped (2^16
 * is 1 modulo 2^16 - 1), so 64-bit little-endian loads split in 32-bit
 * halves, added into a 64-bit accumulator and folded at the end, give the
 * same 16 bits as lwIP's version, including its byte swap for data that
 * starts at an odd address. The kernel allows unaligned loads (SCTLR_EL1.A
 * is clear). Self-contained, for the host unit test (tests/unit).
 */
#include "chksum.h"

typedef unsigned long long __attribute__((aligned(1), may_alias)) u64_unaligned;

static unsigned long long fold64(unsigned long long s)
{
	s = (s & 0xffffffffULL) + (s >> 32);
	s = (s & 0xffffffffULL) + (s >> 32);
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return s;
}

unsigned short lwip_port_chksum(const void *data, int len)
{
	const unsigned char *p = data;
	unsigned long long sum = 0, w;
	unsigned short t = 0;
	int odd = (unsigned long)p & 1;

	if (len <= 0)
		return 0;
	/* As lwIP: an odd first byte is the high half of a word, swapped at the end. */
	if (odd) {
		((unsigned char *)&t)[1] = *p++;
		len--;
	}
	for (; len >= 32; len -= 32, p += 32) {
		const u64_unaligned *q = (const u64_unaligned *)p;

		w = q[0];
		sum += (w & 0xffffffffULL) + (w >> 32);
		w = q[1];
		sum += (w & 0xffffffffULL) + (w >> 32);
		w = q[2];
		sum += (w & 0xffffffffULL) + (w >> 32);
		w = q[3];
		sum += (w & 0xffffffffULL) + (w >> 32);
	}
	for (; len >= 8; len -= 8, p += 8) {
		w = *(const u64_unaligned *)p;
		sum += (w & 0xffffffffULL) + (w >> 32);
	}
	for (; len >= 2; len -= 2, p += 2)
		sum += (unsigned long long)p[0] | (unsigned long long)p[1] << 8;
	if (len)
		((unsigned char *)&t)[0] = *p;
	sum = fold64(sum + t);
	if (odd)
		sum = ((sum & 0xff) << 8) | (sum >> 8);
	return (unsigned short)sum;
}
