// Synchronous database helpers.
#include "db.h"
#include "pq.h"

void log_line(); // defined in handler.cpp

static PGconn *connection;

int run_query(const char *sql) {
  PGresult *r = PQexec(connection, sql);
  PQclear(r);
  return 0;
}

int cached_query(const char *sql) {
  static int hits = 0;
  if (sql)
    return run_query(sql);
  return ++hits;
}

int harmless(int x) { return x + 1; }

int audit() {
  log_line();
  return 0;
}

void pool::flush() { run_query("COMMIT"); }
int pool::size() const { return 4; }
