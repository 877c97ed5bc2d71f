/*
 * The console tty: Linux's n_tty line discipline, cut down to what a
 * serial console needs, over the PL011.
 *
 * Input arrives one character at a time from the UART interrupt, which
 * edits the line (erase, kill, word erase, literal next), echoes and
 * wakes readers. The input ring holds characters with a flag for line
 * ends and end-of-file marks; in canonical mode only what lies before the
 * last line end (canon) is readable, in raw mode everything is.
 *
 * Output is written synchronously to the UART with OPOST processing
 * (ONLCR, OCRNL, ONOCR). The column is tracked so that erasing a tab
 * backs up the right number of places.
 *
 * Lock: tty.lock, a spinlock, protects every field but the wait queues;
 * the interrupt takes it, so nothing sleeps or copies user memory under it.
 */
#include "fs/fs.h"
#include "irq.h"
#include "lib.h"
#include "tty.h"
#include "uaccess.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/poll.h"
#include "abi/linux/signal.h"

#define SIGINT 2
#define SIGQUIT 3
#define SIGTSTP 20

/* The ring size, as N_TTY_BUF_SIZE; a power of two. */
#define TTY_BUF 4096
/* Flags stored above the character in the ring. */
#define TTY_EOL 0x100  /* ends a canonical line */
#define TTY_EOF 0x200  /* ^D: ends a line and is never read */

#define CTRL(c) ((c) & 0x1f)

static struct {
	struct spinlock lock;
	bool ready;               /* console_init has run */
	struct linux_termios termios;
	struct linux_winsize winsize; /* 0x0 until set, as Linux's serial console */
	u16 buf[TTY_BUF];
	u32 head;                 /* next slot the interrupt fills */
	u32 canon;                /* end of what readers may take */
	u32 tail;                 /* next slot a reader takes */
	bool lnext;               /* the next character is literal */
	int signal;               /* for tty_signal once the lock is dropped */
	bool stopped;             /* output stopped by VSTOP or TCOOFF */
	u32 column;               /* output column */
	u32 canon_column;         /* column where the edited line began */
	char obuf[64];            /* output on its way to the UART */
	size_t olen;
	struct waitq read_wq;     /* readers wait for input */
	struct waitq write_wq;    /* writers wait while output is stopped */
} tty = { .lock = SPINLOCK_INIT("tty") };

/* Linux's tty_std_termios with a serial console's CLOCAL, and INIT_C_CC. */
static const struct linux_termios default_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD | HUPCL | CLOCAL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE |
		   IEXTEN,
	.c_cc = {
		[VINTR] = CTRL('C'), [VQUIT] = CTRL('\\'), [VERASE] = 0x7f,
		[VKILL] = CTRL('U'), [VEOF] = CTRL('D'), [VTIME] = 0,
		[VMIN] = 1, [VSTART] = CTRL('Q'), [VSTOP] = CTRL('S'),
		[VSUSP] = CTRL('Z'), [VREPRINT] = CTRL('R'),
		[VDISCARD] = CTRL('O'), [VWERASE] = CTRL('W'),
		[VLNEXT] = CTRL('V'),
	},
};

void console_init(void)
{
	waitq_init(&tty.read_wq);
	waitq_init(&tty.write_wq);
	spin_lock(&tty.lock);
	tty.termios = default_termios;
	tty.ready = true;
	spin_unlock(&tty.lock);
}

/* kernel/jobctl.c: signals the foreground process group. */
void tty_signal(int sig);

static bool L(u32 flag)
{
	return tty.termios.c_lflag & flag;
}

static bool I(u32 flag)
{
	return tty.termios.c_iflag & flag;
}

static bool O(u32 flag)
{
	return tty.termios.c_oflag & flag;
}

/* A NUL control character is disabled (_POSIX_VDISABLE). */
static bool is_cc(u8 c, int idx)
{
	return tty.termios.c_cc[idx] && c == tty.termios.c_cc[idx];
}

