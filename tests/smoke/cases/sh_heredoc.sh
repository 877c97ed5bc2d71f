# Here-documents: expansion, quoted delimiters, <<- tab stripping,
# here-documents into loops and functions, large ones.
name=world
cat <<EOT
hello $name
sum $((2 + 3))
$(echo substituted)
EOT
cat <<'EOT'
literal $name $(not run)
EOT
cat <<-EOT
	tabs stripped
		nested tab stripped too
	EOT
while read a b; do echo "$b-$a"; done <<EOT
1 one
2 two
EOT
f() { cat; }
f <<EOT
into a function
EOT
i=0
{
while [ $i -lt 2000 ]; do echo "line $i"; i=$((i + 1)); done
} >big.txt
n=$(cat <<EOT | wc -l
$(cat big.txt)
EOT
)
echo "big here-document: $n lines"
cat <<EOT >out.txt
written to a file
EOT
cat out.txt
