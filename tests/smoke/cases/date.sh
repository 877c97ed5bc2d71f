# date: formats of fixed times (-d @N, -u), parsing, the clock moving on,
# the wall clock after 2020, TZ rules, -r on a file.
date -u -d @0
date -u -d @1700000000 '+%Y-%m-%d %H:%M:%S %j %a %b %s'
date -u -d '2024-02-29 12:34:56' '+%s %A'
TZ=UTC0 date -d @86399 +%T
TZ=EST5EDT,M3.2.0,M11.1.0 date -d @1700000000 '+%H:%M %Z'
now=$(date +%s)
[ "$now" -gt 1577836800 ] && echo "clock after 2020"
sleep 1.1
[ "$(date +%s)" -gt "$now" ] && echo "clock moves"
date -u +%Y-%m-%dT%H:%M:%S | grep -qE '^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]$' && echo "iso format"
date -d 'bad date' 2>&1; echo "status $?"
