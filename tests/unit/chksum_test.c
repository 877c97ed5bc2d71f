/*
 * net/lwip-port/chksum.c against the Internet checksum summed 16 bits at
 * a time in memory order (what lwIP's own lwip_standard_chksum computes),
 * for every start alignment and many lengths, on random bytes and on the
 * all-ones words that carry the most.
 */
#include <stdlib.h>
#include <string.h>
#include "net/lwip-port/chksum.h"
#include "unit.h"

static unsigned short reference(const unsigned char *p, int len)
{
	unsigned long sum = 0;
	int odd = (unsigned long)p & 1;
	unsigned short t = 0;

	if (odd && len > 0) {
		((unsigned char *)&t)[1] = *p++;
		len--;
	}
	for (; len > 1; len -= 2, p += 2)
		sum += (unsigned long)p[0] | (unsigned long)p[1] << 8;
	if (len > 0)
		((unsigned char *)&t)[0] = *p;
	sum += t;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	if (odd)
		sum = ((sum & 0xff) << 8) | (sum >> 8);
	return (unsigned short)sum;
}

int main(void)
{
	static unsigned char buf[4096 + 16];
	int bad = 0, runs = 0;

	srand(1);
	for (int fill = 0; fill < 2; fill++) {
		for (size_t i = 0; i < sizeof(buf); i++)
			buf[i] = fill ? 0xff : (unsigned char)rand();
		for (int off = 0; off < 8; off++) {
			for (int len = 0; len <= 4096; len += (len < 80 ? 1 : 37)) {
				runs++;
				if (lwip_port_chksum(buf + off, len) !=
				    reference(buf + off, len))
					bad++;
			}
		}
	}
	CHECK(runs > 1000);
	CHECK_EQ(bad, 0);
	return unit_done("chksum_test");
}
