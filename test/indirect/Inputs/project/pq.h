// A stand-in for <libpq-fe.h>: the two calls the project uses.
#pragma once
extern "C" {
struct pg_conn;
struct pg_result;
typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
PGresult *PQexec(PGconn *conn, const char *query);
void PQclear(PGresult *res);
}
