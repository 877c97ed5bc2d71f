# stat: formats for type, size, mode, links, owner, inode identity,
# symlinks with and without -L; touch -d sets the time exactly.
printf '12345' >f
mkdir d
ln -s f l
stat -c '%n %s %F %a %A %h %u %g %U %G' f
stat -c '%n %F %a' d
stat -c '%n %F %N' l
stat -L -c '%n %F %s' l
[ "$(stat -c %i f)" = "$(stat -L -c %i l)" ] && echo "same inode through the link"
touch -d '2001-02-03 04:05:06' f
stat -c '%Y' f
TZ=UTC0 date -r f '+%F %T'
touch -r f d; stat -c %Y d
stat -c '%F' /dev/null /proc /
stat -f -c '%T' / >/dev/null && echo "stat -f works"
stat nonexistent 2>&1; echo "status $?"
