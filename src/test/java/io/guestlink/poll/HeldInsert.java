package io.guestlink.poll;

import org.h2.api.Trigger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An H2 trigger on the store's {@code source_record} that lets the first {@link #ALLOWED} legacy rows through and holds
 * the next insert until the test lets it go, then fails it, so that its batch rolls back. The test stops the
 * application while the load is held: the stop then falls in the middle of the initial load on any machine, fast or
 * slow, with exactly the batches before the held one committed.
 */
public final class HeldInsert implements Trigger {
    static final long ALLOWED = 2_000;
    private static final AtomicLong SEEN = new AtomicLong();
    private static volatile CountDownLatch held = new CountDownLatch(1);
    private static volatile CountDownLatch release = new CountDownLatch(1);

    /** Arms the trigger for one test (it is created in that test's own store). */
    static void arm() {
        SEEN.set(0);
        held = new CountDownLatch(1);
        release = new CountDownLatch(1);
    }

    static boolean awaitHeld(long seconds) throws InterruptedException {
        return held.await(seconds, TimeUnit.SECONDS);
    }

    static void release() {
        release.countDown();
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        if (SEEN.incrementAndGet() <= ALLOWED) return;
        held.countDown();
        try {
            // bounded, so that a test that fails before it releases does not leave a thread behind for ever
            release.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new SQLException("insert held by the test, then refused: its batch rolls back");
    }
}
