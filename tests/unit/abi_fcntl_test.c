/*
 * Compares every constant of abi/linux/fcntl.h with Linux's own aarch64
 * uapi headers (linux-libc-dev-arm64-cross). The two cannot meet in one
 * file, so abi_fcntl_uapi.c gives Linux's values in the same order.
 */
#include "abi/linux/fcntl.h"
#include "abi/linux/stat.h"
#include "abi_fcntl_names.h"
#include "unit.h"

#define X(name) #name,
static const char *const names[] = { ABI_FCNTL_NAMES(X) };
#undef X
#define X(name) (long)(name),
static const long ours[] = { ABI_FCNTL_NAMES(X) };
#undef X

#ifdef HAVE_UAPI
extern const long uapi_fcntl_values[];

int main(void)
{
	for (size_t i = 0; i < sizeof(ours) / sizeof(ours[0]); i++) {
		unit_checks++;
		if (ours[i] != uapi_fcntl_values[i]) {
			unit_failed++;
			fprintf(stderr, "%s is %#lx, Linux has %#lx\n", names[i],
				ours[i], uapi_fcntl_values[i]);
		}
	}
	return unit_done("abi_fcntl_test");
}
#else
int main(void)
{
	(void)names;
	(void)ours;
	return unit_skip("abi_fcntl_test",
			 "no aarch64 uapi headers (linux-libc-dev-arm64-cross)");
}
#endif