static bool is_cntrl(u8 c)
{
	return c < 0x20 || c == 0x7f;
}

static void flush_output(void)
{
	uart_write(tty.obuf, tty.olen);
	tty.olen = 0;
}

static void put_raw(u8 c)
{
	if (tty.olen == sizeof(tty.obuf))
		flush_output();
	tty.obuf[tty.olen++] = c;
}

/* One character through OPOST processing, keeping the column. */
static void put_char(u8 c)
{
	if (!O(OPOST)) {
		put_raw(c);
		return;
	}
	switch (c) {
	case '\n':
		if (O(ONLCR)) {
			put_raw('\r');
			tty.column = 0;
		}
		if (O(ONLRET))
			tty.column = 0;
		break;
	case '\r':
		if (O(ONOCR) && tty.column == 0)
			return;
		if (O(OCRNL)) {
			c = '\n';
			if (O(ONLRET))
				tty.column = 0;
			break;
		}
		tty.column = 0;
		break;
	case '\t':
		tty.column = (tty.column | 7) + 1;
		break;
	case '\b':
		if (tty.column)
			tty.column--;
		break;
	default:
		/* UTF-8 continuation bytes take no column of their own. */
		if (!is_cntrl(c) && (!I(IUTF8) || (c & 0xc0) != 0x80))
			tty.column++;
	}
	put_raw(c);
}

static void put_str(const char *s)
{
	while (*s)
		put_char(*s++);
}

/* Echoes an input character: control characters as ^X under ECHOCTL. */
static void echo_char(u8 c)
{
	if (!L(ECHO))
		return;
	if (L(ECHOCTL) && is_cntrl(c) && c != '\t' && c != '\n') {
		put_char('^');
		put_char(c ^ 0x40);
	} else {
		put_char(c);
	}
}

static u32 used(void)
{
	return tty.head - tty.tail;
}

static u16 slot(u32 i)
{
	return tty.buf[i % TTY_BUF];
}

static void store(u16 v)
{
	tty.buf[tty.head++ % TTY_BUF] = v;
}

/* The width the echo of the edited line takes up to index end. */
static u32 line_column(u32 end)
{
	u32 col = tty.canon_column;

	for (u32 i = tty.canon; i != end; i++) {
		u8 c = slot(i);

		if (c == '\t')
			col = (col | 7) + 1;
		else if (is_cntrl(c))
			col += L(ECHOCTL) ? 2 : 0;
		else if (!I(IUTF8) || (c & 0xc0) != 0x80)
			col++;
	}
	return col;
}

/* Takes the last character of the edited line back off the screen. */
static void rub_out(u8 c)
{
	u32 col;

	if (c == '\t') {
		col = line_column(tty.head);
		while (tty.column > col)
			put_char('\b');
	} else if (is_cntrl(c)) {
		if (L(ECHOCTL))
			put_str("\b \b\b \b");
	} else if (!I(IUTF8) || (c & 0xc0) != 0x80) {
		put_str("\b \b");
	}
}

enum erase_kind { ERASE_CHAR, ERASE_WORD, ERASE_LINE };

/* VERASE, VWERASE and VKILL on the line being edited. */
static void erase(enum erase_kind kind, u8 key)
{
	bool seen_word = false;
	u8 c;

	if (tty.head == tty.canon)
		return;
	if (kind == ERASE_LINE && (!L(ECHO) || !L(ECHOK) || !L(ECHOKE) ||
				   !L(ECHOE))) {
		tty.head = tty.canon;
		echo_char(key);
		if (L(ECHO) && L(ECHOK))
			put_char('\n');
		return;
	}
	if (kind == ERASE_CHAR && L(ECHO) && !L(ECHOE)) {
		/* Without ECHOE the erase character itself is echoed. */
		echo_char(key);
	}
	while (tty.head != tty.canon) {
		c = slot(tty.head - 1);
		if (kind == ERASE_WORD) {
			bool alnum = c == '_' || (c >= '0' && c <= '9') ||
				     ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');

			if (alnum)
				seen_word = true;
			else if (seen_word)
				break;
		}
		tty.head--;
		if (L(ECHO) && (L(ECHOE) || kind != ERASE_CHAR))
			rub_out(c);
		/* A UTF-8 character goes as a whole, lead byte last. */
		if (kind == ERASE_CHAR &&
		    (!I(IUTF8) || (c & 0xc0) != 0x80 || tty.head == tty.canon))
			break;
	}
}

