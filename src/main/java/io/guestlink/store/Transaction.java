package io.guestlink.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One open transaction of the store, handed to pipeline code that strings several store calls into one unit of work
 * ({@link Database#inTransaction}): a batch's rows, journal and resume mark; a queue claim and what it applied. The
 * connection never leaves the store: store classes take a Transaction and run their SQL on it through {@link #sql}.
 * {@link Database#withoutTransaction} hands out the same type over an auto-commit connection, for reads.
 */
public final class Transaction {
    private final Connection connection;
    private final RawText rawText;

    Transaction(Connection connection, RawText rawText) {
        this.connection = connection;
        this.rawText = rawText;
    }

    /** The store's sealing of raw texts, for the store classes that write or read them. */
    RawText rawText() {
        return rawText;
    }

    /** SQL work on this transaction's connection. */
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs store SQL in this transaction; an SQLException becomes a StoreException naming what failed (the whole unit
     * of work is then rolled back by {@link Database#inTransaction}).
     */
    <T> T sql(String what, SqlWork<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException(what + " failed", e);
        }
    }

    Connection connection() {
        return connection;
    }
}
