// The database layer: synchronous calls.
#pragma once

int run_query(const char *sql);
int cached_query(const char *sql);
int harmless(int x);
int audit();

struct pool {
  void flush();
  int size() const;
};