/* Makes everything up to head readable, as a line end does. */
static void commit(void)
{
	tty.canon = tty.head;
	tty.canon_column = tty.column;
}

static void flush_input(void)
{
	tty.head = tty.canon = tty.tail;
	tty.lnext = false;
}

/* The interrupt-side line discipline; returns true if readers may go on. */
static bool receive(u8 c)
{
	bool canon = L(ICANON);

	if (I(ISTRIP))
		c &= 0x7f;
	if (tty.lnext) {
		tty.lnext = false;
		goto normal;
	}
	if (c == '\r') {
		if (I(IGNCR))
			return false;
		if (I(ICRNL))
			c = '\n';
	} else if (c == '\n' && I(INLCR)) {
		c = '\r';
	}
	if (I(IXON)) {
		if (is_cc(c, VSTOP)) {
			tty.stopped = true;
			return false;
		}
		if (is_cc(c, VSTART)) {
			tty.stopped = false;
			wake_up_all(&tty.write_wq);
			return false;
		}
	}
	if (L(ISIG)) {
		static const struct {
			int cc, sig;
		} sigchars[] = {
			{ VINTR, SIGINT }, { VQUIT, SIGQUIT }, { VSUSP, SIGTSTP },
		};

		for (size_t i = 0; i < ARRAY_SIZE(sigchars); i++) {
			if (!is_cc(c, sigchars[i].cc))
				continue;
			if (!L(NOFLSH))
				flush_input();
			echo_char(c);
			tty.signal = sigchars[i].sig;
			return false;
		}
	}
	if (canon) {
		if (is_cc(c, VERASE) || (L(IEXTEN) && is_cc(c, VWERASE)) ||
		    is_cc(c, VKILL)) {
			erase(is_cc(c, VKILL)    ? ERASE_LINE
			      : is_cc(c, VERASE) ? ERASE_CHAR
						 : ERASE_WORD, c);
			return false;
		}
		if (L(IEXTEN) && is_cc(c, VLNEXT)) {
			tty.lnext = true;
			if (L(ECHO) && L(ECHOCTL)) {
				put_char('^');
				put_char('\b');
			}
			return false;
		}
		if (is_cc(c, VEOF)) {
			if (used() >= TTY_BUF)
				return false;
			store(TTY_EOF);
			commit();
			return true;
		}
		if (c == '\n' || is_cc(c, VEOL) || is_cc(c, VEOL2)) {
			if (used() >= TTY_BUF)
				return false;
			if (L(ECHO) || (c == '\n' && L(ECHONL)))
				echo_char(c);
			store(TTY_EOL | c);
			commit();
			return true;
		}
	}
normal:
	/* In canonical mode the last slot is kept for the line's end. */
	if (used() >= TTY_BUF - (canon ? 1 : 0))
		return false;
	if (canon && tty.head == tty.canon)
		tty.canon_column = tty.column;
	echo_char(c);
	store(c);
	if (!canon)
		tty.canon = tty.head;
	return !canon;
}

/* Called by the UART interrupt handler with interrupts off. */
void tty_receive_char(char ch)
{
	bool wake = false;
	int sig = 0;

	spin_lock(&tty.lock);
	if (tty.ready) {
		wake = receive((u8)ch);
		flush_output();
		sig = tty.signal;
		tty.signal = 0;
	}
	spin_unlock(&tty.lock);
	if (wake)
		wake_up_all(&tty.read_wq);
	if (sig)
		tty_signal(sig);
}

