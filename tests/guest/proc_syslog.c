/*
 * syslog(2), which dmesg uses: the buffer size, reading all of the log in
 * Linux's "<level>[seconds.micros] text" lines, partial reads of whole
 * lines, clearing, the console level, and the errors.
 */
#include <stdio.h>
#include <stdlib.h>

#include "guest.h"

#define SYSLOG_ACTION_CLOSE 0
#define SYSLOG_ACTION_OPEN 1
#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_READ_CLEAR 4
#define SYSLOG_ACTION_CLEAR 5
#define SYSLOG_ACTION_CONSOLE_OFF 6
#define SYSLOG_ACTION_CONSOLE_ON 7
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_UNREAD 9
#define SYSLOG_ACTION_SIZE_BUFFER 10

static char buf[1 << 20];

/* Every line is "<d>[sssss.uuuuuu] text\n"; returns how many there are. */
static int check_lines(const char *p, long n)
{
	const char *end = p + n;
	int lines = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *t;

		if (!nl) {
			check_fail(__FILE__, __LINE__, "no newline at the end");
			return lines;
		}
		t = p;
		if (t[0] != '<' || t[1] < '0' || t[1] > '7' || t[2] != '>' ||
		    t[3] != '[') {
			check_fail(__FILE__, __LINE__, "line \"%.*s\"",
				   (int)(nl - p), p);
			return lines;
		}
		t += 4;
		while (*t == ' ')
			t++;
		while (*t >= '0' && *t <= '9')
			t++;
		if (t[0] != '.' || t[7] != ']' || t[8] != ' ' ||
		    t - (p + 4) < 5) {
			check_fail(__FILE__, __LINE__, "time in \"%.*s\"",
				   (int)(nl - p), p);
			return lines;
		}
		lines++;
		p = nl + 1;
	}
	return lines;
}

int main(void)
{
	long size = SYS(SYS_syslog, SYSLOG_ACTION_SIZE_BUFFER, 0, 0);
	long all, part, after;

	CHECK(size >= 4096);
	CHECK_EQ(SYS(SYS_syslog, SYSLOG_ACTION_OPEN, 0, 0), 0);
	CHECK_EQ(SYS(SYS_syslog, SYSLOG_ACTION_CLOSE, 0, 0), 0);
	CHECK(SYS(SYS_syslog, SYSLOG_ACTION_SIZE_UNREAD, 0, 0) >= 0);

	/* Everything since boot: the kernel said something. */
	all = SYS(SYS_syslog, SYSLOG_ACTION_READ_ALL, buf, sizeof(buf));
	CHECK(all > 0 && all <= size);
	CHECK(check_lines(buf, all) >= 1);

	/* A smaller buffer gets the newest whole lines that fit. */
	part = SYS(SYS_syslog, SYSLOG_ACTION_READ_ALL, buf, 100);
	CHECK(part >= 0 && part <= 100);
	check_lines(buf, part);
	CHECK_EQ(SYS(SYS_syslog, SYSLOG_ACTION_READ_ALL, buf, 0), 0);

	/* The errors, in Linux's order: buffer and length, then access. */
	CHECK_ERR(SYS(SYS_syslog, SYSLOG_ACTION_READ_ALL, 0, 100), EINVAL);
	CHECK_ERR(SYS(SYS_syslog, SYSLOG_ACTION_READ_ALL, buf, -1), EINVAL);
	CHECK_ERR(SYS(SYS_syslog, SYSLOG_ACTION_READ_ALL, 0, -1), EINVAL);
	CHECK_ERR(SYS(SYS_syslog, SYSLOG_ACTION_READ_ALL, KERNEL_ADDR, 100),
		  EFAULT);
	CHECK_ERR(SYS(SYS_syslog, SYSLOG_ACTION_READ_ALL, unmapped_addr(),
		      size), EFAULT);
	CHECK_ERR(SYS(SYS_syslog, 11, buf, 100), EINVAL);
	CHECK_ERR(SYS(SYS_syslog, -1, buf, 100), EINVAL);
	CHECK_ERR(SYS(SYS_syslog, SYSLOG_ACTION_CONSOLE_LEVEL, 0, 0), EINVAL);
	CHECK_ERR(SYS(SYS_syslog, SYSLOG_ACTION_CONSOLE_LEVEL, 0, 9), EINVAL);

	/* The console level changes and comes back. */
	CHECK_EQ(SYS(SYS_syslog, SYSLOG_ACTION_CONSOLE_OFF, 0, 0), 0);
	CHECK_EQ(SYS(SYS_syslog, SYSLOG_ACTION_CONSOLE_ON, 0, 0), 0);
	CHECK_EQ(SYS(SYS_syslog, SYSLOG_ACTION_CONSOLE_LEVEL, 0, 7), 0);

	/* READ_CLEAR returns the log, and afterwards there is less of it. */
	all = SYS(SYS_syslog, SYSLOG_ACTION_READ_ALL, buf, sizeof(buf));
	CHECK_EQ(SYS(SYS_syslog, SYSLOG_ACTION_READ_CLEAR, buf, sizeof(buf)),
		 all);
	after = SYS(SYS_syslog, SYSLOG_ACTION_READ_ALL, buf, sizeof(buf));
	CHECK(after >= 0 && after < all);
	CHECK_EQ(SYS(SYS_syslog, SYSLOG_ACTION_CLEAR, 0, 0), 0);
	return check_done();
}
