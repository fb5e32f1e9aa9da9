# MariaDB's buffer pool for the load scripts (sourced by intake-load.sh and welcome-load.sh). With the server's default
# pool (128 MB) the databases of a run outgrow it within minutes and MariaDB reads pages from the disk: the figures
# then measure the disk as much as the application (README "Databases"). buffer_pool_check NAME says the pool's size at
# the start, and warns below 1 GiB; buffer_pool_reads prints the pages MariaDB has read from the disk so far,
# buffer_pool_report READS_AT_START those read since, with the pool's size. Sourced after the script has set SQL, its
# MariaDB client.
buffer_pool_size() { $SQL -e 'SELECT @@innodb_buffer_pool_size'; }
buffer_pool_check() {
  local size; size=$(buffer_pool_size)
  echo "MariaDB buffer pool: $((size / 1048576)) MiB"
  [ "$size" -ge 1073741824 ] || echo "$1: the buffer pool is under 1 GiB: the runs will read pages from the disk as \
their databases grow; raise it first, e.g. SET GLOBAL innodb_buffer_pool_size = 1073741824 (online)"
}
buffer_pool_reads() {
  $SQL -e "SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_reads'" | cut -f2
}
buffer_pool_report() {
  local size; size=$(buffer_pool_size)
  echo "MariaDB read $(( $(buffer_pool_reads) - $1 )) pages from the disk during the run (buffer pool $((size / 1048576)) MiB)"
}