static bool input_ready(void)
{
	bool r;

	spin_lock(&tty.lock);
	r = tty.canon != tty.tail;
	spin_unlock(&tty.lock);
	return r;
}

/*
 * Sleeps until there is input, the deadline (0: none) passes or a signal
 * comes: 0, -ETIMEDOUT or -ERESTARTSYS.
 */
static long wait_input(u64 deadline)
{
	struct wait_entry w;
	long r = 0;

	prepare_to_wait(&tty.read_wq, &w, TASK_INTERRUPTIBLE);
	if (!input_ready()) {
		if (signal_pending())
			r = -ERESTARTSYS;
		else if (deadline)
			r = schedule_until(deadline);
		else
			schedule();
	}
	finish_wait(&tty.read_wq, &w);
	return r;
}

/*
 * Moves up to n readable bytes into kbuf. In canonical mode it stops after
 * a line end, and an end-of-file mark is consumed without being copied;
 * *line_done says either happened. Raw mode skips marks left over from
 * canonical mode.
 */
static size_t take_input(char *kbuf, size_t n, bool *line_done)
{
	size_t k = 0;
	u16 v;

	spin_lock(&tty.lock);
	while (k < n && tty.tail != tty.canon) {
		v = slot(tty.tail++);
		if (v & TTY_EOF) {
			if (L(ICANON)) {
				*line_done = true;
				break;
			}
			continue;
		}
		kbuf[k++] = (char)v;
		if ((v & TTY_EOL) && L(ICANON)) {
			*line_done = true;
			break;
		}
	}
	spin_unlock(&tty.lock);
	return k;
}

static u64 deciseconds_from_now(u8 ds)
{
	return timer_now() + ns_to_ticks((u64)ds * 100000000);
}

/*
 * Canonical mode returns one line at most, raw mode follows VMIN and
 * VTIME: it returns once VMIN bytes arrived (VTIME then times the gap
 * between bytes), or after VTIME with whatever came when VMIN is 0.
 * Bytes are taken off the ring before being copied out, so a bad buffer
 * loses them, as with Linux's copy through a kernel buffer.
 */
static ssize_t console_read(struct file *f, char *ubuf, size_t n, off_t *pos)
{
	char kbuf[128];
	size_t done = 0, k, want;
	bool canon, line_done = false;
	u8 vmin, vtime;
	u64 deadline = 0;
	long err;

	/* A background process group may not read its terminal. */
	err = tty_check_access(&console_ctl, SIGTTIN);
	if (err)
		return err;
	spin_lock(&tty.lock);
	canon = L(ICANON);
	vmin = tty.termios.c_cc[VMIN];
	vtime = tty.termios.c_cc[VTIME];
	spin_unlock(&tty.lock);
	want = canon ? 1 : MIN((size_t)vmin, n);
	if (!canon && vtime && !vmin)
		deadline = deciseconds_from_now(vtime);
	for (;;) {
		k = take_input(kbuf, MIN(sizeof(kbuf), n - done), &line_done);
		if (k && copy_to_user(ubuf + done, kbuf, k))
			return done ? (ssize_t)done : -EFAULT;
		done += k;
		if (done == n || line_done)
			break;
		if (k && (canon || done < want))
			continue; /* more may be there already */
		if (done && (canon || done >= want))
			break;
		if (!canon && !vmin && !vtime)
			break;
		if (f->flags & O_NONBLOCK) {
			if (!done)
				return -EAGAIN;
			break;
		}
		if (!canon && vtime && vmin && done)
			deadline = deciseconds_from_now(vtime);
		err = wait_input(deadline);
		if (err == -ETIMEDOUT)
			break;
		if (err)
			return done ? (ssize_t)done : err;
	}
	return done;
}

