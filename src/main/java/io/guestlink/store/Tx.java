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
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                T out = work.run(c);
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(what + " failed", e);
        }
    }
}
