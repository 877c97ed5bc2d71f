/*
 * The core of the test library: reporting, the forked test process with
 * its timeout, the counts shared by every process of a test, and the exit
 * status. See tst_test.h.
 */
#define TST_NO_DEFAULT_MAIN
#include "tst_test.h"

#include <sys/utsname.h>

#define DEFAULT_TIMEOUT 30

/*
 * The counts live in a shared anonymous page made before the test process
 * is forked, so that results reported by the test's own children count as
 * well. Increments are atomic: several processes may report at once.
 */
struct tst_results {
	int passed;
	int failed;
	int broken;
	int skipped;
	int warnings;
	pid_t main_pid;		/* the test process, which runs cleanup */
};

static struct tst_results *results;
static struct tst_test *tst;
static int in_cleanup;
static volatile sig_atomic_t timed_out;
static pid_t test_pid;

long TST_RET;
int TST_ERR;
int TST_PASS;

static const char *const errno_names[] = {
	[EPERM] = "EPERM", [ENOENT] = "ENOENT", [ESRCH] = "ESRCH",
	[EINTR] = "EINTR", [EIO] = "EIO", [ENXIO] = "ENXIO",
	[E2BIG] = "E2BIG", [ENOEXEC] = "ENOEXEC", [EBADF] = "EBADF",
	[ECHILD] = "ECHILD", [EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM",
	[EACCES] = "EACCES", [EFAULT] = "EFAULT", [ENOTBLK] = "ENOTBLK",
	[EBUSY] = "EBUSY", [EEXIST] = "EEXIST", [EXDEV] = "EXDEV",
	[ENODEV] = "ENODEV", [ENOTDIR] = "ENOTDIR", [EISDIR] = "EISDIR",
	[EINVAL] = "EINVAL", [ENFILE] = "ENFILE", [EMFILE] = "EMFILE",
	[ENOTTY] = "ENOTTY", [ETXTBSY] = "ETXTBSY", [EFBIG] = "EFBIG",
	[ENOSPC] = "ENOSPC", [ESPIPE] = "ESPIPE", [EROFS] = "EROFS",
	[EMLINK] = "EMLINK", [EPIPE] = "EPIPE", [EDOM] = "EDOM",
	[ERANGE] = "ERANGE", [EDEADLK] = "EDEADLK",
	[ENAMETOOLONG] = "ENAMETOOLONG", [ENOLCK] = "ENOLCK",
	[ENOSYS] = "ENOSYS", [ENOTEMPTY] = "ENOTEMPTY", [ELOOP] = "ELOOP",
	[ENOMSG] = "ENOMSG", [EIDRM] = "EIDRM", [ENOSTR] = "ENOSTR",
	[ENODATA] = "ENODATA", [ETIME] = "ETIME", [ENOSR] = "ENOSR",
	[ENOLINK] = "ENOLINK", [EPROTO] = "EPROTO", [EBADMSG] = "EBADMSG",
	[EOVERFLOW] = "EOVERFLOW", [EILSEQ] = "EILSEQ", [EUSERS] = "EUSERS",
	[ENOTSOCK] = "ENOTSOCK", [EDESTADDRREQ] = "EDESTADDRREQ",
	[EMSGSIZE] = "EMSGSIZE", [EPROTOTYPE] = "EPROTOTYPE",
	[ENOPROTOOPT] = "ENOPROTOOPT", [EPROTONOSUPPORT] = "EPROTONOSUPPORT",
	[ESOCKTNOSUPPORT] = "ESOCKTNOSUPPORT", [EOPNOTSUPP] = "EOPNOTSUPP",
	[EPFNOSUPPORT] = "EPFNOSUPPORT", [EAFNOSUPPORT] = "EAFNOSUPPORT",
	[EADDRINUSE] = "EADDRINUSE", [EADDRNOTAVAIL] = "EADDRNOTAVAIL",
	[ENETDOWN] = "ENETDOWN", [ENETUNREACH] = "ENETUNREACH",
	[ENETRESET] = "ENETRESET", [ECONNABORTED] = "ECONNABORTED",
	[ECONNRESET] = "ECONNRESET", [ENOBUFS] = "ENOBUFS",
	[EISCONN] = "EISCONN", [ENOTCONN] = "ENOTCONN",
	[ESHUTDOWN] = "ESHUTDOWN", [ETIMEDOUT] = "ETIMEDOUT",
	[ECONNREFUSED] = "ECONNREFUSED", [EHOSTDOWN] = "EHOSTDOWN",
	[EHOSTUNREACH] = "EHOSTUNREACH", [EALREADY] = "EALREADY",
	[EINPROGRESS] = "EINPROGRESS", [ESTALE] = "ESTALE",
	[EDQUOT] = "EDQUOT", [ECANCELED] = "ECANCELED",
	[EOWNERDEAD] = "EOWNERDEAD", [ENOTRECOVERABLE] = "ENOTRECOVERABLE",
};

const char *tst_strerrno(int err)
{
	if (err == 0)
		return "SUCCESS";
	if (err > 0 && (size_t)err < ARRAY_SIZE(errno_names) &&
	    errno_names[err])
		return errno_names[err];
	return "???";
}

static const char *type_name(int ttype)
{
	switch (ttype & TTYPE_MASK) {
	case TPASS: return "TPASS";
	case TFAIL: return "TFAIL";
	case TBROK: return "TBROK";
	case TWARN: return "TWARN";
	case TINFO: return "TINFO";
	case TCONF: return "TCONF";
	}
	return "T???";
}

/* One write(2) per line, so that lines of several processes never mix. */
static void out_line(const char *s)
{
	size_t len = strlen(s), done = 0;
	ssize_t n;

	while (done < len) {
		n = write(2, s + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		done += n;
	}
}

static void count(int ttype)
{
	int *c = NULL;

	if (!results)
		return;
	switch (ttype & TTYPE_MASK) {
	case TPASS: c = &results->passed; break;
	case TFAIL: c = &results->failed; break;
	case TBROK: c = &results->broken; break;
	case TCONF: c = &results->skipped; break;
	case TWARN: c = &results->warnings; break;
	}
	if (c)
		__atomic_fetch_add(c, 1, __ATOMIC_SEQ_CST);
}

static void vres(const char *file, int line, int ttype, const char *fmt,
		 va_list ap)
{
	int saved = errno, err = (ttype & TTERRNO) ? TST_ERR : saved;
	char buf[1024];
	size_t n;
	const char *base = strrchr(file, '/');

	n = snprintf(buf, sizeof(buf), "%s:%d: %s: ", base ? base + 1 : file,
		     line, type_name(ttype));
	if (n < sizeof(buf))
		n += vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	if (n < sizeof(buf) && (ttype & (TERRNO | TTERRNO)))
		n += snprintf(buf + n, sizeof(buf) - n, ": %s (%d): %s",
			      tst_strerrno(err), err, strerror(err));
	if (n >= sizeof(buf) - 1)
		n = sizeof(buf) - 2;
	buf[n] = '\n';
	buf[n + 1] = '\0';
	out_line(buf);
	count(ttype);
	errno = saved;
}

void tst_res_(const char *file, int line, int ttype, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vres(file, line, ttype, fmt, ap);
	va_end(ap);
}

static void do_cleanup(void)
{
	if (in_cleanup)
		return;
	in_cleanup = 1;
	if (tst->cleanup)
		tst->cleanup();
}

void tst_brk_(const char *file, int line, int ttype, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vres(file, line, ttype, fmt, ap);
	va_end(ap);
	/*
	 * A child of the test leaves with the type as its status (its
	 * parent's reaping accepts TBROK and TCONF); the test process runs
	 * cleanup first. A tst_brk inside cleanup just ends it.
	 */
	if (!results || getpid() != results->main_pid)
		_exit(ttype & TTYPE_MASK);
	do_cleanup();
	_exit(0);
}

/* ------------------------------------------------------------ TST_EXP */

static void label(char *buf, size_t size, const char *scall, const char *fmt,
		  va_list ap)
{
	if (fmt && *fmt)
		vsnprintf(buf, size, fmt, ap);
	else
		snprintf(buf, size, "%s", scall);
}

/* In a TST_EXP_* function: what, from its own format or the call's text. */
#define LABEL(what, scall, fmt)                                        \
	do {                                                           \
		va_list ap_;                                           \
		va_start(ap_, fmt);                                    \
		label(what, sizeof(what), scall, fmt, ap_);            \
		va_end(ap_);                                           \
	} while (0)

/*
 * TST_EXP_PASS and TST_EXP_FD: -1 fails with errno, any other value that
 * is not ok fails as invalid; the caller reports the pass.
 */
static int ret_ok(const char *file, int line, const char *what, int ok)
{
	TST_PASS = 0;
	if (TST_RET == -1)
		tst_res_(file, line, TFAIL | TTERRNO, "%s failed", what);
	else if (!ok)
		tst_res_(file, line, TFAIL | TTERRNO,
			 "%s invalid retval %ld", what, TST_RET);
	else
		TST_PASS = 1;
	return TST_PASS;
}

void tst_exp_pass_(const char *file, int line, const char *scall, int silent,
		   const char *fmt, ...)
{
	char what[512];

	LABEL(what, scall, fmt);
	if (ret_ok(file, line, what, TST_RET == 0) && !silent)
		tst_res_(file, line, TPASS, "%s passed", what);
}

void tst_exp_fd_(const char *file, int line, const char *scall, int kind,
		 const char *fmt, ...)
{
	char what[512];

	LABEL(what, scall, fmt);
	if (ret_ok(file, line, what, TST_RET >= 0))
		tst_res_(file, line, TPASS, "%s returned %s %ld", what,
			 kind == TST_EXP_KIND_FD ? "fd" : "", TST_RET);
}

void tst_exp_val_(const char *file, int line, const char *scall, long val,
		  const char *fmt, ...)
{
	char what[512];

	LABEL(what, scall, fmt);
	TST_PASS = 0;
	if (TST_RET == -1) {
		tst_res_(file, line, TFAIL | TTERRNO, "%s failed (wanted %ld)",
			 what, val);
	} else if (TST_RET != val) {
		tst_res_(file, line, TFAIL, "%s returned %ld, wanted %ld",
			 what, TST_RET, val);
	} else {
		TST_PASS = 1;
		tst_res_(file, line, TPASS, "%s returned %ld", what, TST_RET);
	}
}

void tst_exp_fail_(const char *file, int line, const char *scall, int err,
		   const char *fmt, ...)
{
	char what[512];

	LABEL(what, scall, fmt);
	TST_PASS = 0;
	if (TST_RET != -1) {
		tst_res_(file, line, TFAIL, "%s succeeded (returned %ld), "
			 "wanted %s", what, TST_RET, tst_strerrno(err));
	} else if (TST_ERR != err) {
		tst_res_(file, line, TFAIL | TTERRNO, "%s wanted %s, got",
			 what, tst_strerrno(err));
	} else {
		TST_PASS = 1;
		tst_res_(file, line, TPASS | TTERRNO, "%s failed as expected",
			 what);
	}
}

void tst_exp_expr_(const char *file, int line, const char *expr, int ok,
		   const char *fmt, ...)
{
	char what[512];

	LABEL(what, expr, fmt);
	TST_PASS = ok;
	tst_res_(file, line, ok ? TPASS : TFAIL, "Expect: %s", what);
}

void tst_exp_eq_li_(const char *file, int line, const char *a, long long va,
		    const char *b, long long vb)
{
	TST_PASS = va == vb;
	if (TST_PASS)
		tst_res_(file, line, TPASS, "%s == %s (%lld)", a, b, va);
	else
		tst_res_(file, line, TFAIL, "%s (%lld) != %s (%lld)", a, va,
			 b, vb);
}

void tst_exp_eq_lu_(const char *file, int line, const char *a,
		    unsigned long long va, const char *b,
		    unsigned long long vb)
{
	TST_PASS = va == vb;
	if (TST_PASS)
		tst_res_(file, line, TPASS, "%s == %s (%llu)", a, b, va);
	else
		tst_res_(file, line, TFAIL, "%s (%llu) != %s (%llu)", a, va,
			 b, vb);
}

/* ------------------------------------------------------------ running */

/* Children that died of a signal or left with an odd status are TBROK. */
static void check_child(pid_t pid, int status)
{
	if (WIFSIGNALED(status)) {
		tst_res(TBROK, "child %d killed by signal %d", pid,
			WTERMSIG(status));
		return;
	}
	if (!WIFEXITED(status)) {
		tst_res(TBROK, "child %d exited abnormally", pid);
		return;
	}
	switch (WEXITSTATUS(status)) {
	case 0:
	case TBROK:
	case TCONF:
		return;
	}
	tst_res(TBROK, "child %d exited with status %d", pid,
		WEXITSTATUS(status));
}

void tst_reap_children(void)
{
	int status;
	pid_t pid;

	for (;;) {
		pid = waitpid(-1, &status, 0);
		if (pid > 0) {
			check_child(pid, status);
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno != ECHILD)
			tst_res(TWARN | TERRNO, "waitpid");
		return;
	}
}

static void run_test_process(void)
{
	unsigned int n;

	setpgid(0, 0);
	results->main_pid = getpid();
	if (tst->needs_root && geteuid() != 0)
		tst_brk(TCONF, "Test needs root");
	if (tst->min_kver && tst_kvercmp_str(tst->min_kver) < 0)
		tst_brk(TCONF, "Test needs kernel %s or newer", tst->min_kver);
	if (tst->setup)
		tst->setup();
	if (tst->test_all) {
		tst->test_all();
		tst_reap_children();
	} else if (tst->test) {
		for (n = 0; n < tst->tcnt; n++) {
			tst->test(n);
			tst_reap_children();
		}
	} else {
		tst_brk(TBROK, "struct tst_test has neither test nor test_all");
	}
	do_cleanup();
	_exit(0);
}

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
	if (test_pid > 0) {
		kill(-test_pid, SIGKILL);
		kill(test_pid, SIGKILL);
	}
}

static int exit_status(void)
{
	int ret = 0;

	if (results->failed)
		ret |= TFAIL;
	if (results->broken)
		ret |= TBROK;
	if (results->warnings)
		ret |= TWARN;
	if (results->skipped)
		ret |= TCONF;
	return ret;
}

static void summary(void)
{
	char buf[256];

	snprintf(buf, sizeof(buf),
		 "\nSummary:\npassed   %d\nfailed   %d\nbroken   %d\n"
		 "skipped  %d\nwarnings %d\n", results->passed,
		 results->failed, results->broken, results->skipped,
		 results->warnings);
	out_line(buf);
}

void tst_run_tcases(int argc, char *argv[], struct tst_test *test)
{
	struct sigaction sa;
	int timeout, status;
	pid_t pid;

	(void)argc;
	(void)argv;
	tst = test;
	/* Output written with stdio must not sit in a buffer across fork. */
	setvbuf(stdout, NULL, _IONBF, 0);
	results = mmap(NULL, sizeof(*results), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (results == MAP_FAILED) {
		results = NULL;
		tst_brk(TBROK | TERRNO, "mmap of the results page");
	}
	memset(results, 0, sizeof(*results));
	timeout = test->timeout > 0 ? test->timeout : DEFAULT_TIMEOUT;
	tst_res(TINFO, "Timeout per run is %dh %02dm %02ds", timeout / 3600,
		timeout / 60 % 60, timeout % 60);

	pid = fork();
	if (pid < 0)
		tst_brk(TBROK | TERRNO, "fork of the test process");
	if (pid == 0)
		run_test_process();
	test_pid = pid;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	alarm(timeout);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			tst_res(TBROK | TERRNO, "waitpid of the test process");
			status = 0;
			break;
		}
	}
	alarm(0);
	/* Whatever the test left behind in its group goes too. */
	kill(-pid, SIGKILL);
	if (timed_out) {
		tst_res(TBROK, "Test killed! (timeout?)");
	} else if (WIFSIGNALED(status)) {
		tst_res(TBROK, "Test killed by signal %d", WTERMSIG(status));
	} else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		tst_res(TBROK, "Test process exited with status %d",
			WEXITSTATUS(status));
	}
	summary();
	exit(exit_status());
}

