/*
 * The system's names: uname(2) reads them, sethostname(2) and
 * setdomainname(2) change two of them, /proc/sys/kernel shows them.
 */
#include "lib.h"
#include "spinlock.h"
#include "abi/linux/errno.h"
#include "abi/linux/utsname.h"

/* uts_lock protects uts. */
static struct spinlock uts_lock = SPINLOCK_INIT("uts");
static struct new_utsname uts = {
	.sysname = UTS_SYSNAME,
	.nodename = "(none)",
	.release = UTS_RELEASE,
	.version = UTS_VERSION,
	.machine = UTS_MACHINE,
	.domainname = "(none)",
};

void uts_get(struct new_utsname *out)
{
	spin_lock(&uts_lock);
	*out = uts;
	spin_unlock(&uts_lock);
}

/* which: 0 for the host name, 1 for the domain name. */
int uts_set(int which, const char *name, size_t len)
{
	char *dst = which ? uts.domainname : uts.nodename;

	if (len > UTS_LEN)
		return -EINVAL;
	spin_lock(&uts_lock);
	memcpy(dst, name, len);
	memset(dst + len, 0, UTS_LEN + 1 - len);
	spin_unlock(&uts_lock);
	return 0;
}
