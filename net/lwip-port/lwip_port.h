/* Between the files of the lwIP port (net/lwip-port). */
#ifndef AKUMA_LWIP_PORT_H
#define AKUMA_LWIP_PORT_H

/* The boot-time loopback test (akuma.lwipselftest); selftest.c. */
void lwip_selftest_run(void);

/* Adds a netif for every network device (netif_eth.c); returns how many. */
int lwip_port_add_devices(void);

#endif
