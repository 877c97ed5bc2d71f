/*
 * lwIP's err_t to Linux errno, the one table (not lwIP's err.c, whose
 * values are a C library's and whose choices are BSD sockets'). Where an
 * err_t means different things in different calls (ERR_CLSD is EPIPE for
 * a send but end-of-file for a receive), the socket layer decides before
 * calling this; the table holds the meaning for a call with no context.
 */
#include "lwip/err.h"
#include "abi/linux/errno.h"
#include "errno_map.h"

static const int errno_of[] = {
	[-ERR_OK] = 0,
	[-ERR_MEM] = ENOMEM,
	[-ERR_BUF] = ENOBUFS,
	[-ERR_TIMEOUT] = EAGAIN,        /* SO_RCVTIMEO/SO_SNDTIMEO ran out */
	[-ERR_RTE] = ENETUNREACH,       /* no interface routes there */
	[-ERR_INPROGRESS] = EINPROGRESS,
	[-ERR_VAL] = EINVAL,
	[-ERR_WOULDBLOCK] = EAGAIN,
	[-ERR_USE] = EADDRINUSE,
	[-ERR_ALREADY] = EALREADY,
	[-ERR_ISCONN] = EISCONN,
	[-ERR_CONN] = ENOTCONN,
	[-ERR_IF] = EIO,                /* the interface failed to send */
	[-ERR_ABRT] = ECONNABORTED,
	[-ERR_RST] = ECONNRESET,
	[-ERR_CLSD] = ENOTCONN,
	[-ERR_ARG] = EINVAL,
};

int lwip_err_to_errno(int err)
{
	if (err > 0 || -err >= (int)ARRAY_SIZE(errno_of))
		return -EIO;
	return -errno_of[-err];
}