/* ------------------------------------------------------------ helpers */

int tst_kvercmp_str(const char *ver)
{
	struct utsname u;
	int have[3] = { 0, 0, 0 }, want[3] = { 0, 0, 0 }, i;

	if (uname(&u))
		return 0;
	sscanf(u.release, "%d.%d.%d", &have[0], &have[1], &have[2]);
	sscanf(ver, "%d.%d.%d", &want[0], &want[1], &want[2]);
	for (i = 0; i < 3; i++)
		if (have[i] != want[i])
			return have[i] < want[i] ? -1 : 1;
	return 0;
}

void *tst_get_bad_addr(void (*cleanup)(void))
{
	void *p;

	(void)cleanup;
	p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		tst_brk(TBROK | TERRNO, "mmap of a PROT_NONE page");
	return p;
}

void tst_init_sockaddr_inet(struct sockaddr_in *sa, const char *ip,
			    uint16_t port)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons(port);
	if (!ip)
		sa->sin_addr.s_addr = htonl(INADDR_ANY);
	else if (inet_pton(AF_INET, ip, &sa->sin_addr) != 1)
		tst_brk(TBROK, "bad IPv4 address %s", ip);
}

void tst_init_sockaddr_inet_bin(struct sockaddr_in *sa, uint32_t ip,
				uint16_t port)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons(port);
	sa->sin_addr.s_addr = htonl(ip);
}

int tst_get_unused_port(int family, int type)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int fd, port;

	memset(&ss, 0, sizeof(ss));
	ss.ss_family = family;
	fd = socket(family, type, 0);
	if (fd < 0)
		tst_brk(TBROK | TERRNO, "socket");
	if (bind(fd, (struct sockaddr *)&ss,
		 family == AF_INET ? sizeof(struct sockaddr_in)
				   : sizeof(struct sockaddr_in6)) < 0)
		tst_brk(TBROK | TERRNO, "bind to port 0");
	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		tst_brk(TBROK | TERRNO, "getsockname");
	port = family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
				 : ((struct sockaddr_in6 *)&ss)->sin6_port;
	close(fd);
	return port;
}

unsigned long long tst_timespec_diff_us(struct timespec t1,
					struct timespec t2)
{
	long long us = (long long)(t1.tv_sec - t2.tv_sec) * 1000000LL +
		       (t1.tv_nsec - t2.tv_nsec) / 1000;

	return (unsigned long long)us;
}

struct timespec tst_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts;
}

void tst_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}
