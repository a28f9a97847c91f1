#include <libpq-fe.h>

/* The PG_DIAG_* field codes are character macros Swift cannot import: one typed front per field we read. */
static inline const char *cpostgres_sqlstate(const PGresult *r) { return PQresultErrorField(r, PG_DIAG_SQLSTATE); }
static inline const char *cpostgres_primary_message(const PGresult *r) {
    return PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
}
static inline const char *cpostgres_constraint(const PGresult *r) {
    return PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
}
