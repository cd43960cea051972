package io.guestlink.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter of the writes that can change who is in house by which name: stays written or deleted, names added to a
 * guest who may have stays, merges and unmerges, erasures. {@link TicketNames} keeps the guests in house per property
 * and day while it does not move, instead of reading and normalising every in-house guest again for each batch of
 * tickets (about 1,600 names a property and day in a large hotel; a night's POS file is hundreds of batches).
 *
 * <p>A write site calls {@link #changing()} inside its transaction; the transaction's end ({@link Tx} and the batch
 * writer, commit or rollback) calls {@link #settled()}, which moves the counter again when the thread changed anything.
 * So a reader that read the guests while the change was not committed yet sees the counter moved after the commit.
 * One counter for every store in the JVM: a write to another store only costs a read.
 */
final class InHouseChanges {
    private static final AtomicLong COUNT = new AtomicLong();
    private static final ThreadLocal<Boolean> CHANGING = ThreadLocal.withInitial(() -> false);

    private InHouseChanges() {
    }

    /** The current count: a view read at this count is current while the count is the same. */
    static long current() {
        return COUNT.get();
    }

    /** Inside a transaction that writes stays, names of existing guests, merges or erasures. */
    static void changing() {
        COUNT.incrementAndGet();
        CHANGING.set(true);
    }

    /** At the end of the calling thread's transaction, committed or rolled back. */
    static void settled() {
        if (CHANGING.get()) {
            CHANGING.set(false);
            COUNT.incrementAndGet();
        }
    }
}
