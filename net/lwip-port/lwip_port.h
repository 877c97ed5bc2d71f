/* Between the files of the lwIP port (net/lwip-port). */
#ifndef AKUMA_LWIP_PORT_H
#define AKUMA_LWIP_PORT_H

/* The boot-time loopback test (akuma.lwipselftest); selftest.c. */
void lwip_selftest_run(void);

#endif