/* Waits for output to be started again after ^S; 0 or -errno. */
static long wait_started(struct file *f)
{
	bool stopped;

	spin_lock(&tty.lock);
	stopped = tty.stopped;
	spin_unlock(&tty.lock);
	if (!stopped)
		return 0;
	if (f->flags & O_NONBLOCK)
		return -EAGAIN;
	return wait_event_interruptible(tty.write_wq, !READ_ONCE(tty.stopped));
}

static ssize_t console_write(struct file *f, const char *ubuf, size_t n,
			     off_t *pos)
{
	char kbuf[256];
	size_t done = 0, chunk;
	long err = 0;

	while (done < n) {
		chunk = MIN(sizeof(kbuf), user_chunk(ubuf + done, n - done));
		err = copy_from_user(kbuf, ubuf + done, chunk);
		if (!err)
			err = wait_started(f);
		if (err)
			break;
		spin_lock(&tty.lock);
		for (size_t i = 0; i < chunk; i++)
			put_char(kbuf[i]);
		flush_output();
		spin_unlock(&tty.lock);
		done += chunk;
	}
	return done ? (ssize_t)done : err;
}

/* Counts the readable bytes, end-of-file marks left out. */
static long tty_inq(void)
{
	long n = 0;

	for (u32 i = tty.tail; i != tty.canon; i++)
		n += !(slot(i) & TTY_EOF);
	return n;
}

static void set_termios(const struct linux_termios *t, bool flush)
{
	bool was_canon = L(ICANON);

	tty.termios = *t;
	if (flush)
		flush_input();
	/* As n_tty: pending input becomes the edited line, or readable. */
	if (L(ICANON) && !was_canon)
		tty.canon = tty.tail;
	else if (!L(ICANON))
		tty.canon = tty.head;
	tty.lnext = false;
	if (!I(IXON) && tty.stopped) {
		tty.stopped = false;
		wake_up_all(&tty.write_wq);
	}
}

static long ioc_tcgets(unsigned long arg)
{
	struct linux_termios t;

	spin_lock(&tty.lock);
	t = tty.termios;
	spin_unlock(&tty.lock);
	return copy_to_user((void *)arg, &t, sizeof(t));
}

static long ioc_tcsets(unsigned long arg, bool flush)
{
	struct linux_termios t;

	if (copy_from_user(&t, (void *)arg, sizeof(t)))
		return -EFAULT;
	spin_lock(&tty.lock);
	set_termios(&t, flush);
	spin_unlock(&tty.lock);
	/* Raw mode may have made the edited line readable. */
	wake_up_all(&tty.read_wq);
	return 0;
}

static long ioc_gwinsz(unsigned long arg)
{
	struct linux_winsize w;

	spin_lock(&tty.lock);
	w = tty.winsize;
	spin_unlock(&tty.lock);
	return copy_to_user((void *)arg, &w, sizeof(w));
}

/* TODO: SIGWINCH to the foreground group when the size changes. */
static long ioc_swinsz(unsigned long arg)
{
	struct linux_winsize w;

	if (copy_from_user(&w, (void *)arg, sizeof(w)))
		return -EFAULT;
	spin_lock(&tty.lock);
	tty.winsize = w;
	spin_unlock(&tty.lock);
	return 0;
}

static long ioc_inq(unsigned long arg)
{
	int n;

	spin_lock(&tty.lock);
	n = tty_inq();
	spin_unlock(&tty.lock);
	return copy_to_user((void *)arg, &n, sizeof(n));
}

/* Output is synchronous: nothing is ever queued to flush or count. */
static long ioc_outq(unsigned long arg)
{
	int n = 0;

	return copy_to_user((void *)arg, &n, sizeof(n));
}

static long ioc_flush(unsigned long arg)
{
	if (arg > TCIOFLUSH)
		return -EINVAL;
	if (arg != TCOFLUSH) {
		spin_lock(&tty.lock);
		flush_input();
		spin_unlock(&tty.lock);
	}
	return 0;
}

