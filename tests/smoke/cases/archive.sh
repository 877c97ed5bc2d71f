# tar, gzip/gunzip/zcat, bzip2, xz round trips; listings; checksums of
# the decompressed data.
mkdir -p src/sub
seq 1 5000 >src/numbers
printf 'hello\n' >src/sub/hello
ln -s numbers src/link
tar cf a.tar src
tar tf a.tar | sort
mkdir out; tar xf a.tar -C out
cmp src/numbers out/src/numbers && echo "tar round trip"
[ "$(readlink out/src/link)" = numbers ] && echo "symlink kept"
tar czf a.tgz src; tar tzf a.tgz | wc -l
mkdir out2; (cd out2 && tar xzf ../a.tgz); cmp src/sub/hello out2/src/sub/hello && echo "tgz round trip"
tar tvf a.tar src/sub/hello | awk '{ print $1, $2, $3 }'
cp src/numbers g
gzip g; [ -f g.gz ] && [ ! -f g ] && echo "gzip replaced the file"
gzip -t g.gz && echo "gzip -t ok"
zcat g.gz | md5sum
gunzip g.gz; md5sum g
gzip -c g | gunzip -c | cmp - g && echo "gzip pipe round trip"
echo hello | gzip -9 | gzip -d
bzip2 -c g | bzip2 -dc | cmp - g && echo "bzip2 round trip"
echo notgzip >bad.gz; gunzip bad.gz 2>&1; echo "status $?"
