/*
 * net/lwip-port/errno_map.c: every err_t of lwIP 2.1.3 (values from
 * lwip/err.h) gets the Linux errno the socket layer must return. The
 * expected values come from the host's <errno.h>, Linux's numbers.
 */
#include <errno.h>
#include "unit.h"
#include "net/lwip-port/errno_map.h"

static const struct {
	int err;       /* lwIP's err_t */
	int expect;    /* 0 or -errno */
} cases[] = {
	{ 0, 0 },              /* ERR_OK */
	{ -1, -ENOMEM },       /* ERR_MEM */
	{ -2, -ENOBUFS },      /* ERR_BUF */
	{ -3, -EAGAIN },       /* ERR_TIMEOUT */
	{ -4, -ENETUNREACH },  /* ERR_RTE */
	{ -5, -EINPROGRESS },  /* ERR_INPROGRESS */
	{ -6, -EINVAL },       /* ERR_VAL */
	{ -7, -EAGAIN },       /* ERR_WOULDBLOCK */
	{ -8, -EADDRINUSE },   /* ERR_USE */
	{ -9, -EALREADY },     /* ERR_ALREADY */
	{ -10, -EISCONN },     /* ERR_ISCONN */
	{ -11, -ENOTCONN },    /* ERR_CONN */
	{ -12, -EIO },         /* ERR_IF */
	{ -13, -ECONNABORTED },/* ERR_ABRT */
	{ -14, -ECONNRESET },  /* ERR_RST */
	{ -15, -ENOTCONN },    /* ERR_CLSD */
	{ -16, -EINVAL },      /* ERR_ARG */
	{ -17, -EIO },         /* not an err_t */
	{ -128, -EIO },
	{ 1, -EIO },
};

int main(void)
{
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_EQ(lwip_err_to_errno(cases[i].err), cases[i].expect);
	return unit_done("lwip_errno_test");
}
