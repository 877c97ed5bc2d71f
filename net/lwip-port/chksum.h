/* lwIP's checksum routine (LWIP_CHKSUM in lwipopts.h); chksum.c. */
#ifndef AKUMA_LWIP_PORT_CHKSUM_H
#define AKUMA_LWIP_PORT_CHKSUM_H

/*
 * The Internet checksum of len bytes at data, folded to 16 bits, not
 * complemented, in the byte order lwIP's own lwip_standard_chksum gives.
 */
unsigned short lwip_port_chksum(const void *data, int len);

#endif
