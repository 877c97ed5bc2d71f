# ls: names, sorting, -a, -l fields (mode, links, owner, size), -d, -R,
# -1, -i agrees with stat, symlinks, /dev nodes.  Time stamps are left out.
mkdir -p d/sub
echo hello >d/b
: >d/a
printf 'xxxxxxxxxx' >d/sub/c
ln -s b d/link
chmod 600 d/a
ls d
ls -a d
ls -1 d | head -n 2
# A folder's size is the file system's business: left out.
ls -l d | awk 'NR > 1 { print $1, $2, $3, $4, ($1 ~ /^d/ ? "-" : $5), $NF }'
ls -ld d/sub | awk '{ print $1, $3, $4 }'
ls -R d
ls -l d/link | awk '{ print $(NF - 2), $(NF - 1), $NF }'
[ "$(ls -i d/b | awk '{ print $1 }')" = "$(stat -c %i d/b)" ] && echo "inode agrees"
ls -l /dev/null /dev/zero | awk '{ print substr($1, 1, 1), $5, $6, $NF }'
ls /nonexistent; echo "status $?"
ls -S d/a d/b d/sub/c | head -n 1
