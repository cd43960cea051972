package io.guestlink.store;

import java.sql.Connection;
import java.sql.SQLException;

/** One unit of work in one transaction: committed when it returns, rolled back when it throws. */
final class Tx {
    private Tx() {
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** @param what what failed, for the error ("identity change", "guest memory update"...) */
    static <T> T run(Database db, String what, Work<T> work) {
        return run(db, what, false, work);
    }

    /**
     * Like {@link #run}, but every statement sees the database as of the transaction's first one (PostgreSQL
     * REPEATABLE READ, H2 SNAPSHOT), so rows read by different statements are consistent with each other; a row
     * changed by another transaction since then fails the write and the whole unit (the caller tries again later).
     */
    static <T> T snapshot(Database db, String what, Work<T> work) {
        return run(db, what, true, work);
    }

    /** H2's own level: its REPEATABLE READ still sees rows other transactions commit into tables not read yet. */
    private static final int H2_SNAPSHOT = 6;

    private static <T> T run(Database db, String what, boolean snapshot, Work<T> work) {
        try (Connection c = db.connection()) {
            // read only when it is changed: on PostgreSQL each read is a round trip (SHOW TRANSACTION ISOLATION LEVEL)
            int level = snapshot ? c.getTransactionIsolation() : Connection.TRANSACTION_NONE;
            if (snapshot) c.setTransactionIsolation(db.isPostgres() ? Connection.TRANSACTION_REPEATABLE_READ : H2_SNAPSHOT);
            try {
                return inTransaction(c, work);
            } finally {
                if (snapshot) c.setTransactionIsolation(level);
            }
        } catch (SQLException e) {
            throw new StoreException(what + " failed", e);
        }
    }

    private static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T out = work.run(c);
            c.commit();
            return out;
        } catch (SQLException | RuntimeException e) {
            // a connection the failure broke cannot roll back either: the failure itself is the news (is it transient?)
            try {
                c.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            InHouseChanges.settled();
        }
    }
}
