# md5sum, sha1sum, sha256sum, sha512sum of known inputs;
# -c checking.
printf '' >empty
printf 'abc' >abc
md5sum empty abc
sha1sum abc
sha256sum empty abc
sha512sum abc | cut -c1-32
seq 1 1000 >n; md5sum n
md5sum abc >sums; md5sum -c sums
echo tampered >abc; md5sum -c sums 2>&1; echo "status $?"
