/*
 * lwIP's err_t never leaves net/: the socket layer turns it into a Linux
 * errno here (errno_map.c), in one table.
 */
#ifndef AKUMA_LWIP_ERRNO_MAP_H
#define AKUMA_LWIP_ERRNO_MAP_H

/* 0 for ERR_OK, else -Exxx (Linux's value); -EIO for an unknown err_t. */
int lwip_err_to_errno(int err);

#endif
