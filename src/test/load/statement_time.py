"""MariaDB's own account of the statements of one measured run (performance_schema's digests), for the load scripts'
STATEMENTS=1: per email (or per event), how many statements and how much of the server's time they took, by owner
(Camunda's tables, Relance's, COMMIT, SET autocommit), and the costliest statements.

    python3 statement_time.py DIGESTS UNITS UNIT_NAME

DIGESTS: the tab-separated rows (digest_text, count_star, sum_timer_wait in picoseconds) of
performance_schema.events_statements_summary_by_digest for the run's database, read after the run; UNITS: the emails
(or events) of the run. Time is the statements' time in the server (waits included, the COMMIT's for the log's
flush), not CPU. Statements sent as JDBC bulk batches (MariaDB's COM_STMT_BULK_EXECUTE: some of Camunda's inserts)
are not in the digests: the counts are a floor.
"""
import sys


def owner(text):
    upper = text.upper()
    if upper.startswith('COMMIT'):
        return 'COMMIT'
    if upper.startswith('SET `AUTOCOMMIT`') or upper.startswith('SET AUTOCOMMIT'):
        return 'SET autocommit'
    if '`ACT_' in upper or ' ACT_' in upper:
        return 'Camunda'
    return 'Relance and other'


def main(path, units, unit):
    rows = []
    for line in open(path, encoding='utf-8'):
        text, count, picos = line.rstrip('\n').rsplit('\t', 2)
        rows.append((text, int(count), int(picos)))
    units = max(1, int(units))
    groups = {}
    for text, count, picos in rows:
        n, t = groups.get(owner(text), (0, 0))
        groups[owner(text)] = (n + count, t + picos)
    total_n = sum(n for n, _ in groups.values())
    total_t = sum(t for _, t in groups.values())
    print(f'MariaDB statements per {unit} (performance_schema, {units} {unit}s): {total_n / units:.1f},'
          f' {total_t / 1e9 / units:.2f} ms of statement time = '
          + ', '.join(f'{k} {n / units:.1f} ({t / 1e9 / units:.2f} ms)'
                      for k, (n, t) in sorted(groups.items(), key=lambda kv: -kv[1][1])))
    for text, count, picos in sorted(rows, key=lambda r: -r[2])[:6]:
        print(f'  {count / units:5.2f} x {picos / 1e6 / max(1, count):6.0f} us  {" ".join(text.split())[:90]}')


if __name__ == '__main__':
    main(*sys.argv[1:4])