/* TCXONC: TCOOFF and TCOON stop and start output; TCIOFF/TCION send. */
static long ioc_xonc(unsigned long arg)
{
	static const int start_stop[] = { VSTOP, VSTART };
	char c;

	if (arg > 3)
		return -EINVAL;
	spin_lock(&tty.lock);
	if (arg < 2) {
		tty.stopped = arg == 0;
	} else {
		c = tty.termios.c_cc[start_stop[arg - 2]];
		if (c)
			uart_write(&c, 1);
	}
	spin_unlock(&tty.lock);
	wake_up_all(&tty.write_wq);
	return 0;
}

/* tcdrain() and tcsendbreak(): output has always drained already. */
static long ioc_drain(unsigned long arg)
{
	return 0;
}

static long ioc_tcsets_now(unsigned long arg)
{
	return ioc_tcsets(arg, false);
}

static long ioc_tcsets_flush(unsigned long arg)
{
	return ioc_tcsets(arg, true);
}

/* Job control lives in kernel/jobctl.c; the console is one terminal. */
static long ioc_gpgrp(unsigned long arg)
{
	return tty_ioctl_gpgrp(&console_ctl, arg);
}

static long ioc_spgrp(unsigned long arg)
{
	return tty_ioctl_spgrp(&console_ctl, arg);
}

static long ioc_sctty(unsigned long arg)
{
	return tty_ioctl_sctty(&console_ctl, arg);
}

static long ioc_notty(unsigned long arg)
{
	return tty_ioctl_notty(&console_ctl, arg);
}

static long ioc_gsid(unsigned long arg)
{
	return tty_ioctl_gsid(&console_ctl, arg);
}

static const struct {
	unsigned int cmd;
	long (*fn)(unsigned long arg);
} console_ioctls[] = {
	{ TCGETS, ioc_tcgets },
	{ TCSETS, ioc_tcsets_now },
	{ TCSETSW, ioc_tcsets_now },
	{ TCSETSF, ioc_tcsets_flush },
	{ TIOCGWINSZ, ioc_gwinsz },
	{ TIOCSWINSZ, ioc_swinsz },
	{ FIONREAD, ioc_inq },
	{ TIOCOUTQ, ioc_outq },
	{ TCFLSH, ioc_flush },
	{ TCXONC, ioc_xonc },
	{ TCSBRK, ioc_drain },
	{ TIOCGPGRP, ioc_gpgrp },
	{ TIOCSPGRP, ioc_spgrp },
	{ TIOCSCTTY, ioc_sctty },
	{ TIOCNOTTY, ioc_notty },
	{ TIOCGSID, ioc_gsid },
};

static long console_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	for (size_t i = 0; i < ARRAY_SIZE(console_ioctls); i++)
		if (console_ioctls[i].cmd == cmd)
			return console_ioctls[i].fn(arg);
	return -ENOTTY;
}

/*
 * As n_tty_poll: readable when a read would not wait (a line, or VMIN
 * bytes in raw mode without VTIME), writable always, since output goes
 * straight to the UART.
 */
static u32 console_poll(struct file *f, struct poll_table *pt)
{
	u32 mask = POLLOUT | POLLWRNORM, need = 1;

	poll_wait(f, &tty.read_wq, pt);
	poll_wait(f, &tty.write_wq, pt);
	spin_lock(&tty.lock);
	if (!L(ICANON) && !tty.termios.c_cc[VTIME] && tty.termios.c_cc[VMIN])
		need = tty.termios.c_cc[VMIN];
	if (tty.canon - tty.tail >= need)
		mask |= POLLIN | POLLRDNORM;
	spin_unlock(&tty.lock);
	return mask;
}

/* No llseek: a tty seek is ESPIPE, as Linux's no_llseek. */
const struct file_ops console_fops = {
	.read = console_read,
	.write = console_write,
	.ioctl = console_ioctl,
	.poll = console_poll,
};
